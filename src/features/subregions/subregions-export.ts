// Figure and exports of the subregions view: the bar chart scene (one panel per group, bars in
// each child's ontology colour, ± SD of the per-experiment values), CSV (subregionCsvRows, bsv
// columns, plus SDAcrossExperiments / NExperiments), SVG and PNG of the chart.
import { subregionCsvRows } from '../../compute/subregions.ts';
import { aggregateCsvGroups, processingParameters, queryParameters, MASK_NOTE, MEAN_NOTE, type QueryDescription } from '../../components/csv-parameters.ts';
import { csvDocument } from '../../render/csv-document.ts';
import type { SubregionsViewParams } from '../../state/subregions-params.ts';
import { barChartScene } from '../../render/bar-chart.ts';
import { sceneToSvg, type Scene } from '../../render/svg-scene.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import { svgToPng } from '../../render/svg-to-png.ts';
import { spreadLabel, withSpreadColumns } from './subregion-math.ts';
import type { SubregionsData } from './use-subregions-data.ts';
export { downloadBlob } from '../../render/figure-download.ts';

const experimentsLabel = (n: number): string => `${n} experiment${n === 1 ? '' : 's'}`;

export function subregionsScene(d: SubregionsData): Scene {
  const r = d.result;
  const G = r.groups;
  return barChartScene({
    title: `Mean projection density per subregion of ${d.target.acronym}`,
    yLabel: 'Mean projection density',
    xLabel: `Subregions of ${d.target.acronym} (error bars: ${spreadLabel(d.spread)})`,
    panels: d.groupLabels.map((label, g) => ({
      title: `${G > 1 ? label : `${d.target.acronym}: all experiments`} (${experimentsLabel(d.outcome.groups[g]?.usedExperimentIds.length ?? 0)})`,
      bars: r.subregions.map((s, k) => ({
        label: s.acronym,
        value: r.groupMean[k * G + g] ?? NaN,
        err: d.spread[k * G + g]?.sd ?? null,
        color: d.rows.find((row) => row.structure.id === s.id)?.structure.color ?? '#888888',
      })),
    })),
  });
}

export function subregionsCsv(d: SubregionsData, query: QueryDescription, p: SubregionsViewParams, url: string): Blob {
  const [header = [], ...rows] = withSpreadColumns(
    subregionCsvRows(d.result, d.groupLabels),
    d.result.subregions.map((s) => s.id),
    d.spread,
    d.groupLabels,
  );
  const text = csvDocument({
    view: `Subregions of ${d.target.acronym} (${p.level})`,
    url,
    parameters: [
      ['target', `${d.target.acronym} (${d.target.name})`],
      ...queryParameters(query),
      ...processingParameters(p),
      ['hemispheres of the masks', p.hemisphere],
      ['slices', `${d.result.windows.length} ${p.plane} slabs: ${d.result.windows.map((w) => `[${w.startUm}, ${w.endUm})`).join(' ')} µm`],
    ],
    groups: aggregateCsvGroups(d.outcome),
    notes: [
      "mean: over the subregion's 100 µm mask voxels in the slab(s) whose value has data (folded per the hemisphere setting; zeros count, unlike bsv); counts are those voxels.",
      `error bars (SDAcrossExperiments, NExperiments): sample SD (n − 1) of the per-experiment values — each experiment's grid processed as the mean (normalisation, subtraction) and measured over the same voxels and slabs — across the NExperiments experiments of the group with data in that subregion; experiments without data there are not counted (${spreadLabel(d.spread)}).`,
      MEAN_NOTE,
      MASK_NOTE,
    ],
    table: { columns: header, rows },
  });
  return new Blob([text], { type: 'text/csv' });
}

export const subregionsSvg = (d: SubregionsData): Blob => new Blob([sceneToSvg(subregionsScene(d))], { type: 'image/svg+xml' });

export function subregionsPng(d: SubregionsData, scale: ExportScale): Promise<Blob> {
  const scene = subregionsScene(d);
  return svgToPng(sceneToSvg(scene), scene.width, scene.height, scale);
}
