// Left column of the projectome view: target, upstream sources, and the processing parameters
// (bsv slice_thickness, density_percentile, normalisation), each mirrored in the URL.
import { useId, useMemo } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { Experiment, FilterLists } from '../../allen/types.ts';
import { ProductFilter } from '../../components/product-filter.tsx';
import { useProductNames, useRegionSearch } from '../../hooks/use-allen.ts';
import { LineFilter } from '../../components/line-filter.tsx';
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import { useUpstreamSources } from '../../hooks/use-upstream.ts';
import { PROJECTOME_LIMITS, projectomeActions as actions } from '../../state/projectome-params.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { useViewStore } from '../../state/view-store.ts';
import { SourcePicker } from './source-picker.tsx';
import { useProjectomeParams } from './ap-position.ts';
import { ProcessingFields } from '../../components/processing-fields.tsx';
import { FieldHead, HintRow } from '../../components/help-hint.tsx';
import { BoundaryAtlasControl } from '../../components/boundary-atlas-control.tsx';
import { SourcePaletteControl } from '../../components/source-palette-control.tsx';
import { sourceSetColors } from '../../render/source-palette.ts';

export interface ProjectomeControlsProps {
  readonly ontology: Ontology | undefined;
  readonly experiments: readonly Experiment[] | undefined;
  readonly lines: readonly string[];
  readonly products: FilterLists['products'];
}

export function ProjectomeControls({ ontology, experiments, lines, products: productCounts }: ProjectomeControlsProps) {
  // not the AP position: the controls do not render per AP step
  const p = useProjectomeParams();
  const targetAcronym = useViewStore((s) => s.target);
  const palette = useViewStore((s) => s.sourcePalette);
  const colors = useMemo(() => sourceSetColors(p.sources, ontology, palette), [p.sources, ontology, palette]);
  const line = useQueryStore((s) => s.draft.line);
  const primaryOnly = useQueryStore((s) => s.draft.primaryOnly);
  const products = useQueryStore((s) => s.draft.products);
  const productNames = useProductNames([...productCounts.map((p) => p.productId), ...products]);
  const ids = { th: useId(), pct: useId(), min: useId() };
  const target = targetAcronym ? ontology?.byAcronym(targetAcronym) : undefined;
  const upstream = useUpstreamSources(
    target?.id ?? null,
    p.minVolumeMm3,
    line,
    primaryOnly,
    products,
    ontology,
    experiments,
    target !== undefined && p.sources.length > 0,
  );
  const search = useRegionSearch(ontology);
  const expandedCount = target && ontology ? ontology.descendants(target.id).length : 0;

  return (
    <section className="panel" aria-labelledby="proj-controls-title">
      <h2 id="proj-controls-title">Upstream projectome</h2>
      <RegionAutocomplete
        label="Target region"
        placeholder={ontology ? 'e.g. CP or "caudoputamen"' : 'Loading structures…'}
        search={search}
        disabled={!ontology}
        help="target"
        onPick={(s) => useViewStore.getState().setTarget(s.acronym)}
      />
      {targetAcronym && (
        <div className="expansion" data-testid="target-expansion">
          Target: <strong>{targetAcronym}</strong>
          {target ? ` — ${target.name}` : ontology ? ' — not in the ontology' : ''}
          {target && ontology && <Expansion ontology={ontology} id={target.id} count={expandedCount} />}
        </div>
      )}
      <LineFilter value={line} lines={lines} onChange={useQueryStore.getState().setLine} />
      <HintRow topic="primaryOnly">
        <label className="checkbox">
          <input type="checkbox" checked={primaryOnly} onChange={(e) => useQueryStore.getState().setPrimaryOnly(e.target.checked)} />
          Primary injection structure only
        </label>
      </HintRow>
      <ProductFilter value={products} products={productCounts} names={productNames.data} onChange={useQueryStore.getState().setProducts} />
      <div className="field">
        <FieldHead topic="minVolume">
          <label htmlFor={ids.min}>Minimum projection volume (mm³)</label>
        </FieldHead>
        <input
          id={ids.min}
          type="number"
          min={0}
          max={PROJECTOME_LIMITS.maxMinVolumeMm3}
          step={0.005}
          value={p.minVolumeMm3}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v)) actions.setMinVolume(v);
          }}
        />
      </div>
      {p.sources.length > 0 && ontology && (
        <div className="expansion" data-testid="source-expansion">
          Sources expand to:
          <ul className="expansion-list">
            {p.sources.map((a) => {
              const s = ontology.byAcronym(a);
              return (
                <li key={a}>
                  <strong>{a}</strong>{' '}
                  {s ? <Expansion ontology={ontology} id={s.id} count={ontology.descendants(s.id).length} /> : <span>not in the ontology</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {target && (
        <SourcePicker
          ontology={ontology}
          upstream={upstream.data}
          loading={upstream.loading}
          error={upstream.error}
          onRetry={upstream.refetch}
          chosen={p.sources}
          colors={colors}
          onToggle={actions.toggleSource}
          maxSources={PROJECTOME_LIMITS.maxSources}
        />
      )}
      <div className="field-row">
        <div className="field">
          <FieldHead topic="sliceThickness">
            <label htmlFor={ids.th}>Slice thickness (±100 µm)</label>
          </FieldHead>
          <input
            id={ids.th}
            type="number"
            min={0}
            max={PROJECTOME_LIMITS.maxSliceThickness}
            step={1}
            value={p.sliceThickness}
            onChange={(e) => actions.setSliceThickness(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <FieldHead topic="ceilingPercentile">
            <label htmlFor={ids.pct}>Ceiling percentile</label>
          </FieldHead>
          <input
            id={ids.pct}
            type="number"
            min={PROJECTOME_LIMITS.minPercentile}
            max={PROJECTOME_LIMITS.maxPercentile}
            step={0.5}
            value={p.densityPercentile}
            onChange={(e) => actions.setDensityPercentile(Number(e.target.value))}
          />
        </div>
      </div>
      <BoundaryAtlasControl />
      <SourcePaletteControl />
      <ProcessingFields value={p} onChange={actions.setProcessing} />
    </section>
  );
}

/** Which structures a region expands to through the ontology (itself and every descendant). */
function Expansion({ ontology, id, count }: { ontology: Ontology; id: number; count: number }) {
  const all = ontology.descendants(id).map((d) => d.acronym);
  return (
    <details className="expansion-details">
      <summary>
        {count} structure{count === 1 ? '' : 's'} with descendants
      </summary>
      <span>{all.join(', ')}</span>
    </details>
  );
}
