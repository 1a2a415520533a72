// Injection signal volumes (PSU is_injection, structure 997, hemisphere 3, projection_volume, mm³)
// of many experiments: the divisor of injection-volume normalisation (DESIGN §4, bsv's injection
// summary). Cached per experiment like grids (a float64 record; NaN = "Allen has no such record",
// a fact of the data release worth caching too), fetched in batches for the misses. A batch that
// fails after retries leaves its experiments in `failed` with the reason; nothing is guessed.
import type { AllenClient } from '../allen/client.ts';
import { INJECTION_VOLUME_BATCH } from '../allen/context.ts';
import type { VolumeCache } from './cache/index.ts';

/** Bump when the stored record's meaning changes. */
const FORMAT = 1;

export interface InjectionVolumes {
  /** Per experiment asked and answered: the volume in mm³, or null when Allen has no record. */
  readonly volumes: ReadonlyMap<number, number | null>;
  /** Experiments whose volume could not be fetched, with the reason. */
  readonly failed: ReadonlyMap<number, string>;
}

const RECORD_META = { dtype: 'float64', dims: [1, 1, 1] } as const;
const keyOf = (cache: VolumeCache, id: number): string => cache.key('metadata', `injvol-${id}-f${FORMAT}`, 1);

export async function loadInjectionVolumes(
  client: Pick<AllenClient, 'fetchInjectionVolumes'>,
  cache: VolumeCache | null,
  experimentIds: readonly number[],
  signal?: AbortSignal,
): Promise<InjectionVolumes> {
  const ids = [...new Set(experimentIds)];
  const volumes = new Map<number, number | null>();
  const failed = new Map<number, string>();
  let misses = ids;
  if (cache && ids.length > 0) {
    const records = await cache.getMany(ids.map((id) => keyOf(cache, id))).catch(() => ids.map(() => null));
    misses = [];
    ids.forEach((id, i) => {
      const r = records[i];
      if (r && r.meta.dtype === 'float64' && r.bytes.byteLength === 8) {
        const v = new Float64Array(r.bytes.slice().buffer)[0] ?? Number.NaN;
        volumes.set(id, Number.isNaN(v) ? null : v);
      } else misses.push(id);
    });
  }
  if (misses.length === 0) return { volumes, failed };
  for (let i = 0; i < misses.length; i += INJECTION_VOLUME_BATCH) {
    signal?.throwIfAborted();
    const batch = misses.slice(i, i + INJECTION_VOLUME_BATCH);
    try {
      const fetched = await client.fetchInjectionVolumes(batch, { signal });
      const entries = batch.map((id) => {
        const v = fetched.get(id) ?? null;
        volumes.set(id, v);
        return { key: cache ? keyOf(cache, id) : '', payload: Float64Array.of(v ?? Number.NaN), meta: RECORD_META };
      });
      // caching is an optimisation: the cache reports its own problems
      if (cache) await cache.putMany(entries).catch(() => undefined);
    } catch (e) {
      signal?.throwIfAborted();
      const why = `its injection volume could not be fetched (${e instanceof Error ? e.message : String(e)})`;
      for (const id of batch) failed.set(id, why);
    }
  }
  return { volumes, failed };
}
