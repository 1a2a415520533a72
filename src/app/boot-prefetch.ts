// Work a link needs first, started before React renders: a projectome link's stored first frame
// is read while the page's first render runs (the worker starts now, not at the view's mount).
// The view reads the same react-query entry (frameSnapshotQuery), so nothing is read twice.
import { queryClient } from '../data/query-client.ts';
import { requestOfLocation } from '../features/projectome/projectome-request.ts';
import { frameSnapshotQuery } from '../features/projectome/use-frame-snapshot.ts';

export function bootPrefetch(search: string): void {
  const request = requestOfLocation(search);
  if (request) void queryClient.prefetchQuery(frameSnapshotQuery(JSON.stringify(request)));
}
