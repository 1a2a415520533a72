// Export buttons: PNG (at the shared scale), SVG and CSV of the frame on screen, and the sweep
// through the target as a looping GIF and as WebM, each frame at the PNG scale with its furniture.
// The frame is read when a button is clicked (the AP does not pass through React).
import type { RefObject } from 'react';
import { ExportButtons } from '../../components/export-buttons.tsx';
import type { Rgb } from '../../render/colormaps.ts';
import { getComputeWorker } from '../../data/services.ts';
import { projectomeFrameCsv, projectomeStatsCsv } from './projectome-csv.ts';
import { colorKeyFor, exportPng, exportSvg, overlayFor } from './projectome-export.ts';
import { exportSweepGif, exportSweepWebm, type SweepInput } from './projectome-sweep.ts';
import { provenanceDescription, DATA_CREDIT } from '../../render/export-provenance.ts';
import type { ExportContext } from '../../components/export-buttons.tsx';
import type { ProjectomeRequest, ProjectomeResult } from './projectome-pipeline.ts';
import type { ProjectomeStage } from './projectome-stage.ts';
import type { ShownFrame } from './shown-frame.ts';
import { apText, axisName, type SliceRange } from './ap-position.ts';

export interface ExportBarProps {
  /** The canvas's stage: exports take the frame on screen (its AP) when clicked. */
  readonly stage: RefObject<ProjectomeStage | null>;
  readonly result: ProjectomeResult;
  readonly request: ProjectomeRequest;
  readonly target: string;
  readonly apRange: SliceRange | null;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly showAp: (apIndex: number) => Promise<void>;
}

export function ExportBar({ stage, result, request, target, apRange, colors, visible, showAp }: ExportBarProps) {
  const shown = (): ShownFrame => {
    const d = stage.current?.current();
    if (!d) throw new Error('there is no frame on screen yet');
    return d;
  };
  const apOf = () => stage.current?.current()?.apIndex;
  // file names carry the axis and position: projectome-CP-AP5000, projectome-CP-ML5700, …-DV4000
  const axis = axisName(result.plane);
  const base = () => `projectome-${target}-${axis}${(apOf() ?? 0) * 100}`;
  const colorKey = colorKeyFor(result, request);
  const overlayAt = (apIndex: number) => overlayFor(result, target, apIndex, colors, visible, colorKey);
  const overlay = (d: ShownFrame) => overlayAt(d.apIndex);
  const sweepName = (ext: string) => `projectome-${target}-${axis}-sweep.${ext}`;
  const sweep = (ctx: ExportContext): SweepInput => {
    const s = stage.current;
    if (!s || !s.current()) throw new Error('there is no frame on screen yet');
    if (!apRange) throw new Error(`the target has no ${axis} extent to sweep`);
    const indices = Array.from({ length: apRange[1] - apRange[0] + 1 }, (_, k) => apRange[0] + k);
    return { stage: s, indices, showAp, overlayAt, scale: ctx.scale, signal: ctx.signal, onProgress: ctx.progress };
  };
  return (
    <ExportButtons
      caption={() => `Upstream projectome of ${target} at ${apText(apOf() ?? 0, result.plane)} (CCF${result.plane === 'coronal' ? '' : `, ${result.plane}`})`}
      items={[
        {
          label: 'PNG',
          filename: () => `${base()}.png`,
          make: ({ scale }) => {
            const s = stage.current;
            if (!s) throw new Error('there is no frame on screen yet');
            return exportPng(s, overlay(shown()), scale);
          },
        },
        { label: 'SVG', filename: () => `${base()}.svg`, make: () => exportSvg(shown(), overlay(shown())) },
        {
          label: 'CSV',
          filename: `projectome-${target}-per-${axis}.csv`,
          title: `Per ${axis} position over the target and per source: the target mean and maximum, and the colour ceiling`,
          make: async () => {
            const stats = await getComputeWorker().projectomeStats(result.key);
            return new Blob([projectomeStatsCsv(stats, result, request, window.location.href)], { type: 'text/csv' });
          },
        },
        {
          label: 'Frame CSV',
          filename: () => `${base()}-frame.csv`,
          title: 'Every target voxel of this frame: the slab mean each source draws there',
          make: async () => {
            const d = shown();
            const slab = await getComputeWorker().projectomeSlab(result.key, d.apIndex);
            return new Blob([projectomeFrameCsv(slab, d.apIndex, d.data.stack.cols, result, request, window.location.href)], { type: 'text/csv' });
          },
        },
        {
          label: 'Sweep GIF',
          busyLabel: 'Making GIF…',
          cancellable: true,
          filename: () => sweepName('gif'),
          title: `The ${axis} sweep through the target as a looping GIF (bsv save_gif), every frame at the PNG scale with its title, legend, scale bar and colour key`,
          disabled: !apRange,
          make: (ctx) => {
            const input = sweep(ctx);
            const [a, b] = [input.indices[0] ?? 0, input.indices.at(-1) ?? 0];
            const what = `Sweep through ${target} along ${axis}, ${apText(a, result.plane)} to ${apText(b, result.plane)} (${input.indices.length} frames).`;
            return exportSweepGif(input, `${what}\n${provenanceDescription(ctx.provenance)}\n${DATA_CREDIT}`);
          },
        },
        {
          label: 'Sweep WebM',
          busyLabel: 'Recording…',
          cancellable: true,
          filename: () => sweepName('webm'),
          title: `The ${axis} sweep through the target as a WebM video, every frame at the PNG scale with its title, legend, scale bar and colour key`,
          disabled: !apRange,
          make: (ctx) => exportSweepWebm(sweep(ctx)),
        },
      ]}
    />
  );
}
