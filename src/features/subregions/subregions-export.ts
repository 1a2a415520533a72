// Figure and exports of the subregions view: the bar chart scene (one panel per group, bars in
// each child's ontology colour, ± SD of the per-slice means), CSV (subregionCsvRows, bsv
// columns), SVG and PNG of the chart.
import { subregionCsvRows } from '../../compute/subregions.ts';
import { toCsv } from '../../compute/metadata-csv.ts';
import { barChartScene } from '../../render/bar-chart.ts';
import { sceneToSvg, type Scene } from '../../render/svg-scene.ts';
import { svgToPng } from '../../render/svg-to-png.ts';
import { sliceMeans, spreadAcrossSlices } from './subregion-math.ts';
import type { SubregionsData } from './use-subregions-data.ts';
export { downloadBlob } from '../../render/figure-download.ts';

export function subregionsScene(d: SubregionsData): Scene {
  const r = d.result;
  const G = r.groups;
  return barChartScene({
    title: `Mean projection density per subregion of ${d.target.acronym}`,
    yLabel: 'Mean projection density',
    xLabel: `Subregions of ${d.target.acronym} (error bars: SD across ${r.windows.length} slices)`,
    panels: d.groupLabels.map((label, g) => ({
      title: G > 1 ? label : `${d.target.acronym}: all experiments`,
      bars: r.subregions.map((s, k) => ({
        label: s.acronym,
        value: r.groupMean[k * G + g] ?? NaN,
        err: spreadAcrossSlices(sliceMeans(r, k, g)),
        color: d.rows.find((row) => row.structure.id === s.id)?.structure.color ?? '#888888',
      })),
    })),
  });
}

export function subregionsCsv(d: SubregionsData): Blob {
  const [header = [], ...rows] = subregionCsvRows(d.result, d.groupLabels);
  return new Blob([toCsv({ columns: header, rows })], { type: 'text/csv' });
}

export const subregionsSvg = (d: SubregionsData): Blob => new Blob([sceneToSvg(subregionsScene(d))], { type: 'image/svg+xml' });

export function subregionsPng(d: SubregionsData): Promise<Blob> {
  const scene = subregionsScene(d);
  return svgToPng(sceneToSvg(scene), scene.width, scene.height);
}

