// Exports of the projectome frame: PNG (frame + title, legend, 1 mm scale bar, colour key,
// orientation mark) and SVG (the same as vectors; the source heatmaps as rasters). The sweeps
// (GIF, WebM) are in projectome-sweep.ts, the CSVs in projectome-csv.ts.
import type { Rgb } from '../../render/colormaps.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import type { OverlaySpec } from '../../render/overlay-layout.ts';
import { sectionOrientation } from '../../render/orientation-mark.ts';
import { composeFrame } from '../../render/png-export.ts';
import { projectomeSvg } from '../../render/svg-export.ts';
import { canvasToPngBlob } from '../../render/svg-to-png.ts';
import { formatValue } from '../../render/csv-document.ts';
import { densityLabelOf } from './projectome-legend.tsx';
import type { ProjectomeRequest, ProjectomeResult } from './projectome-pipeline.ts';
import type { ProjectomeStage } from './projectome-stage.ts';
import { drawInputOf, type ShownFrame } from './shown-frame.ts';
import { apText } from './ap-position.ts';

/** The colour key of a projectome: opacity from 0 to the ceiling, in the densities' unit. */
export function colorKeyFor(
  result: ProjectomeResult,
  request: Pick<ProjectomeRequest, 'normalization' | 'densityPercentile'>,
): NonNullable<OverlaySpec['colorKey']> {
  return {
    label: `${densityLabelOf(request.normalization)}, opacity to the ${request.densityPercentile}th percentile`,
    max: formatValue(result.summary.ceiling),
  };
}

export function overlayFor(
  result: ProjectomeResult,
  target: string,
  apIndex: number,
  colors: readonly Rgb[],
  visible: readonly boolean[],
  colorKey?: OverlaySpec['colorKey'],
): OverlaySpec {
  return {
    ...(colorKey ? { colorKey } : {}),
    title: `Target region: ${target}      ${apText(apIndex, result.plane).replace(' ', ' = ')} (CCF${result.plane === 'coronal' ? '' : `, ${result.plane}`})`,
    legendTitle: 'Input regions',
    legend: result.sources.flatMap((s, i) =>
      visible[i] === false
        ? []
        : [
            {
              // An exported figure says when a mean used fewer experiments than planned.
              label: `${s.acronym} (${s.usedIds.length === s.planned.length ? '' : `${s.usedIds.length} of `}${s.planned.length} exp.)`,
              color: colors[i] ?? [0, 0, 0],
            },
          ],
    ),
    scaleBar: true,
    orientation: sectionOrientation(result.plane),
  };
}

/** The frame on screen, drawn again by the GPU at `scale`, with its furniture: exactly scale × the layout size. */
export function exportPng(stage: ProjectomeStage, overlay: OverlaySpec, scale: ExportScale): Promise<Blob> {
  const out = stage.renderAt(scale, (f) =>
    composeFrame({ glCanvas: f.canvas, viewport: f.viewport, cssWidth: f.cssWidth, cssHeight: f.cssHeight, overlay, scale }),
  );
  return canvasToPngBlob(out);
}

export function exportSvg(drawn: ShownFrame, overlay: OverlaySpec): Blob {
  const svg = projectomeSvg({ width: drawn.cssWidth, height: drawn.cssHeight, frame: drawInputOf(drawn), overlay });
  return new Blob([svg], { type: 'image/svg+xml' });
}
