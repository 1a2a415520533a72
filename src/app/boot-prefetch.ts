// Work a link needs first, started before the rest of the app is even evaluated: start-app.tsx
// imports this module first, and importing it starts the read of a projectome link's stored first
// frame (straight from IndexedDB, data/stored-frame.ts) while React and the app's modules load. The
// view reads the same react-query entry (firstApSnapshotQuery), so nothing is read twice.
import { queryClient } from '../data/query-client.ts';
import { requestOfLocation } from '../features/projectome/projectome-request.ts';
import { firstApSnapshotQuery } from '../features/projectome/use-frame-snapshot.ts';

// when the app's own code starts running (bench:browser splits a repeat URL's first frame at it)
performance.mark('bsv:app-start');

export function bootPrefetch(search: string): void {
  const request = requestOfLocation(search);
  if (!request) return;
  // No atlas is asked for here: a projectome's first frame needs the target's mask and its drawn
  // sections, which are stored with the atlas (backend/mask-cache.ts, section-cache.ts); the
  // pipeline loads the atlas only when they are not (a target never drawn before).
  void queryClient.prefetchQuery(firstApSnapshotQuery(JSON.stringify(request)));
}

bootPrefetch(window.location.search);
