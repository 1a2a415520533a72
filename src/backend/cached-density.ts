// "Which cached experiments have signal here?" — the projection density at one 100 µm voxel of
// every density grid already in the browser cache. Runs in the worker: the grids are read in
// batches (getMany) and sampled at one index — a packed grid (the cache's form, see
// download-queue.ts) by walking its run lengths, an older gzip NRRD or zip record by decoding it
// (fflate, ~10–40 ms per grid on the 2-core test machine); the main thread only receives the list. Between batches the job yields, so aggregates and other
// calls to the worker interleave with a long scan, and a cancelled job stops at the next batch.
import { decodeDensity } from '../compute/decode-volume.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import { densityVoxelIndex, type GridVoxel } from '../compute/grid-voxel.ts';
import { packedGridShape, packedGridValueAt } from '../compute/packed-grid.ts';
import type { CachedDensity, CachedDensityResult } from '../protocol/data-contract.ts';
import type { VolumeCache } from './cache/index.ts';
import { GRID_KIND, formatOf } from './download-queue.ts';

const VOXELS = voxelCount(DENSITY_SHAPE);
const sampleDecoded = (data: Float32Array, index: number): number | undefined => (data.length === VOXELS ? data[index] : undefined);

export interface CachedDensityOptions {
  readonly signal?: AbortSignal;
  /** Grids per getMany transaction (default 6). */
  readonly batchSize?: number;
  /** Grids read so far and in total, after each batch. */
  readonly onProgress?: (read: number, total: number) => void;
  /** Lets other work run between batches (default: a macrotask). */
  readonly pause?: () => Promise<void>;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Density at `voxel` of every cached 100 µm grid of the current release. Never throws for cache trouble. */
export async function cachedDensityAt(cache: VolumeCache, voxel: GridVoxel, opts: CachedDensityOptions = {}): Promise<CachedDensityResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 6);
  const pause = opts.pause ?? macrotask;
  const entries = (await cache.list()).filter((e) => e.current && e.parts?.kind === GRID_KIND && e.parts.resolution === 100 && /^\d+$/.test(e.parts.id));
  const index = densityVoxelIndex(voxel);
  const values: CachedDensity[] = [];
  let unreadable = 0;
  for (let start = 0; start < entries.length; start += batchSize) {
    opts.signal?.throwIfAborted();
    const batch = entries.slice(start, start + batchSize);
    const got = await cache.getMany(batch.map((e) => e.key));
    got.forEach((record, j) => {
      const experimentId = Number(batch[j]?.parts?.id);
      const format = record && record.meta.dtype === 'uint8' ? formatOf(record.bytes) : null;
      if (!record || !format) {
        unreadable += 1;
        return;
      }
      try {
        const density =
          format !== 'packed'
            ? sampleDecoded(decodeDensity(record.bytes, format).data, index)
            : voxelCount(packedGridShape(record.bytes).shape) === VOXELS
              ? packedGridValueAt(record.bytes, index)
              : undefined;
        if (density === undefined) unreadable += 1;
        else values.push({ experimentId, density });
      } catch {
        unreadable += 1;
      }
    });
    opts.onProgress?.(Math.min(entries.length, start + batch.length), entries.length);
    if (start + batchSize < entries.length) await pause();
  }
  return { voxel, values, cachedCount: entries.length, unreadable };
}
