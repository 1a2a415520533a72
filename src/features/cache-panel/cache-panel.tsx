// What the browser cache holds (volumes by kind, sizes), and a button to clear it. Problems the
// cache reported (quota exceeded, corrupt entries evicted) are shown here, never thrown.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getComputeWorker, onCacheProblem } from '../../data/services.ts';
import type { CacheProblemMessage } from '../../protocol/data-contract.ts';
import { formatBytes } from '../../lib/format.ts';
import { AtlasSources } from './atlas-sources.tsx';
import { CacheHealthSection } from './cache-health.tsx';
import { cacheEntriesQuery } from '../../data/queries.ts';

const KIND_LABELS: Readonly<Record<string, string>> = {
  grid: 'Density grids',
  aggregate: 'Means (aggregates)',
  annotation: 'Atlas (annotation)',
  metadata: 'Metadata (ontology, experiments)',
  frame: 'First frames of links',
  picture: 'Pictures of pages (shown on a repeat visit)',
};

/** A page's stored picture (data/page-picture.ts) is a 'frame' record with a "pic-" id; listed apart from the links' frame data. */
const isPicture = (e: { kind: string | null; id: string | null }): boolean => e.kind === 'frame' && (e.id?.startsWith('pic-') ?? false);

export function CachePanel() {
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<readonly CacheProblemMessage[]>([]);
  const [clearing, setClearing] = useState(false);
  useEffect(() => onCacheProblem((p) => setProblems((prev) => [...prev.slice(-4), p])), []);
  const entries = useQuery({
    ...cacheEntriesQuery,
    // the repair scan and evictions change it while the panel is open
    refetchInterval: 2000,
  });
  const statusQuery = useQuery({ queryKey: ['cache-status'], queryFn: () => getComputeWorker().cacheStatus(), staleTime: 0 });
  const disabled = statusQuery.data ?? null;
  const all = entries.data ?? [];
  // only real entries count: the current format, a known kind (the repair scan removes the rest)
  const list = all.filter((e) => e.current && e.kind !== null);
  const leftovers = all.length - list.length;
  const total = list.reduce((sum, e) => sum + e.bytes, 0);
  // Metadata records (ontology, experiment list) and links' first frames are counted apart from volumes.
  const metadata = list.filter((e) => e.kind === 'metadata').length;
  const pictures = list.filter(isPicture).length;
  const frames = list.filter((e) => e.kind === 'frame').length - pictures;
  const volumes = list.length - metadata - frames - pictures;
  const byKind = new Map<string, { count: number; bytes: number }>();
  for (const e of list) {
    const kind = isPicture(e) ? 'picture' : (e.kind ?? '');
    const label = KIND_LABELS[kind] ?? `${e.kind ?? 'unknown'}`;
    const agg = byKind.get(label) ?? { count: 0, bytes: 0 };
    byKind.set(label, { count: agg.count + 1, bytes: agg.bytes + e.bytes });
  }

  return (
    <section className="panel" aria-labelledby="cache-title" data-testid="cache-panel">
      <h2 id="cache-title">Browser cache</h2>
      {disabled !== null && (
        <p className="error-message" role="alert">
          Caching is off: {disabled}
        </p>
      )}
      <p data-testid="cache-usage">
        {entries.isPending
          ? 'Reading…'
          : `${volumes} volume${volumes === 1 ? '' : 's'}${metadata > 0 ? ` + ${metadata} metadata` : ''}${frames > 0 ? ` + ${frames} first frame${frames === 1 ? '' : 's'} of links` : ''}${pictures > 0 ? ` + ${pictures} page picture${pictures === 1 ? '' : 's'}` : ''}, ${formatBytes(total)}`}
      </p>
      {leftovers > 0 && (
        <p className="muted" data-testid="cache-leftovers">
          {leftovers} {leftovers === 1 ? 'entry' : 'entries'} of an old or unknown format (old format), never used; removed when the cache is checked.
        </p>
      )}
      {byKind.size > 0 && (
        <table className="cache-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Count</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {[...byKind].map(([kind, v]) => (
              <tr key={kind}>
                <td>{kind}</td>
                <td>{v.count}</td>
                <td>{formatBytes(v.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CacheHealthSection />
      <AtlasSources />
      {problems.length > 0 && (
        <ul className="muted" aria-label="Cache problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        disabled={clearing || all.length === 0}
        onClick={async () => {
          setClearing(true);
          try {
            await getComputeWorker().clearCache();
          } finally {
            setClearing(false);
            void queryClient.invalidateQueries({ queryKey: cacheEntriesQuery.queryKey });
            void queryClient.invalidateQueries({ queryKey: ['cache-health'] });
          }
        }}
      >
        {clearing ? 'Clearing…' : 'Clear cache'}
      </button>
    </section>
  );
}
