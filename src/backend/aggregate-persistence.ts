// Finished group means in IndexedDB, so reopening a link installs a few stored means in the worker
// instead of re-reading and re-averaging every experiment's grid. Two forms:
// - a whole aggregate (every group of one request) under its key's digest;
// - per-group means (region groups without subtraction) under a digest of (processing, the group's
//   experiment ids), so a new combination of sources averaged before reads one mean per source.
// A stored record carries the ids its mean used; it is installed only when those are exactly the
// ids the request plans now (a record of another experiment set is ignored, never trusted), and
// only complete means (no failed experiment) are ever stored.
// A mean is stored packed (compute/packed-grid.ts: its non-zero voxels, every bit kept), not as
// 4.8 MB of float32: a new combination of sources reads one mean per source before its first
// frame, so these bytes are on that path. Means stored raw (float32 records, before packing)
// are still read.
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { isPackedGrid, packGrid, packedGridShape, unpackGridInto } from '../compute/packed-grid.ts';
import type { AggregateGroup } from '../compute/aggregate-plan.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { VolumeCache } from './cache/index.ts';

const DENSITY_VOXELS = voxelCount(DENSITY_SHAPE);

/** A mean as stored: packed, with its record meta. */
function packedMean(mean: Float32Array): { payload: Uint8Array; meta: { dtype: 'uint8'; dims: [number, number, number] } } {
  const payload = packGrid(mean, DENSITY_SHAPE);
  return { payload, meta: { dtype: 'uint8', dims: [payload.byteLength, 1, 1] } };
}

/** The mean in a stored record (packed, or raw float32 as stored before), or null when it is neither or of another shape. */
function storedMean(record: { readonly meta: { readonly dtype: string }; readonly bytes: Uint8Array }): Float32Array | null {
  const { bytes } = record;
  if (record.meta.dtype === 'float32') return bytes.byteLength === 4 * DENSITY_VOXELS ? new Float32Array(bytes.slice().buffer) : null;
  if (record.meta.dtype !== 'uint8' || !isPackedGrid(bytes)) return null;
  try {
    const { shape } = packedGridShape(bytes);
    if (shape.nx !== DENSITY_SHAPE.nx || shape.ny !== DENSITY_SHAPE.ny || shape.nz !== DENSITY_SHAPE.nz) return null;
    const out = new Float32Array(DENSITY_VOXELS);
    unpackGridInto(bytes, out);
    return out;
  } catch {
    return null;
  }
}

/** [groups, n0, ids0…, n1, ids1…] as float64: exact for every experiment id. */
export function packUsedIds(used: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(1 + used.length + used.reduce((n, g) => n + g.length, 0));
  out[0] = used.length;
  let k = 1;
  for (const g of used) {
    out[k++] = g.length;
    for (const id of g) out[k++] = id;
  }
  return out;
}

export function unpackUsedIds(packed: Float64Array, groups: number): number[][] | null {
  if (packed[0] !== groups) return null;
  const out: number[][] = [];
  let k = 1;
  for (let g = 0; g < groups; g++) {
    const n = packed[k++];
    if (n === undefined || !Number.isInteger(n) || n < 0 || k + n > packed.length) return null;
    out.push(Array.from(packed.subarray(k, k + n)));
    k += n;
  }
  return k === packed.length ? out : null;
}

const sameIds = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  const s = [...a].sort((x, y) => x - y);
  const t = [...b].sort((x, y) => x - y);
  return s.every((v, i) => v === t[i]);
};

const idOf = (key: string): string => key.replace(/[^A-Za-z0-9._:+-]/g, '_');

export async function saveAggregate(cache: VolumeCache, compute: ComputeWorkerApi, key: string, used: readonly (readonly number[])[]): Promise<void> {
  const id = idOf(key);
  const entries = used.map((_, g) => ({
    key: cache.key('aggregate', `${id}-g${g}`, 100),
    ...packedMean(new Float32Array(compute.getGroupVolume(key, g).buffer)),
  }));
  const packed = packUsedIds(used);
  await cache.putMany([
    ...entries,
    { key: cache.key('aggregate', `${id}-used`, 100), payload: packed, meta: { dtype: 'float64' as const, dims: [packed.length, 1, 1] } },
  ]);
}

/**
 * Installs a stored whole aggregate in the worker when every group's stored ids are exactly the
 * planned ones; returns the used ids, or null (missing, invalid or another experiment set).
 */
export async function restoreAggregate(
  cache: VolumeCache,
  compute: ComputeWorkerApi,
  key: string,
  groups: readonly AggregateGroup[],
): Promise<number[][] | null> {
  const id = idOf(key);
  const keys = [...groups.map((_, g) => cache.key('aggregate', `${id}-g${g}`, 100)), cache.key('aggregate', `${id}-used`, 100)];
  const found = await cache.getMany(keys);
  const usedRecord = found[groups.length];
  if (!usedRecord || found.some((f) => f === null)) return null;
  const used = unpackUsedIds(new Float64Array(usedRecord.bytes.slice().buffer), groups.length);
  if (!used || groups.some((g, i) => !sameIds(g.experimentIds, used[i] ?? []))) return null;
  const means = groups.map((_, g) => {
    const f = found[g];
    return f ? storedMean(f) : null;
  });
  if (means.some((m) => m === null)) return null;
  compute.installAggregate(
    key,
    groups.map((g, i) => ({ ...g, usedExperimentIds: used[i] ?? [] })),
    means.map((m) => m ?? new Float32Array(0)),
    DENSITY_SHAPE,
  );
  return used;
}

export async function saveGroupMean(cache: VolumeCache, id: string, mean: Float32Array, used: readonly number[]): Promise<void> {
  const packed = packUsedIds([used]);
  await cache.putMany([
    { key: cache.key('aggregate', `${id}-mean`, 100), ...packedMean(mean) },
    { key: cache.key('aggregate', `${id}-used`, 100), payload: packed, meta: { dtype: 'float64' as const, dims: [packed.length, 1, 1] } },
  ]);
}

/**
 * The stored means of these groups, read in one transaction: null where missing, invalid, or
 * stored for another set of experiments than `expected[g]`.
 */
export async function loadGroupMeans(
  cache: VolumeCache,
  ids: readonly string[],
  expected: readonly (readonly number[])[],
): Promise<Array<{ readonly mean: Float32Array; readonly used: number[] } | null>> {
  const keys = ids.flatMap((id) => [cache.key('aggregate', `${id}-mean`, 100), cache.key('aggregate', `${id}-used`, 100)]);
  const found = await cache.getMany(keys);
  return ids.map((_, g) => {
    const mean = found[2 * g];
    const usedRecord = found[2 * g + 1];
    if (!mean || !usedRecord) return null;
    const used = unpackUsedIds(new Float64Array(usedRecord.bytes.slice().buffer), 1)?.[0];
    if (!used || !sameIds(used, expected[g] ?? [])) return null;
    const values = storedMean(mean);
    return values ? { mean: values, used } : null;
  });
}
