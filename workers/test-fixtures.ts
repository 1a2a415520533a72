// Test-only helpers (imported by workers/*.test.ts, never by the worker): tiny gzip NRRD files
// and hand-checkable aggregates on small grids.
import { gzipSync } from 'fflate';
import type { AggregateExperiment } from '../src/compute/aggregate';
import type { GridShape } from '../src/compute/grid';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';

export function nrrdBytes(values: Float32Array | Uint32Array, shape: GridShape): ArrayBuffer {
  const type = values instanceof Float32Array ? 'float' : 'unsigned int';
  const r = shape.resolutionUm;
  const head = new TextEncoder().encode(
    `NRRD0004\ntype: ${type}\ndimension: 3\nsizes: ${shape.nx} ${shape.ny} ${shape.nz}\nspacings: ${r} ${r} ${r}\nendian: little\nencoding: gzip\n\n`,
  );
  const gz = gzipSync(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const out = new Uint8Array(head.length + gz.length);
  out.set(head);
  out.set(gz, head.length);
  return out.buffer;
}

/** Labels with `id` at the given (ap, dv, ml) voxels, 0 elsewhere. */
export function labelVolume(shape: GridShape, voxels: readonly (readonly [number, number, number, number])[]): Uint32Array {
  const labels = new Uint32Array(shape.nx * shape.ny * shape.nz);
  for (const [ap, dv, ml, id] of voxels) labels[ap + shape.nx * (dv + shape.ny * ml)] = id;
  return labels;
}

export const experiment = (id: number, apUm: number): AggregateExperiment => ({
  id,
  structureId: 385,
  injectionCoordUm: [apUm, 2000, 3000],
  injectionVolumeMm3: 1,
});

/** Finished aggregate `key`, no normalisation or hemisphere subtraction: each group mean is exact. */
export function aggregateOf(api: ComputeWorkerApi, key: string, shape: GridShape, volumes: readonly Float32Array[], grouping: 'none' | 'AP' = 'none'): void {
  const exps = volumes.map((_, i) => experiment(i + 1, i * 1000 + 500));
  api.beginAggregate(key, {
    shape,
    experiments: exps,
    normalizationMethod: 'none',
    subtractOtherHemisphere: false,
    groupingMethod: grouping,
    groupingBins: grouping === 'AP' ? volumes.length : undefined,
  });
  volumes.forEach((v, i) => api.addToAggregate(key, i + 1, v.slice().buffer));
  api.finishAggregate(key);
}
