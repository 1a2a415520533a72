// Side-panel controls of the 3D view: target region (the shared `t`), camera preset,
// auto-rotate, the density surface with its threshold (log slider), and the source colours.
import { useId } from 'react';

import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import type { AnalysisControlsProps } from '../../components/view-props.ts';
import { CAMERA_PRESETS, THRESHOLD_SLIDER_STEPS, brain3dParams, sliderToThreshold, thresholdToSlider, type CameraPreset } from '../../state/brain3d-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { useRegionSearch } from '../../hooks/use-allen.ts';
import { FieldHead, HintRow } from '../../components/help-hint.tsx';
import { SourcePaletteControl } from '../../components/source-palette-control.tsx';

const PRESET_LABELS: Record<CameraPreset, string> = { iso: 'Oblique', top: 'Top (dorsal)', side: 'Side (left)', front: 'Front (anterior)' };

export function Brain3dControls({ ontology }: AnalysisControlsProps) {
  const p = brain3dParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const ids = { cam: useId(), th: useId() };
  const set = brain3dParams.useStore.getState().set;
  const search = useRegionSearch(ontology);
  return (
    <section className="panel" aria-labelledby="b3d-controls-title">
      <h2 id="b3d-controls-title">3D</h2>
      <RegionAutocomplete
        label="Target region"
        placeholder={ontology ? 'e.g. CP or "caudoputamen"' : 'Loading structures…'}
        search={search}
        disabled={!ontology}
        help="target"
        onPick={(s) => useViewStore.getState().setTarget(s.acronym)}
      />
      {target && (
        <p className="small">
          Target: <strong>{target}</strong>{' '}
          <button type="button" onClick={() => useViewStore.getState().setTarget(null)}>
            Clear
          </button>
        </p>
      )}
      <div className="field">
        <FieldHead topic="camera">
          <label htmlFor={ids.cam}>Camera</label>
        </FieldHead>
        <select id={ids.cam} value={p.camera} onChange={(e) => set({ camera: CAMERA_PRESETS.find((c) => c === e.target.value) ?? 'iso' })}>
          {CAMERA_PRESETS.map((c) => (
            <option key={c} value={c}>
              {PRESET_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <HintRow topic="autoRotate">
        <label className="checkbox">
          <input type="checkbox" checked={p.autoRotate} onChange={(e) => set({ autoRotate: e.target.checked })} />
          Auto-rotate
        </label>
      </HintRow>
      <HintRow topic="densitySurface">
        <label className="checkbox">
          <input type="checkbox" checked={p.density} onChange={(e) => set({ density: e.target.checked })} />
          Projection density surface
        </label>
      </HintRow>
      <div className="field">
        <FieldHead topic="densityThreshold">
          <label htmlFor={ids.th}>Density threshold: {p.densityThreshold}</label>
        </FieldHead>
        <input
          id={ids.th}
          type="range"
          min={0}
          max={THRESHOLD_SLIDER_STEPS}
          step={1}
          value={thresholdToSlider(p.densityThreshold)}
          disabled={!p.density}
          aria-valuetext={`${p.densityThreshold} (mean projection density)`}
          onChange={(e) => set({ densityThreshold: sliderToThreshold(Number(e.target.value)) })}
        />
        <span className="muted small">
          Surface around voxels whose mean projection density exceeds the threshold (log scale 0.001–1). Needs the query's density volumes.
        </span>
      </div>
      <SourcePaletteControl />
    </section>
  );
}
