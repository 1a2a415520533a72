// Row schemas of the two experiment sources and their normalisation to `Experiment`.
// Service rows (service::mouse_connectivity_injection_structure) have hyphenated keys;
// ApiConnectivity rows have underscore keys. Only fields we use are validated.
import { z } from 'zod';
import { intId, numeric } from './envelope.ts';
import type { Ontology } from './ontology.ts';
import type { Experiment } from './types.ts';

export { filterLists, matchesProducts } from './experiment-filters.ts';

const optText = z.string().nullable().optional();

export const serviceRowSchema = z.object({
  id: intId,
  'product-id': intId.nullable().optional(),
  'structure-id': intId,
  'structure-abbrev': optText,
  'structure-name': optText,
  'injection-structures': z
    .array(z.object({ id: intId }))
    .nullable()
    .optional(),
  'injection-volume': numeric,
  'injection-coordinates': z.tuple([numeric, numeric, numeric]),
  'transgenic-line': optText,
  gender: optText,
  strain: optText,
  name: optText,
});
export type ServiceRow = z.infer<typeof serviceRowSchema>;

/** "985/993" → [985, 993]; rejects non-integer parts. */
const slashIds = z.string().transform((text, ctx) => {
  const parts = text.split('/').filter((p) => p.trim() !== '');
  const ids = parts.map((p) => Number(p.trim()));
  if (ids.some((n) => !Number.isInteger(n))) {
    ctx.addIssue({ code: 'custom', message: `bad injection_structures "${text}"` });
    return z.NEVER;
  }
  return ids;
});

export const apiConnectivityRowSchema = z.object({
  data_set_id: intId,
  product_id: intId.nullable().optional(),
  structure_id: intId,
  structure_abbrev: optText,
  structure_name: optText,
  injection_structures: slashIds.nullable().optional(),
  injection_volume: numeric,
  injection_x: numeric,
  injection_y: numeric,
  injection_z: numeric,
  transgenic_line: z.object({ name: z.string() }).nullable().optional(),
  gender: optText,
  strain: optText,
  specimen_name: optText,
});
export type ApiConnectivityRow = z.infer<typeof apiConnectivityRowSchema>;

function textOrNull(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function names(structureId: number, acronym: string | null | undefined, name: string | null | undefined, ontology?: Ontology) {
  const s = ontology?.byId(structureId);
  return {
    structureAcronym: textOrNull(acronym) ?? s?.acronym ?? '',
    structureName: textOrNull(name) ?? s?.name ?? '',
  };
}

function withPrimary(structureId: number, ids: readonly number[]): number[] {
  return ids.includes(structureId) ? [...ids] : [structureId, ...ids];
}

export function experimentFromServiceRow(row: ServiceRow, ontology?: Ontology): Experiment {
  const [x, y, z] = row['injection-coordinates'];
  return {
    id: row.id,
    structureId: row['structure-id'],
    ...names(row['structure-id'], row['structure-abbrev'], row['structure-name'], ontology),
    injectionStructureIds: withPrimary(
      row['structure-id'],
      (row['injection-structures'] ?? []).map((s) => s.id),
    ),
    transgenicLine: textOrNull(row['transgenic-line']),
    injectionVolumeMm3: row['injection-volume'],
    injectionCoordUm: [x, y, z],
    productId: row['product-id'] ?? null,
    gender: textOrNull(row.gender),
    strain: textOrNull(row.strain),
    specimenName: textOrNull(row.name),
  };
}

export function experimentFromApiConnectivityRow(row: ApiConnectivityRow, ontology?: Ontology): Experiment {
  return {
    id: row.data_set_id,
    structureId: row.structure_id,
    ...names(row.structure_id, row.structure_abbrev, row.structure_name, ontology),
    injectionStructureIds: withPrimary(row.structure_id, row.injection_structures ?? []),
    transgenicLine: textOrNull(row.transgenic_line?.name),
    injectionVolumeMm3: row.injection_volume,
    injectionCoordUm: [row.injection_x, row.injection_y, row.injection_z],
    productId: row.product_id ?? null,
    gender: textOrNull(row.gender),
    strain: textOrNull(row.strain),
    specimenName: textOrNull(row.specimen_name),
  };
}
