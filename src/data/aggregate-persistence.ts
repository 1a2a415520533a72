// Finished projectome aggregates (one mean volume per source group, plus which experiments each
// mean used) are kept in IndexedDB, so reopening a link rebuilds the worker's aggregate from a
// few mean volumes instead of re-reading and re-averaging every experiment's grid.
// Restoring adds each stored mean as the single member of its group. The accumulator treats
// NaN and −1 as no data, so a mean voxel of exactly −1 (possible only with hemisphere
// subtraction, when every experiment had contra = 1 and ipsi = 0 there) would come back as NaN.
import * as Comlink from 'comlink';
import { DENSITY_SHAPE } from '../compute/grid.ts';
import type { VolumeCache } from './cache/index.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';

const DENSITY_DIMS: [number, number, number] = [DENSITY_SHAPE.nx, DENSITY_SHAPE.ny, DENSITY_SHAPE.nz];

/** 64-bit hash (two FNV-1a variants) of the aggregate key, safe for cache key ids. */
export function persistentId(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `proj-${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
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

export async function saveAggregate(
  cache: VolumeCache,
  worker: Comlink.Remote<ComputeWorkerApi>,
  key: string,
  used: readonly (readonly number[])[],
): Promise<void> {
  const id = persistentId(key);
  const entries = [];
  for (let g = 0; g < used.length; g++) {
    const volume = await worker.getGroupVolume(key, g);
    entries.push({ key: cache.key('aggregate', `${id}-g${g}`, 100), payload: volume.buffer, meta: { dtype: 'float32' as const, dims: DENSITY_DIMS } });
  }
  const packed = packUsedIds(used);
  entries.push({ key: cache.key('aggregate', `${id}-used`, 100), payload: packed, meta: { dtype: 'float64' as const, dims: [packed.length, 1, 1] as [number, number, number] } });
  await cache.putMany(entries);
}

/** Rebuilds the aggregate in the worker from IndexedDB; null when anything is missing or invalid. */
export async function restoreAggregate(
  cache: VolumeCache,
  worker: Comlink.Remote<ComputeWorkerApi>,
  key: string,
  groups: readonly string[],
): Promise<number[][] | null> {
  const id = persistentId(key);
  const keys = [...groups.map((_, g) => cache.key('aggregate', `${id}-g${g}`, 100)), cache.key('aggregate', `${id}-used`, 100)];
  const found = await cache.getMany(keys);
  if (found.some((f) => f === null)) return null;
  const usedRecord = found[groups.length];
  if (!usedRecord) return null;
  const packed = new Float64Array(usedRecord.bytes.slice().buffer);
  const used = unpackUsedIds(packed, groups.length);
  if (!used) return null;
  await worker.beginAggregate(key, {
    shape: DENSITY_SHAPE,
    experiments: groups.map((_, g) => ({ id: -(g + 1), structureId: null, injectionCoordUm: null, injectionVolumeMm3: null })),
    normalizationMethod: 'none',
    subtractOtherHemisphere: false,
    groupingMethod: 'region',
    regionGroups: groups.map((label, g) => ({ label, experimentIds: [-(g + 1)] })),
  });
  try {
    for (let g = 0; g < groups.length; g++) {
      const record = found[g];
      if (!record) return null;
      const buffer = record.bytes.slice().buffer;
      await worker.addToAggregate(key, -(g + 1), Comlink.transfer(buffer, [buffer]));
    }
    await worker.finishAggregate(key);
  } catch (e) {
    await worker.dropAggregate(key);
    throw e;
  }
  return used;
}

// Per-group means: one record per (processing, group's experiments), so a new combination of
// sources that were averaged before (in any combination) reads one mean per source instead of
// every experiment's grid.

/** Cache id of one group mean: processing and the group's experiment ids (order-free). */
export function groupPersistentId(processing: string, experimentIds: readonly number[]): string {
  const ids = [...experimentIds].sort((a, b) => a - b).join(',');
  return persistentId(`grp|${processing}|${ids}`).replace(/^proj-/, 'grp-');
}

export async function saveGroupMean(cache: VolumeCache, id: string, mean: ArrayBuffer, used: readonly number[]): Promise<void> {
  const packed = packUsedIds([used]);
  await cache.putMany([
    { key: cache.key('aggregate', `${id}-mean`, 100), payload: mean, meta: { dtype: 'float32' as const, dims: DENSITY_DIMS } },
    { key: cache.key('aggregate', `${id}-used`, 100), payload: packed, meta: { dtype: 'float64' as const, dims: [packed.length, 1, 1] as [number, number, number] } },
  ]);
}

/** The stored means of these groups (null where missing or invalid), read in one transaction. */
export async function loadGroupMeans(
  cache: VolumeCache,
  ids: readonly string[],
): Promise<Array<{ readonly mean: ArrayBuffer; readonly used: number[] } | null>> {
  const keys = ids.flatMap((id) => [cache.key('aggregate', `${id}-mean`, 100), cache.key('aggregate', `${id}-used`, 100)]);
  const found = await cache.getMany(keys);
  return ids.map((_, g) => {
    const mean = found[2 * g];
    const usedRecord = found[2 * g + 1];
    if (!mean || !usedRecord || mean.meta.dtype !== 'float32') return null;
    const used = unpackUsedIds(new Float64Array(usedRecord.bytes.slice().buffer), 1)?.[0];
    return used ? { mean: mean.bytes.slice().buffer, used } : null;
  });
}
