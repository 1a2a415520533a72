// Exports of the projectome frame: PNG (frame + title, legend, 1 mm scale bar, orientation mark),
// SVG (same, as vectors; the source heatmaps as rasters) and a WebM of the AP sweep (bsv save_gif, recorded from the canvas
// with MediaRecorder). The CSVs are in projectome-csv.ts.
import type { Rgb } from '../../render/colormaps.ts';
import type { ExportScale } from '../../render/export-scale.ts';
import type { OverlaySpec } from '../../render/overlay-layout.ts';
import { sectionOrientation } from '../../render/orientation-mark.ts';
import { composeFrame } from '../../render/png-export.ts';
import { projectomeSvg } from '../../render/svg-export.ts';
import { canvasToPngBlob } from '../../render/svg-to-png.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';
import type { ProjectomeStage } from './projectome-stage.ts';
import { drawInputOf, type ShownFrame } from './shown-frame.ts';
import { apText } from './ap-position.ts';

export function overlayFor(result: ProjectomeResult, target: string, apIndex: number, colors: readonly Rgb[], visible: readonly boolean[]): OverlaySpec {
  return {
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

/**
 * Records the AP sweep: calls `showAp` for each index, waits for `frameDrawn` to resolve, and
 * pushes one video frame per AP position. Resolves with a WebM Blob.
 */
export async function recordSweep(canvas: HTMLCanvasElement, apIndices: readonly number[], showAp: (apIndex: number) => Promise<void>, fps = 8): Promise<Blob> {
  if (typeof MediaRecorder === 'undefined' || typeof canvas.captureStream !== 'function') {
    throw new Error('This browser cannot record video from a canvas (MediaRecorder is missing).');
  }
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as (MediaStreamTrack & { requestFrame?: () => void }) | undefined;
  const type = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
  if (!track || !type) throw new Error('This browser cannot encode WebM video.');
  const chunks: Blob[] = [];
  const recorder = new MediaRecorder(stream, { mimeType: type });
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve();
  });
  recorder.start();
  const frameMs = 1000 / fps;
  for (const ap of apIndices) {
    await showAp(ap);
    track.requestFrame?.();
    await new Promise((resolve) => window.setTimeout(resolve, frameMs));
  }
  recorder.stop();
  await stopped;
  track.stop();
  return new Blob(chunks, { type: 'video/webm' });
}
