// View part of the compute worker contract: computations on finished aggregates and masks held
// in the worker (slices, threshold, matrix, subregions, projectome frames, isosurfaces, CSV).
import { transfer } from 'comlink';
import { isosurfaceFromVolume } from '../src/compute/isosurface';
import { connectivityMatrix, targetVoxelWeights, type TargetWeights } from '../src/compute/matrix';
import { buildMetadataTable, toCsv } from '../src/compute/metadata-csv';
import { prepareProjectome, projectomeApStats, projectomeSlab } from '../src/compute/projectome';
import { isSectionPlane } from '../src/compute/section-plane';
import { openingSlice } from '../src/compute/opening-slice';
import { projectomeStack } from '../src/compute/projectome-stack';
import { computeSlices } from '../src/compute/slices';
import { analyzeSubregions, labelsFromMasks, type Subregion } from '../src/compute/subregions';
import { processGrid } from '../src/compute/grid-processing';
import { experimentSubregionRow } from '../src/compute/subregion-experiments';
import type { GridShape } from '../src/compute/grid';
import { thresholdConnectivity } from '../src/compute/threshold';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';
import type { AggregateSourceRef, ProjectomeSummary } from '../src/protocol/compute-views-contract';
import { checkIsoOptions, meshMessage } from './compute-atlas.api';
import { buffersOf, type WorkerHeld } from './compute-held';

export type ViewsApi = Pick<
  ComputeWorkerApi,
  | 'computeSlices'
  | 'thresholdSlices'
  | 'connectivityMatrix'
  | 'subregions'
  | 'holdSubregionLabels'
  | 'subregionExperimentRow'
  | 'prepareProjectome'
  | 'projectomeStack'
  | 'dropProjectome'
  | 'projectomeStats'
  | 'projectomeSlab'
  | 'isosurfaceFromAggregate'
  | 'metadataCsv'
>;

const fresh = <T>(value: T): T => transfer(value, buffersOf(value));

export function createViewsApi(held: WorkerHeld): ViewsApi {
  // keyed by the held mask's array, so it is dropped with the mask
  const coverage = new WeakMap<Uint8Array, { readonly grid: string; readonly weights: TargetWeights }>();
  const sourceVolumes = (refs: readonly AggregateSourceRef[], what: string): Float32Array[] => {
    if (!Array.isArray(refs) || refs.length === 0) throw new RangeError(`${what} needs at least one { aggregateKey, group } source`);
    return refs.map((r) => held.group(r.aggregateKey, r.group));
  };
  // label volumes of all children of a view (holdSubregionLabels), the last two
  const heldLabels = new Map<string, { readonly labels: Uint32Array; readonly shape: GridShape }>();
  // the label volume of the last children asked (the per-experiment rows of one batch reuse it)
  let lastLabels: { readonly masks: readonly Uint8Array[]; readonly ids: string; readonly labels: Uint32Array; readonly shape: GridShape } | null = null;
  const labelsOf = (children: readonly { maskKey: string; subregion: Subregion }[]): { labels: Uint32Array; shape: GridShape } => {
    if (!Array.isArray(children) || children.length === 0) throw new RangeError('subregions needs at least one { maskKey, subregion } child');
    const masks = children.map((c) => held.mask(c.maskKey));
    const shape = masks[0]?.shape;
    if (shape === undefined || masks.some((m) => m.shape.resolutionUm !== shape.resolutionUm || m.data.length !== masks[0]?.data.length)) {
      throw new RangeError('subregion masks must all come from the same annotation resolution');
    }
    const ids = children.map((c) => c.subregion.id).join(',');
    const data = masks.map((m) => m.data);
    if (lastLabels?.ids === ids && lastLabels.masks.length === data.length && lastLabels.masks.every((m, i) => m === data[i])) return lastLabels;
    const labels = labelsFromMasks(
      data,
      children.map((c) => c.subregion.id),
    );
    lastLabels = { masks: data, ids, labels, shape };
    return lastLabels;
  };
  return {
    computeSlices(aggregateKey, maskKey, params) {
      const a = held.aggregate(aggregateKey);
      const m = held.mask(maskKey);
      return fresh(computeSlices(a.result.combinedProjection, a.result.shape, m.data, m.shape, params));
    },
    thresholdSlices(slices, params) {
      if (!Array.isArray(slices) || slices.length === 0) throw new RangeError('thresholdSlices needs at least one slice ({ rows, cols, matrices })');
      for (const [i, s] of slices.entries())
        for (const m of s.matrices)
          if (m.length !== s.rows * s.cols) throw new RangeError(`slice ${i}: matrix length ${m.length} ≠ rows × cols = ${s.rows * s.cols}`);
      return fresh(thresholdConnectivity(slices, params));
    },
    connectivityMatrix(sources, maskKeys, params = {}, labels = {}) {
      const vols = sourceVolumes(sources, 'connectivityMatrix');
      if (!Array.isArray(maskKeys) || maskKeys.length === 0) throw new RangeError('connectivityMatrix needs at least one target mask key');
      const shape = held.aggregate(sources[0]?.aggregateKey ?? '').result.shape;
      // A mask's coverage of the 100 µm grid (a pass over every 50 µm voxel) is kept with the
      // mask, so re-sorting, a new metric or another source list reuses it.
      const targets = maskKeys.map((k) => {
        const m = held.mask(k);
        const grid = `${shape.nx}x${shape.ny}x${shape.nz}`;
        let c = coverage.get(m.data);
        if (c?.grid !== grid) {
          c = { grid, weights: targetVoxelWeights(m.data, m.shape, shape) };
          coverage.set(m.data, c);
        }
        return { weights: c.weights };
      });
      return fresh(connectivityMatrix(vols, shape, targets, params, labels));
    },
    subregions(aggregateKey, children, params) {
      const a = held.aggregate(aggregateKey);
      const { labels, shape } = labelsOf(children);
      return fresh(
        analyzeSubregions(
          a.result.combinedProjection,
          a.result.shape,
          labels,
          shape,
          children.map((c) => c.subregion),
          params,
        ),
      );
    },
    holdSubregionLabels(labelsKey, children, extend) {
      const { labels, shape } = labelsOf(children);
      const held0 = extend ? heldLabels.get(labelsKey) : undefined;
      if (extend && !held0) throw new Error(`no subregion labels '${labelsKey}' to extend`);
      if (held0 && (held0.labels.length !== labels.length || held0.shape.resolutionUm !== shape.resolutionUm))
        throw new RangeError('subregion masks must all come from the same annotation resolution');
      const merged = held0 ? held0.labels : labels.slice();
      if (held0) for (let i = 0; i < labels.length; i++) if (labels[i]) merged[i] = labels[i] as number;
      heldLabels.delete(labelsKey);
      heldLabels.set(labelsKey, { labels: merged, shape });
      for (const k of heldLabels.keys()) if (heldLabels.size > 2) heldLabels.delete(k);
    },
    subregionExperimentRow(raw, shape, processing, labelsKey, subregions, params) {
      const l = heldLabels.get(labelsKey);
      if (!l) throw new Error(`no subregion labels '${labelsKey}' in the worker; call holdSubregionLabels first`);
      return fresh(experimentSubregionRow(processGrid(raw, shape, processing), shape, l.labels, l.shape, subregions, params));
    },
    prepareProjectome(key, req) {
      if (typeof key !== 'string' || key === '') throw new TypeError('prepareProjectome needs a non-empty key');
      const vols = sourceVolumes(req.sources, 'prepareProjectome');
      const shape = held.aggregate(req.sources[0]?.aggregateKey ?? '').result.shape;
      for (const r of req.sources) {
        const s = held.aggregate(r.aggregateKey).result.shape;
        if (s.nx !== shape.nx || s.ny !== shape.ny || s.nz !== shape.nz)
          throw new RangeError(`aggregate '${r.aggregateKey}' is on a different grid than '${req.sources[0]?.aggregateKey ?? ''}'`);
      }
      const m = held.mask(req.maskKey);
      const t0 = performance.now();
      const plane = req.plane ?? 'coronal';
      if (!isSectionPlane(plane)) throw new RangeError(`plane must be 'coronal', 'sagittal' or 'horizontal', got '${String(plane)}'`);
      const ctx = prepareProjectome(vols, shape, m.data, m.shape, req.injections, req.params ?? {}, plane);
      performance.measure('bsv:prepare-projectome', { start: t0, end: performance.now() });
      const summary: ProjectomeSummary = {
        key,
        sources: vols.length,
        rows: ctx.shape.ny,
        cols: ctx.shape.nz,
        apRange: ctx.apRange,
        openAp: openingSlice(ctx.apRange, ctx.targetPixels),
        ceiling: ctx.ceiling,
        markerSizes: ctx.markerSizes,
      };
      held.projectomes.set(key, { aggregateKeys: new Set(req.sources.map((r) => r.aggregateKey)), ctx, summary });
      return { ...summary, markerSizes: ctx.markerSizes.slice() };
    },
    projectomeStack: (key) => fresh(projectomeStack(held.projectome(key).ctx)),
    dropProjectome: (key) => held.projectomes.delete(key),
    projectomeStats: (key) => fresh(projectomeApStats(held.projectome(key).ctx)),
    projectomeSlab: (key, apIndex) => fresh(projectomeSlab(held.projectome(key).ctx, apIndex)),
    isosurfaceFromAggregate(aggregateKey, group, threshold, opts = {}) {
      const vol = held.group(aggregateKey, group);
      return meshMessage(() => isosurfaceFromVolume(vol, held.aggregate(aggregateKey).result.shape, threshold, checkIsoOptions(opts)), opts);
    },
    metadataCsv(experiments, options = {}) {
      if (!Array.isArray(experiments)) throw new TypeError('metadataCsv needs an array of experiments');
      return toCsv(buildMetadataTable(experiments, options));
    },
  };
}
