// Rows and shared parameters of the three further Allen searches (allen-api.md §1.3a, §1.3c):
// Target Search (the injection-structure service with target_domain: `sum`, `num-voxels`),
// Spatial Search (service::mouse_connectivity_target_spatial: `path`, and the density at the
// seed when the service reports one) and Injection Coordinate Search
// (service::mouse_connectivity_injection_coordinate: `distance`). Keys are hyphenated like the
// source search's rows, which they extend.
import { z } from 'zod';
import { numeric } from './envelope.ts';
import { serviceRowSchema } from './experiment-rows.ts';
import type { MouseLineFilter } from './types.ts';

/** Target Search rows: `sum` = projection signal volume in the target domain (mm³). */
export const targetRowSchema = serviceRowSchema.extend({
  sum: numeric,
  'num-voxels': numeric.nullable().optional(),
});
export type TargetRow = z.infer<typeof targetRowSchema>;

const coordSchema = z.tuple([numeric, numeric, numeric]);

/** Spatial Search rows: `path` from the seed towards the injection; `density` when reported. */
export const spatialRowSchema = serviceRowSchema.extend({
  path: z
    .array(z.object({ coord: coordSchema }).loose())
    .nullable()
    .optional(),
  density: numeric.nullable().optional(),
});
export type SpatialRow = z.infer<typeof spatialRowSchema>;

/** Injection Coordinate Search rows: `distance` (µm) from the injection to the seed. */
export const coordinateRowSchema = serviceRowSchema.extend({
  distance: numeric.nullable().optional(),
});
export type CoordinateRow = z.infer<typeof coordinateRowSchema>;

/** A CCF point in µm: [AP (posterior +), DV (ventral +), ML (right +)]. */
export type CcfPointUm = readonly [number, number, number];

/** The service parameters every search shares: mouse line and products ([] = every product). */
export function lineAndProductParams(line: MouseLineFilter, productIds: readonly number[]): string {
  let c = '';
  if (line.kind === 'wild-type') c += '[transgenic_lines$eq0]';
  if (line.kind === 'line') c += `[transgenic_lines$eq'${line.name}']`;
  if (productIds.length > 0) c += `[product_ids$eq${productIds.join(',')}]`;
  return c;
}

/** `[seed_point$eqx,y,z]` with whole µm, as Allen's examples write it. */
export function seedParam(seedUm: CcfPointUm): string {
  return `[seed_point$eq${seedUm.map((v) => Math.round(v)).join(',')}]`;
}

/** Euclidean distance in µm. */
export function distanceUm(a: CcfPointUm, b: CcfPointUm): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
