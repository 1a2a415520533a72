// Spatial Search at a voxel: the experiments whose projection density there is ≥ 0.1 — at once
// from the density grids already cached in this browser (with the share of experiments cached),
// and from Allen's service::mouse_connectivity_target_spatial. A voxel picked in the projectome
// or a slice panel opens this search; so does a typed point.
import { useMemo } from 'react';
import { productLabel, SPATIAL_MIN_DENSITY } from '../../allen/experiment-filters.ts';
import type { Experiment } from '../../allen/types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { useProductNames } from '../../hooks/use-allen.ts';
import { useCachedDensity, useSpatialSearch } from '../../hooks/use-searches.ts';
import { formatValue } from '../../render/csv-document.ts';
import { useQueryStore } from '../../state/query-store.ts';
import { searchParams } from '../../state/search-params.ts';
import { matchesLine, matchesProducts } from '../../allen/experiment-filters.ts';
import { spatialSearchCsv, type SpatialRow } from './search-csv.ts';
import { SearchHitsTable } from './search-hits-table.tsx';
import { SearchTabs } from './search-tabs.tsx';
import { SeedForm } from './seed-form.tsx';
import type { SearchPanelProps } from './target-search-panel.tsx';

const face = (um: number): number => Math.floor(um / 100) * 100;
const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toPrecision(2)} %` : '—');

export function SpatialSearchPanel({ ontology, allExperiments }: SearchPanelProps) {
  const seedUm = searchParams.useStore((s) => s.value.seedUm);
  const draft = useQueryStore((s) => s.draft);
  const service = useSpatialSearch(seedUm, draft, ontology);
  const { query: cached, progress } = useCachedDensity(seedUm);
  const byId = useMemo(() => new Map((allExperiments ?? []).map((e) => [e.id, e])), [allExperiments]);

  // Cached grids at the voxel, filtered like the service (line, products), densest first.
  const cachedHits = useMemo(() => {
    const values = cached.data?.values ?? [];
    const out: Array<{ experiment: Experiment; density: number }> = [];
    for (const v of values) {
      const e = byId.get(v.experimentId);
      if (e && v.density >= SPATIAL_MIN_DENSITY && matchesLine(e, draft.line) && matchesProducts(e, draft.products))
        out.push({ experiment: e, density: v.density });
    }
    return out.sort((a, b) => b.density - a.density || a.experiment.id - b.experiment.id);
  }, [cached.data, byId, draft.line, draft.products]);
  const cachedValue = useMemo(() => new Map((cached.data?.values ?? []).map((v) => [v.experimentId, v.density])), [cached.data]);
  const serviceIds = useMemo(() => new Set((service.data ?? []).map((h) => h.experiment.id)), [service.data]);
  const ids = [...(service.data ?? []).map((h) => h.experiment.productId), ...cachedHits.map((h) => h.experiment.productId)].flatMap((p) =>
    p === null ? [] : [p],
  );
  const products = useProductNames(ids);

  const rows: SpatialRow[] = useMemo(() => {
    const listed = (service.data ?? []).map((h) => ({ experiment: h.experiment, service: h, cached: cachedValue.get(h.experiment.id) ?? null }));
    const onlyCached = cachedHits.filter((h) => !serviceIds.has(h.experiment.id)).map((h) => ({ experiment: h.experiment, service: null, cached: h.density }));
    return [...listed, ...onlyCached];
  }, [service.data, cachedHits, cachedValue, serviceIds]);

  const settled = (q: { isPending: boolean; fetchStatus: string }): boolean => !q.isPending || q.fetchStatus === 'idle';
  const renderState = !seedUm
    ? 'ready'
    : settled(cached) && settled(service) && (allExperiments !== undefined || cached.data?.cachedCount === 0)
      ? 'ready'
      : 'loading';
  const colorOf = (id: number): string => ontology?.color(id) ?? '#cccccc';
  const productOf = (id: number): string => productLabel(id, products.data);
  const total = allExperiments?.length ?? 0;
  const cacheCount = cached.data?.cachedCount ?? 0;

  return (
    <section className="panel" aria-labelledby="spatial-search-title" data-testid="spatial-search" data-render-state={renderState}>
      <h2 id="spatial-search-title">Experiments</h2>
      <SearchTabs />
      <SeedForm
        value={seedUm}
        legend="Point with signal (CCF µm); its 100 µm voxel is searched"
        onSearch={(p) => searchParams.useStore.getState().set({ seedUm: p })}
      />
      <p className="muted small">Mouse line and products filter as set in the query panel. Tip: click a voxel in the upstream projectome or a slice panel.</p>
      {!seedUm && <p className="empty-state">Type a point, or click a voxel in a figure, to list the experiments with projection density ≥ 0.1 there.</p>}
      {seedUm && (
        <>
          <p data-testid="spatial-voxel">
            Voxel AP {face(seedUm[0])}–{face(seedUm[0]) + 100}, DV {face(seedUm[1])}–{face(seedUm[1]) + 100}, ML {face(seedUm[2])}–{face(seedUm[2]) + 100} µm
            (CCF)
            <span className="muted">
              {' '}
              · seed sent to Allen: {seedUm.join(', ')} µm · density ≥ {SPATIAL_MIN_DENSITY}
            </span>
          </p>
          {rows.length > 0 && (
            <ExportButtons
              items={[
                {
                  label: 'CSV',
                  filename: `spatial-search-${seedUm.join('_')}.csv`,
                  title: 'Every experiment listed by Allen or by the cached grids, with both densities and the provenance header',
                  make: () =>
                    new Blob(
                      [
                        spatialSearchCsv({
                          rows,
                          seedUm,
                          serviceState: service.isError ? service.error.message : 'answered',
                          cache: cached.data,
                          query: draft,
                          products: products.data,
                          url: window.location.href,
                        }),
                      ],
                      { type: 'text/csv' },
                    ),
                },
              ]}
            />
          )}
          <h3>In the grids cached in this browser</h3>
          {cached.isPending ? (
            <p className="muted" role="status">
              Reading the cached grids…{progress && progress[1] > 0 ? ` ${progress[0]} of ${progress[1]}` : ''}
            </p>
          ) : (
            <p data-testid="cached-share">
              {cachedHits.length} of the {cacheCount} grid{cacheCount === 1 ? '' : 's'} cached here {cachedHits.length === 1 ? 'has' : 'have'} density ≥{' '}
              {SPATIAL_MIN_DENSITY} at this voxel
              <span className="muted">
                {' '}
                — the cache holds {cacheCount} of {total > 0 ? total.toLocaleString('en') : '…'} experiments ({percent(cacheCount, total)}), so this list is
                partial
                {(cached.data?.unreadable ?? 0) > 0 ? `; ${cached.data?.unreadable ?? 0} cached grids could not be read` : ''}.
              </span>
            </p>
          )}
          {cachedHits.length > 0 && (
            <SearchHitsTable
              testId="spatial-cached-table"
              caption={`Cached experiments with signal at the voxel, ${cachedHits.length} rows`}
              experiments={cachedHits.map((h) => h.experiment)}
              colorOf={colorOf}
              productOf={productOf}
              columns={[
                {
                  label: 'Density here (cached grid)',
                  title: 'projection_density of the cached 100 µm grid at this voxel',
                  cell: (i) => <span data-testid="cached-density">{formatValue(cachedHits[i]?.density ?? Number.NaN)}</span>,
                },
                {
                  label: 'Listed by Allen',
                  cell: (i) => (service.data ? serviceIds.has(cachedHits[i]?.experiment.id ?? -1) ? 'yes' : 'no' : <span className="muted">…</span>),
                },
              ]}
            />
          )}
          <h3>Allen's Spatial Search</h3>
          {service.isPending && (
            <p className="muted" role="status">
              Asking Allen…
            </p>
          )}
          {service.isError && (
            <ErrorMessage title="Allen's spatial search service failed." onRetry={() => void service.refetch()}>
              {service.error.message} The list above, from the grids cached in this browser, still works; so do the other searches and views.
            </ErrorMessage>
          )}
          {service.data && (
            <>
              <p data-testid="result-count">
                {service.data.length} experiment{service.data.length === 1 ? '' : 's'} with projection density ≥ {SPATIAL_MIN_DENSITY} at this voxel, densest
                first
              </p>
              {service.data.length > 0 && (
                <SearchHitsTable
                  testId="spatial-service-table"
                  caption={`Experiments with signal at the voxel (Allen), ${service.data.length} rows`}
                  experiments={service.data.map((h) => h.experiment)}
                  colorOf={colorOf}
                  productOf={productOf}
                  columns={[
                    {
                      label: 'Density at seed (Allen)',
                      title: 'As the service reports it (— when it does not)',
                      cell: (i) => {
                        const d = service.data[i]?.densityAtSeed;
                        return <span data-testid="service-density">{d === null || d === undefined ? '—' : formatValue(d)}</span>;
                      },
                    },
                    {
                      label: 'Cached grid',
                      title: 'Density at this voxel in the grid cached in this browser',
                      cell: (i) => {
                        const v = cachedValue.get(service.data[i]?.experiment.id ?? -1);
                        return v === undefined ? <span className="muted">not cached</span> : formatValue(v);
                      },
                    },
                  ]}
                />
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
