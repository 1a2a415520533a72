// Work a link needs first, started before the rest of the app is even evaluated: main.tsx imports
// this module first, and importing it starts the read of a projectome link's stored first frame
// (straight from IndexedDB, data/stored-frame.ts) while React, the app's modules and the worker
// load. The view reads the same react-query entry (firstApSnapshotQuery), so nothing is read twice.
import { queryClient } from '../data/query-client.ts';
import { requestOfLocation } from '../features/projectome/projectome-request.ts';
import { firstApSnapshotQuery } from '../features/projectome/use-frame-snapshot.ts';

export function bootPrefetch(search: string): void {
  const request = requestOfLocation(search);
  if (request) void queryClient.prefetchQuery(firstApSnapshotQuery(JSON.stringify(request)));
}

bootPrefetch(window.location.search);
