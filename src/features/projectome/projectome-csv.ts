// The projectome's two CSV documents (render/csv-document.ts header block + one table each):
// - per-AP statistics: for every AP index over the target's extent and every source, the mean
//   and the maximum of the source's mean volume over the target's 100 µm voxels at that slice,
//   with the colour ceiling (the numbers behind the figure and the slider);
// - the frame: per target voxel of the current slice and source, the slab mean the frame draws
//   (unclamped) and whether it reaches the ceiling.
// Sagittal and horizontal projectomes: "AP index" is the slice index along the plane's axis (ML,
// DV); the per-position table names its columns after that axis (ml_index, ml_um), the frame
// table always gives each voxel's CCF ap/dv/ml indices.
import { processingParameters, queryParameters, MASK_NOTE, MEAN_NOTE } from '../../components/csv-parameters.ts';
import type { ProjectomeApStats } from '../../compute/projectome.ts';
import { AP_CONVENTION_NOTE, csvDocument, type CsvGroup } from '../../render/csv-document.ts';
import type { ProjectomeRequest, ProjectomeResult } from './projectome-pipeline.ts';
import { planeToCcf, type SectionPlane } from '../../compute/section-plane.ts';
import { axisName } from './ap-position.ts';

const OTHERS = { coronal: 'DV/ML', sagittal: 'AP/DV', horizontal: 'AP/ML' } as const;
const FACE = { coronal: 'anterior', sagittal: 'left (low-ML)', horizontal: 'dorsal' } as const;

/** How the slice position is labelled, for each plane (coronal: the shared AP note). */
function positionNote(plane: SectionPlane): string {
  if (plane === 'coronal') return AP_CONVENTION_NOTE;
  const a = axisName(plane).toLowerCase();
  return `${plane} sections: ${a}_um = ${a.toUpperCase()} grid index × 100 µm, the ${FACE[plane]} face of the 100 µm ${plane} slice; the slice spans [${a}_um, ${a}_um + 100). CCF coordinates, not bregma.`;
}

function common(result: ProjectomeResult, req: ProjectomeRequest) {
  const parameters: Array<[string, string]> = [
    ['target', `${req.target} (${result.targetName}), both hemispheres, with its descendants`],
    ['sources', result.sources.map((s) => s.acronym).join(' ')],
    ...queryParameters(req),
    ...processingParameters(req),
    ['density percentile of the ceiling (bsv density_percentile)', String(req.densityPercentile)],
    ['colour ceiling (density)', String(result.summary.ceiling)],
  ];
  const groups: CsvGroup[] = result.sources.map((s) => ({
    label: s.acronym,
    used: s.usedIds,
    excluded: [...s.excluded, ...[...s.failed].map(([experimentId, reason]) => ({ experimentId, reason }))],
  }));
  return { parameters, groups };
}

export function projectomeStatsCsv(stats: ProjectomeApStats, result: ProjectomeResult, req: ProjectomeRequest, url: string): string {
  const { parameters, groups } = common(result, req);
  const axis = axisName(result.plane);
  const a = axis.toLowerCase();
  const rows: Array<Array<string | number>> = [];
  stats.apIndices.forEach((a, k) => {
    result.sources.forEach((s, i) => {
      rows.push([
        a,
        a * 100,
        s.acronym,
        stats.targetVoxels[k] ?? 0,
        stats.voxelsWithData[i]?.[k] ?? 0,
        stats.mean[i]?.[k] ?? NaN,
        stats.max[i]?.[k] ?? NaN,
        result.summary.ceiling,
      ]);
    });
  });
  return csvDocument({
    view: `Upstream projectome into ${req.target}: per-${axis} target statistics${result.plane === 'coronal' ? '' : ` (${result.plane} sections)`}`,
    url,
    parameters,
    groups,
    notes: [
      positionNote(result.plane),
      `target_mean and target_max: over the target's voxels at that ${axis} index whose source mean has data (empty = none has data); the source mean is the group mean described above.`,
      `ceiling: numpy-linear ${req.densityPercentile}th percentile of every positive source-mean value at target voxels over the whole ${axis} extent (1 when none); opacity = slab mean / ceiling, clamped to 1.`,
      MEAN_NOTE,
      MASK_NOTE,
    ],
    table: { columns: [`${a}_index`, `${a}_um`, 'source', 'target_voxels', 'voxels_with_data', 'target_mean', 'target_max', 'ceiling'], rows },
  });
}

export function projectomeFrameCsv(
  slab: { readonly pixels: Int32Array; readonly values: readonly Float32Array[] },
  apIndex: number,
  cols: number,
  result: ProjectomeResult,
  req: ProjectomeRequest,
  url: string,
): string {
  const { parameters, groups } = common(result, req);
  const ceiling = result.summary.ceiling;
  const axis = axisName(result.plane);
  const rows: Array<Array<string | number>> = [];
  result.sources.forEach((s, i) => {
    const values = slab.values[i];
    slab.pixels.forEach((q, k) => {
      // pixel q = row · cols + column of the plane's image
      const r = Math.floor(q / cols);
      const [ap, dv, ml] = planeToCcf(result.plane, apIndex, r, q - r * cols);
      const v = values?.[k] ?? NaN;
      rows.push([ap, ap * 100, dv, dv * 100, ml, ml * 100, s.acronym, v, Number.isFinite(v) ? (v >= ceiling ? 1 : 0) : '']);
    });
  });
  return csvDocument({
    view: `Upstream projectome into ${req.target}: frame at ${axis} ${apIndex * 100} µm${result.plane === 'coronal' ? '' : ` (${result.plane} section)`}`,
    url,
    parameters: [...parameters, ['slice thickness (bsv slice_thickness, 100 µm slices each side)', String(req.sliceThickness)]],
    groups,
    notes: [
      positionNote(result.plane),
      result.plane === 'coronal'
        ? "dv_um, ml_um: the voxel's lower faces (index × 100 µm); the voxel spans 100 µm from there."
        : "ap_um, dv_um, ml_um: the voxel's lower faces (index × 100 µm); the voxel spans 100 µm from there.",
      `slab_mean: mean of the source mean over ${axis} ${Math.max(0, apIndex - req.sliceThickness) * 100}–${(apIndex + req.sliceThickness + 1) * 100} µm at that ${OTHERS[result.plane]} (voxels without data skipped; empty = none); drawn with opacity slab_mean / ceiling, clamped to 1 (at_ceiling).`,
      MEAN_NOTE,
      MASK_NOTE,
    ],
    table: { columns: ['ap_index', 'ap_um', 'dv_index', 'dv_um', 'ml_index', 'ml_um', 'source', 'slab_mean', 'at_ceiling'], rows },
  });
}
