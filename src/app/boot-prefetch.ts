// Work a link needs first, started before the rest of the app is even evaluated: start-app.tsx
// imports this module first, and importing it starts the read of a projectome link's stored first
// frame (straight from IndexedDB, data/stored-frame.ts) while React and the app's modules load. The
// view reads the same react-query entries (firstApSnapshotQuery, atlasQuery), so nothing is read twice.
import { prefetchAtlases } from '../data/queries.ts';
import { queryClient } from '../data/query-client.ts';
import { requestOfLocation } from '../features/projectome/projectome-request.ts';
import { firstApSnapshotQuery } from '../features/projectome/use-frame-snapshot.ts';

// when the app's own code starts running (bench:browser splits a repeat URL's first frame at it)
performance.mark('bsv:app-start');

export function bootPrefetch(search: string): void {
  const request = requestOfLocation(search);
  if (!request) return;
  const first = firstApSnapshotQuery(JSON.stringify(request));
  const frame = queryClient.prefetchQuery(first);
  // The numbers' atlas depends on nothing the metadata says: when the link has no stored frame, the
  // worker reads it while the ontology and the experiment list load, instead of after the view
  // has mounted (useAtlasPrefetch joins this load). With a stored frame the view asks for it
  // itself, after it has decided whether the whole stored frame must be read first (the worker
  // reads one thing at a time: an atlas asked here would delay that frame). The drawing atlas is
  // not asked: the projectome's sections are stored with it (backend/section-cache.ts) and load
  // it only when they are not.
  void frame.then(() => {
    if (queryClient.getQueryData(first.queryKey)) return;
    prefetchAtlases(queryClient, false);
  });
}

bootPrefetch(window.location.search);
