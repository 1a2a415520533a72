// Side-panel controls of the matrix: the target list (columns), metric, normalisation, target
// hemisphere, experiment normalisation and colormap. Everything writes the matrix URL params.
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import type { AnalysisControlsProps } from '../../components/view-props.ts';
import { COLORMAP_NAMES, type ColormapName } from '../../render/colormaps.ts';
import { MATRIX_LIMITS, matrixParams, type MaskHemisphere, type MatrixNormalisation } from '../../state/matrix-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import type { MatrixMetric } from '../../compute/matrix.ts';
import { effectiveTargets } from './effective-targets.ts';
import { ProcessingFields } from '../../components/processing-fields.tsx';
import { useRegionSearch } from '../../hooks/use-allen.ts';
import { FieldHead } from '../../components/help-hint.tsx';

const set = (patch: Parameters<ReturnType<typeof matrixParams.useStore.getState>['set']>[0]) => matrixParams.useStore.getState().set(patch);

export function MatrixControls({ ontology }: AnalysisControlsProps) {
  const p = matrixParams.useStore((s) => s.value);
  const shared = useViewStore((s) => s.target);
  const targets = effectiveTargets(p.targets, shared);
  const search = useRegionSearch(ontology);
  const full = targets.length >= MATRIX_LIMITS.maxTargets;
  const sharedStructure = shared ? ontology?.byAcronym(shared) : undefined;
  const sharedChildren = sharedStructure ? sharedStructure.childIds.flatMap((id) => ontology?.byId(id)?.acronym ?? []) : [];

  return (
    <section className="panel matrix-controls" aria-label="Matrix options">
      <h2>Matrix</h2>
      <RegionAutocomplete
        label={`Targets (columns, up to ${MATRIX_LIMITS.maxTargets})`}
        help="matrixTargets"
        search={search}
        disabled={!ontology || full}
        placeholder="Add a target, e.g. CP"
        onPick={(s) => {
          if (!targets.includes(s.acronym)) set({ targets: [...targets, s.acronym], sortRows: null, sortCols: null });
        }}
      />
      <ul className="chips" aria-label="Target regions">
        {targets.map((a) => {
          const s = ontology?.byAcronym(a);
          return (
            <li key={a} className="chip" title={s?.name ?? 'unknown acronym'}>
              {s && <span className="swatch" style={{ background: s.color }} aria-hidden />}
              {a}
              <button type="button" aria-label={`Remove target ${a}`} onClick={() => set({ targets: targets.filter((t) => t !== a) })}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {sharedChildren.length > 0 && (
        <button
          type="button"
          className="link-button"
          title={`Use the child structures of the shared target ${shared ?? ''} as the columns`}
          onClick={() => set({ targets: sharedChildren.slice(0, MATRIX_LIMITS.maxTargets), sortRows: null, sortCols: null })}
        >
          Use the children of {shared}
        </button>
      )}
      {p.targets.length === 0 ? (
        <p className="muted small">{shared ? `Default: the shared target ${shared}.` : 'Default: the major brain divisions.'}</p>
      ) : (
        <button type="button" className="link-button" onClick={() => set({ targets: [], sortRows: null, sortCols: null })}>
          Reset targets to the default
        </button>
      )}
      <div className="field">
        <FieldHead topic="matrixMetric">
          <label htmlFor="matrix-metric">Metric</label>
        </FieldHead>
        <select id="matrix-metric" value={p.metric} onChange={(e) => set({ metric: e.target.value as MatrixMetric })}>
          <option value="mean">Mean density over the target</option>
          <option value="max">Max density in the target</option>
          <option value="volume">Projection volume (mm³)</option>
        </select>
      </div>
      <div className="field">
        <FieldHead topic="matrixNormalisation">
          <label htmlFor="matrix-norm">Row / column normalisation</label>
        </FieldHead>
        <select id="matrix-norm" value={p.normalisation} onChange={(e) => set({ normalisation: e.target.value as MatrixNormalisation })}>
          <option value="none">None</option>
          <option value="row">Each row ÷ its max</option>
          <option value="col">Each column ÷ its max</option>
          <option value="both">Rows, then columns</option>
        </select>
      </div>
      <div className="field">
        <FieldHead topic="matrixHemisphere">
          <label htmlFor="matrix-hemi">Target hemisphere</label>
        </FieldHead>
        <select id="matrix-hemi" value={p.hemisphere} onChange={(e) => set({ hemisphere: e.target.value as MaskHemisphere })}>
          <option value="both">Both (bsv)</option>
          <option value="left">Left only</option>
          <option value="right">Right only</option>
        </select>
      </div>
      <ProcessingFields value={p} onChange={set} />
      <div className="field">
        <FieldHead topic="colormap">
          <label htmlFor="matrix-cmap">Colormap</label>
        </FieldHead>
        <select id="matrix-cmap" value={p.colormap} onChange={(e) => set({ colormap: e.target.value as ColormapName })}>
          {COLORMAP_NAMES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}
