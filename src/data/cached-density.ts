// "Which cached experiments have signal here?" — the projection density at one 100 µm voxel of
// every density grid already in the browser cache, read through the public VolumeCache API only
// (list + getMany), in small batches with a yield between them so hundreds of cached grids never
// hold the main thread for long. Record format assumed: float32, dims [132, 80, 114], AP fastest
// (index = ap + 132·(dv + 80·ml)), −1 = no data. When the cache format changes, only this file
// needs adapting.
// Budget: this runs on the main thread and misses DESIGN §6's "no task over 50 ms": reading one
// 4.8 MB record (IndexedDB deserialisation, then the cache's checksum) is a task of 80–330 ms on
// the 2-core test machine under load, whatever the batch size (45 grids took 3.6–8 s). It belongs
// in the worker that already streams volumes (or in a per-voxel index kept by the cache).
import type { VolumeCache } from './cache/index.ts';

export const DENSITY_DIMS = [132, 80, 114] as const;
const RESOLUTION_UM = 100;

/** Voxel indices on the 100 µm grid: ap 0–131, dv 0–79, ml 0–113. */
export interface GridVoxel {
  readonly ap: number;
  readonly dv: number;
  readonly ml: number;
}

export interface CachedDensity {
  readonly experimentId: number;
  /** Density at the voxel (0–1), or −1 where the grid has no data there. */
  readonly density: number;
}

export interface CachedDensityResult {
  readonly voxel: GridVoxel;
  /** One entry per cached grid that could be read, in cache order. */
  readonly values: readonly CachedDensity[];
  /** Density grids the cache lists (current schema and release, 100 µm). */
  readonly cachedCount: number;
  /** Listed but not readable (evicted as corrupt, other shape): left out of `values`. */
  readonly unreadable: number;
}

export interface CachedDensityOptions {
  readonly signal?: AbortSignal;
  /** Grids per getMany transaction (default 6: ~29 MB, a few ms of checksums each). */
  readonly batchSize?: number;
  /** Grids read so far and in total, after each batch. */
  readonly onProgress?: (read: number, total: number) => void;
  /** Lets the page breathe between batches (default: a macrotask). */
  readonly yieldToPage?: () => Promise<void>;
}

/** The voxel holding a CCF point (µm [AP, DV, ML]), or null outside the grid. */
export function voxelOfPoint(pointUm: readonly [number, number, number]): GridVoxel | null {
  const [ap, dv, ml] = pointUm.map((v) => Math.floor(v / RESOLUTION_UM));
  if (ap === undefined || dv === undefined || ml === undefined) return null;
  if (ap < 0 || dv < 0 || ml < 0 || ap >= DENSITY_DIMS[0] || dv >= DENSITY_DIMS[1] || ml >= DENSITY_DIMS[2]) return null;
  return { ap, dv, ml };
}

/** Index of a voxel in Allen's memory order (AP fastest). */
export function voxelIndex(v: GridVoxel): number {
  return v.ap + DENSITY_DIMS[0] * (v.dv + DENSITY_DIMS[1] * v.ml);
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');
}

/** Density at `voxel` of every cached 100 µm density grid. Never throws for cache trouble. */
export async function cachedDensityAt(cache: VolumeCache, voxel: GridVoxel, opts: CachedDensityOptions = {}): Promise<CachedDensityResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 6);
  const pause = opts.yieldToPage ?? macrotask;
  const entries = (await cache.list()).filter(
    (e) => e.current && e.parts?.kind === 'density' && e.parts.resolution === RESOLUTION_UM && /^\d+$/.test(e.parts.id),
  );
  const index = voxelIndex(voxel);
  const values: CachedDensity[] = [];
  let unreadable = 0;
  for (let start = 0; start < entries.length; start += batchSize) {
    aborted(opts.signal);
    const batch = entries.slice(start, start + batchSize);
    const got = await cache.getMany(batch.map((e) => e.key));
    got.forEach((record, j) => {
      const id = Number(batch[j]?.parts?.id);
      const dims = record?.meta.dims ?? [];
      const shapeOk = record !== null && record.meta.dtype === 'float32' && dims.length === 3 && DENSITY_DIMS.every((d, a) => dims[a] === d);
      if (!record || !shapeOk) {
        unreadable += 1;
        return;
      }
      // The payload view is 8-aligned (cache contract); read one float without copying.
      const density = new DataView(record.bytes.buffer, record.bytes.byteOffset, record.bytes.byteLength).getFloat32(index * 4, true);
      values.push({ experimentId: id, density });
    });
    opts.onProgress?.(Math.min(entries.length, start + batch.length), entries.length);
    if (start + batchSize < entries.length) await pause();
  }
  return { voxel, values, cachedCount: entries.length, unreadable };
}
