// The projectome's hover readout: coordinates, structure and each source's density under the
// pointer, from the CPU-side copies of the frame on screen (shown-frame.ts hoverInfo). It keeps its
// own small store, so a mouse move — or an AP step, plane or source change drawn under a resting
// pointer — re-renders this line only, never the view (#13: no React render of the view per frame).
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Ontology } from '../../allen/index.ts';
import { PLANE_AXES, type SectionPlane } from '../../compute/section-plane.ts';
import { formatValue } from '../../render/csv-document.ts';
import { axisName } from './ap-position.ts';
import type { HoverInfo } from './shown-frame.ts';

const useHover = create<{ readonly hover: HoverInfo | null }>(() => ({ hover: null }));

/** What the readout shows (null: the pointer is not over the section). */
export function setProjectomeHover(hover: HoverInfo | null): void {
  if (useHover.getState().hover !== hover) useHover.setState({ hover });
}

/** "AP 5000 (slice 5000–5100) · DV 3000 · ML 4000": the slicing axis first, with its slice. */
export function hoverCoordinates(hover: HoverInfo, plane: SectionPlane): string {
  const um = [hover.apUm, hover.dvUm, hover.mlUm].map(Math.round);
  const s = PLANE_AXES[plane].slice;
  const others = [0, 1, 2].filter((a) => a !== s).map((a) => `${['AP', 'DV', 'ML'][a] ?? ''} ${um[a] ?? 0}`);
  return [`${axisName(plane)} ${um[s] ?? 0} (slice ${um[s] ?? 0}–${(um[s] ?? 0) + 100})`, ...others].join(' · ');
}

export interface HoverReadoutProps {
  readonly plane: SectionPlane;
  readonly sources: ReadonlyArray<{ readonly acronym: string }>;
  readonly ontology: Ontology | undefined;
}

export function HoverReadout({ plane, sources, ontology }: HoverReadoutProps) {
  const hover = useHover((s) => s.hover);
  // a readout made again (view switched back) starts empty, as the pointer is not known
  useEffect(() => () => setProjectomeHover(null), []);
  return (
    <p className="hover-readout muted" data-testid="hover-readout" aria-live="off">
      {hover
        ? `${hoverCoordinates(hover, plane)} µm (CCF) — ${
            hover.structureId === 0 ? 'outside the brain' : (ontology?.byId(hover.structureId)?.acronym ?? `#${hover.structureId}`)
          } — ${sources.map((s, i) => `${s.acronym} ${hover.densities[i]?.atCeiling ? '≥' : ''}${formatValue(hover.densities[i]?.value ?? 0, 3)}`).join(', ')}`
        : 'Hover over the section for coordinates, structure and densities.'}
    </p>
  );
}
