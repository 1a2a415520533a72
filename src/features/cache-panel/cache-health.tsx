// The cache's health, as the worker reports it (src/backend/cache-health.ts): what the start-up
// repair removed, the size limit (the user's, stored in the cache, or the default) with what it
// evicted, and the browser's own estimate of the origin's storage.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getComputeWorker } from '../../data/services.ts';
import type { CacheHealth } from '../../protocol/data-contract.ts';
import { formatBytes } from '../../lib/format.ts';
import { cacheEntriesQuery } from '../../data/queries.ts';

const MB = 1024 * 1024;
const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;
const were = (n: number): string => (n === 1 ? 'was' : 'were');

/** The repair scan's outcome in words; null until the scan has run. */
export function repairLines(h: CacheHealth): string[] {
  const lines: string[] = [];
  const damaged = h.damagedRemoved;
  if (damaged > 0) lines.push(`${damaged} damaged ${damaged === 1 ? 'entry' : 'entries'} removed; they will be downloaded again when needed.`);
  if (h.damagedRewritten > 0) lines.push(`${h.damagedRewritten} damaged ${h.damagedRewritten === 1 ? 'entry was' : 'entries were'} re-downloaded.`);
  const r = h.repair;
  if (r) {
    const other = r.unknown + r.stale;
    if (other > 0) lines.push(`${entries(other)} of an unknown or old format ${were(other)} removed.`);
    lines.push(`Checked ${entries(r.checked)} (${formatBytes(r.bytesRead)}) in ${r.ms} ms.`);
  }
  return lines;
}

export function CacheHealthSection() {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const health = useQuery({ queryKey: ['cache-health'], queryFn: () => getComputeWorker().cacheHealth(), staleTime: 0, refetchInterval: 2000 });
  const h = health.data;
  if (!h) return <p className="muted">Reading the cache’s health…</p>;
  const limitMb = h.limitBytes === null ? '' : String(Math.round((h.limitBytes / MB) * 100) / 100);
  const apply = async (bytes: number | null): Promise<void> => {
    setSaving(true);
    try {
      queryClient.setQueryData(['cache-health'], await getComputeWorker().setCacheLimit(bytes));
      setDraft(null);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: cacheEntriesQuery.queryKey });
    }
  };
  const draftMb = Number(draft);
  const valid = draft !== null && Number.isFinite(draftMb) && draftMb >= 0.01;
  return (
    <div className="cache-health" data-testid="cache-health">
      <p data-testid="cache-repair" role="status">
        {h.repair === null && h.repairError === null ? 'The cache is checked once the first view is drawn.' : repairLines(h).join(' ')}
        {h.repairError !== null && ` The check failed: ${h.repairError}.`}
      </p>
      <form
        className="cache-limit"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void apply(Math.round(draftMb * MB));
        }}
      >
        <label>
          Size limit (MB){' '}
          <input type="number" min={0.01} step="any" value={draft ?? limitMb} onChange={(e) => setDraft(e.target.value)} aria-describedby="cache-limit-note" />
        </label>{' '}
        <button type="submit" disabled={!valid || saving}>
          Set limit
        </button>{' '}
        <button type="button" disabled={h.limitIsDefault || saving} onClick={() => void apply(null)}>
          Default
        </button>
      </form>
      <p id="cache-limit-note" className="muted" data-testid="cache-limit">
        {`Using ${formatBytes(h.bytes)} of ${h.limitBytes === null ? 'no limit' : formatBytes(h.limitBytes)}`}
        {h.limitIsDefault ? ` (the default: half the browser’s quota, at most 2 GB)` : ` (default ${formatBytes(h.defaultLimitBytes)})`}
        {'. Least recently used entries make room; those on screen or being loaded never do.'}
        {h.evicted.count > 0 && ` This session: ${entries(h.evicted.count)} (${formatBytes(h.evicted.bytes)}) evicted.`}
        {h.overLimit > 0 && ` ${entries(h.overLimit)} not stored: everything else was in use.`}
      </p>
      <p className="muted" data-testid="browser-storage">
        {h.browser
          ? `The browser reports ${formatBytes(h.browser.usage)} used by this site of ${formatBytes(h.browser.quota)} it allows.`
          : 'The browser does not report its storage quota.'}
      </p>
    </div>
  );
}
