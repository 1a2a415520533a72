// A visible note when the browser cache switched itself off (quota exceeded, IndexedDB missing):
// the app keeps working, it only downloads again next time. Corrupt entries are evicted and
// re-fetched silently (the cache panel lists them), so they are not shown here.
import { useEffect, useState } from 'react';
import { getComputeWorker, onCacheProblem } from '../data/services.ts';

export function CacheNotice() {
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void getComputeWorker()
      .cacheStatus()
      .then((s) => live && s !== null && setReason(s));
    const off = onCacheProblem((p) => {
      if (p.kind === 'quota' || p.kind === 'unavailable') setReason(p.message);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  if (reason === null) return null;
  return (
    <p className="muted small" role="status" data-testid="cache-notice">
      Browser storage is unavailable ({reason}). Volumes still load and the figure is complete; they will be downloaded again on the next visit.
    </p>
  );
}
