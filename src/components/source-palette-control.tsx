// The source palette (URL `pal`): the colours of the sources of a set in every view that draws
// them (projectome figure, legend, dots, exports and source table; injection sites; 3D; the
// query's region chips). One choice for all of them, kept when switching views.
import { useId } from 'react';
import { isSourcePalette, type SourcePalette } from '../render/source-palette.ts';
import { useViewStore } from '../state/view-store.ts';
import { FieldHead } from './help-hint.tsx';

const LABELS: Readonly<Record<SourcePalette, string>> = {
  tab10: 'tab10 (bsv, default)',
  'okabe-ito': 'Okabe–Ito (colour-blind safe)',
  ontology: 'Allen ontology colours',
};

export function SourcePaletteControl() {
  const id = useId();
  const palette = useViewStore((s) => s.sourcePalette);
  return (
    <div className="field" data-testid="source-palette">
      <FieldHead topic="sourcePalette">
        <label htmlFor={id}>Source colours</label>
      </FieldHead>
      <select
        id={id}
        value={palette}
        onChange={(e) => {
          if (isSourcePalette(e.target.value)) useViewStore.getState().setSourcePalette(e.target.value);
        }}
      >
        {(Object.keys(LABELS) as SourcePalette[]).map((p) => (
          <option key={p} value={p}>
            {LABELS[p]}
          </option>
        ))}
      </select>
    </div>
  );
}
