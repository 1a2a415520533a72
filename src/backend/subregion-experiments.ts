// The subregions view's per-experiment values (error bars across experiments): each experiment's
// grid is read (cache first, else downloaded) and handed to the compute API, which processes it
// as the aggregate does (same divisor: candidatesFor; same injected side) and measures it over the
// held subregion labels. Only a small experiments × subregions table leaves the worker.
// Second pass, on purpose: this reads (IndexedDB, one getMany per 12) and decodes every grid the
// aggregate already read — one more read + decode per experiment, measured in the test. Folding it
// into the aggregate's pass would need the subregion labels and windows (level, slices, plane,
// hemisphere: view parameters that change without a new aggregate, and only known once the
// aggregate's groups and the target's masks are) inside the shared, persisted aggregate, and a
// repeat or restored aggregate reads no grid at all; caching per-experiment grids would hold
// ~4.8 MB each. So the cost is paid once per subregions computation, from the cache.
import { injectedSide } from '../compute/aggregate.ts';
import { DecodeError } from '../compute/decode-error.ts';
import { decodeDensity } from '../compute/decode-volume.ts';
import { DENSITY_SHAPE, voxelCount } from '../compute/grid.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { SubregionExperimentsRequest, SubregionExperimentsResult } from '../protocol/data-contract.ts';
import { candidatesFor } from './aggregates.ts';
import type { BackendContext } from './context.ts';
import type { DownloadQueue } from './download-queue.ts';

const VOXELS = voxelCount(DENSITY_SHAPE);

export interface SubregionExperimentsDeps {
  readonly ctx: BackendContext;
  readonly compute: ComputeWorkerApi;
  readonly queue: DownloadQueue;
}

export async function subregionExperiments(
  deps: SubregionExperimentsDeps,
  r: SubregionExperimentsRequest,
  signal: AbortSignal,
): Promise<SubregionExperimentsResult> {
  const K = r.subregions.length;
  const divisors = await candidatesFor(deps, { ...r, grouping: 'none' }, signal);
  const failed = new Map<number, string>(divisors.failed);
  for (const x of divisors.excluded) failed.set(x.experimentId, x.reason);
  const byId = new Map(divisors.candidates.map((c) => [c.id, c]));
  const rows = new Map<number, Float64Array>();
  const result = await deps.queue.load([...byId.keys()], {
    signal,
    onGrid: (g) => {
      const c = byId.get(g.experimentId);
      if (!c) return;
      const { data, shape } = decodeDensity(g.bytes, g.format);
      if (data.length !== VOXELS) throw new DecodeError(`experiment ${g.experimentId}'s grid has ${data.length} voxels, expected ${VOXELS}`);
      const divisor = r.normalization === 'none' ? 1 : (c.injectionVolumeMm3 ?? NaN);
      if (!Number.isFinite(divisor) || divisor <= 0) {
        failed.set(g.experimentId, 'no injection volume to normalise by');
        return;
      }
      const subtract = r.subtractOtherHemisphere ? injectedSide(c) : null;
      rows.set(g.experimentId, deps.compute.subregionExperimentRow(data, shape, { divisor, subtract }, r.labelsKey, r.subregions, r.params).mean);
    },
  });
  for (const [id, e] of result.failed) failed.set(id, e.message);
  signal.throwIfAborted();
  const experimentIds = [...rows.keys()];
  const mean = new Float64Array(experimentIds.length * K);
  experimentIds.forEach((id, i) => mean.set(rows.get(id) ?? new Float64Array(K).fill(NaN), i * K));
  return { experimentIds, subregions: K, mean, failed };
}
