// The search form: injection regions (autocomplete by acronym or name), mouse line, primary
// injection only, products. Each chosen region shows how many structures it expands to, and its
// colour as a group of the query (URL `pal`).
import { useCallback, useMemo, useState } from 'react';
import type { Ontology } from '../../allen/index.ts';
import type { FilterLists } from '../../allen/types.ts';
import { ProductFilter } from '../../components/product-filter.tsx';
import { useProductNames, useRegionSearch } from '../../hooks/use-allen.ts';
import { regionsFull, useQueryStore } from '../../state/query-store.ts';
import { URL_LIMITS } from '../../state/url-state.ts';
import { searchParams } from '../../state/search-params.ts';
import { useViewStore } from '../../state/view-store.ts';
import { LineFilter } from '../../components/line-filter.tsx';
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import { HintRow } from '../../components/help-hint.tsx';
import { sourceSetColors } from '../../render/source-palette.ts';

export interface QueryPanelProps {
  readonly ontology: Ontology | undefined;
  readonly lines: readonly string[];
  readonly products: FilterLists['products'];
}

export function QueryPanel({ ontology, lines, products }: QueryPanelProps) {
  const draft = useQueryStore((s) => s.draft);
  const full = regionsFull(draft.regions);
  const { addRegion, removeRegion, setLine, setPrimaryOnly, setProducts, submit } = useQueryStore.getState();
  const names = useProductNames([...products.map((p) => p.productId), ...draft.products]);
  const [hint, setHint] = useState<string | null>(null);
  const view = useViewStore((s) => s.view);
  // each region's colour as a group of the query (injection sites, 3D), in the chosen palette
  const palette = useViewStore((s) => s.sourcePalette);
  const colors = useMemo(() => sourceSetColors(draft.regions, ontology, palette), [draft.regions, ontology, palette]);
  const mode = searchParams.useStore((s) => s.value.mode);
  const searchNote =
    view !== 'experiments' || mode === 'source'
      ? null
      : mode === 'target'
        ? 'The target search uses these filters as set: injection regions (optional) keep only experiments injected there; mouse line, primary-only and products filter. Search runs the query for the other views.'
        : `The ${mode === 'spatial' ? 'voxel' : 'injection coordinate'} search uses the mouse line and products as set; the injection regions are the query of the other views (rows can be added to it).`;

  const search = useRegionSearch(ontology);
  const onUnknown = useCallback(
    (text: string) => {
      const near = ontology?.nearestAcronyms(text, 3) ?? [];
      setHint(near.length > 0 ? `No structure "${text}". Did you mean ${near.join(', ')}?` : `No structure matches "${text}".`);
    },
    [ontology],
  );

  return (
    <section className="panel" aria-labelledby="query-title">
      <h2 id="query-title">Find experiments</h2>
      {searchNote && (
        <p className="muted small" data-testid="query-search-note">
          {searchNote}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <RegionAutocomplete
          label="Injection regions"
          help="regions"
          placeholder={!ontology ? 'Loading structures…' : full ? `At most ${URL_LIMITS.maxRegions} regions` : 'e.g. VISp or "primary visual"'}
          search={search}
          disabled={!ontology || full}
          onPick={(s) => {
            setHint(null);
            addRegion(s.acronym);
          }}
          onUnknown={onUnknown}
        />
        {full && (
          <p className="muted small" role="status" data-testid="regions-full">
            A query holds at most {URL_LIMITS.maxRegions} regions, as many as a shared link can carry. Remove one to add another, or choose a parent structure:
            it includes its descendants.
          </p>
        )}
        {hint && (
          <p className="expansion" role="status">
            {hint}
          </p>
        )}
        {draft.regions.length > 0 && (
          <ul className="chips" aria-label="Chosen regions">
            {draft.regions.map((acronym) => {
              const s = ontology?.byAcronym(acronym);
              const n = s ? (ontology?.descendants(s.id).length ?? 0) : 0;
              return (
                <li key={acronym} className="chip" title={s ? `${s.name}: ${n} structures including descendants` : 'unknown acronym'}>
                  {s && <span className="swatch" style={{ background: colors.get(acronym) }} data-testid={`region-swatch-${acronym}`} aria-hidden />}
                  {acronym}
                  {s && n > 1 && <span className="muted"> +{n - 1}</span>}
                  <button type="button" aria-label={`Remove ${acronym}`} onClick={() => removeRegion(acronym)}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <LineFilter value={draft.line} lines={lines} onChange={setLine} />
        <HintRow topic="primaryOnly">
          <label className="checkbox">
            <input type="checkbox" checked={draft.primaryOnly} onChange={(e) => setPrimaryOnly(e.target.checked)} />
            Primary injection structure only
          </label>
        </HintRow>
        <ProductFilter value={draft.products} products={products} names={names.data} onChange={setProducts} />
        <button type="submit" className="primary" disabled={draft.regions.length === 0}>
          Search
        </button>
      </form>
    </section>
  );
}
