// Side-panel controls of the subregions view: the shared target, subregion level (children,
// leaves or the user's annotation volume, loaded here), grouping of the query experiments,
// slices, plane, hemisphere and experiment normalisation (URL params).
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import type { AnalysisControlsProps } from '../../components/view-props.ts';
import {
  SUBREGION_LIMITS,
  subregionsParams,
  type AggregateGrouping,
  type SubregionHemisphere,
  type SubregionLevel,
  type SubregionsViewParams,
} from '../../state/subregions-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { ProcessingFields } from '../../components/processing-fields.tsx';
import { useRegionSearch } from '../../hooks/use-allen.ts';
import { FieldHead } from '../../components/help-hint.tsx';
import { useUserAnnotation } from './use-user-annotation.ts';
import { UserAnnotationField } from './user-annotation-field.tsx';

const LEVELS: Readonly<Record<string, SubregionLevel>> = { children: 'children', leaves: 'leaves', user: 'user' };

const set = (patch: Partial<SubregionsViewParams>) => subregionsParams.useStore.getState().set(patch);

export function SubregionsControls({ ontology }: AnalysisControlsProps) {
  const p = subregionsParams.useStore((s) => s.value);
  const target = useViewStore((s) => s.target);
  const search = useRegionSearch(ontology);
  const t = target ? ontology?.byAcronym(target) : undefined;
  const userFile = useUserAnnotation().meta?.fileName ?? null;
  return (
    <section className="panel subregions-controls" aria-label="Subregion options">
      <h2>Subregions</h2>
      <RegionAutocomplete
        label="Target region"
        search={search}
        disabled={!ontology}
        placeholder="e.g. STR"
        help="target"
        onPick={(s) => useViewStore.getState().setTarget(s.acronym)}
      />
      {target && (
        <p className="chips">
          <span className="chip">
            {t && <span className="swatch" style={{ background: t.color }} aria-hidden />}
            {target}
            <button type="button" aria-label={`Clear target ${target}`} onClick={() => useViewStore.getState().setTarget(null)}>
              ×
            </button>
          </span>
        </p>
      )}
      <div className="field">
        <FieldHead topic="subregionLevel">
          <label htmlFor="sub-level">Subregions</label>
        </FieldHead>
        <select id="sub-level" value={p.level} onChange={(e) => set({ level: LEVELS[e.target.value] ?? 'children' })}>
          <option value="children">Children of the target</option>
          <option value="leaves">Leaf descendants</option>
          {(userFile !== null || p.level === 'user') && (
            <option value="user" disabled={userFile === null}>
              Your annotation{userFile === null ? ' (none loaded in this browser)' : ` (${userFile})`}
            </option>
          )}
        </select>
      </div>
      <UserAnnotationField />
      <div className="field">
        <FieldHead topic="subregionGrouping">
          <label htmlFor="sub-grouping">Group experiments by</label>
        </FieldHead>
        <select id="sub-grouping" value={p.grouping} onChange={(e) => set({ grouping: e.target.value as AggregateGrouping })}>
          <option value="none">Nothing (one mean)</option>
          <option value="region">Query region</option>
          <option value="AP">Injection AP</option>
          <option value="DV">Injection DV</option>
          <option value="ML">Injection ML</option>
        </select>
      </div>
      {(p.grouping === 'AP' || p.grouping === 'DV' || p.grouping === 'ML') && (
        <div className="field">
          <FieldHead topic="subregionBins">
            <label htmlFor="sub-bins">Bins</label>
          </FieldHead>
          <input
            id="sub-bins"
            type="number"
            min={1}
            max={SUBREGION_LIMITS.maxBins}
            value={p.groupingBins}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= SUBREGION_LIMITS.maxBins) set({ groupingBins: n });
            }}
          />
        </div>
      )}
      <div className="field">
        <FieldHead topic="subregionSlices">
          <label htmlFor="sub-slices">Slices</label>
        </FieldHead>
        <input
          id="sub-slices"
          type="number"
          min={1}
          max={SUBREGION_LIMITS.maxSlices}
          value={p.slices}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= SUBREGION_LIMITS.maxSlices) set({ slices: n });
          }}
        />
      </div>
      <div className="field">
        <FieldHead topic="plane">
          <label htmlFor="sub-plane">Plane</label>
        </FieldHead>
        <select id="sub-plane" value={p.plane} onChange={(e) => set({ plane: e.target.value === 'sagittal' ? 'sagittal' : 'coronal' })}>
          <option value="coronal">Coronal (slices along AP)</option>
          <option value="sagittal">Sagittal (slices along ML)</option>
        </select>
      </div>
      <div className="field">
        <FieldHead topic="subregionHemisphere">
          <label htmlFor="sub-hemi">Hemisphere folding</label>
        </FieldHead>
        <select id="sub-hemi" value={p.hemisphere} onChange={(e) => set({ hemisphere: e.target.value as SubregionHemisphere })}>
          <option value="fold-sum">Folded, summed (bsv)</option>
          <option value="fold-mean">Folded, averaged</option>
          <option value="both">Both, not folded</option>
          <option value="left">Left only</option>
          <option value="right">Right only</option>
        </select>
      </div>
      <ProcessingFields value={p} onChange={set} />
    </section>
  );
}
