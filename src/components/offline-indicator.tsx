// The header's offline notice. The live region is always there (so a change is announced) and
// empty while online; offline it says what still works: cached metadata and cached volumes.
import { useOnline } from '../hooks/use-online-status.ts';

export const OFFLINE_TITLE =
  'No network: searches use the experiment list and ontology cached in this browser, and figures draw from the volumes cached here. ' +
  'Anything not cached loads when you are back online.';

export function OfflineIndicator() {
  const online = useOnline();
  return (
    <span className="offline-indicator" role="status" data-testid="offline-indicator" data-online={online ? 'true' : 'false'}>
      {!online && <span title={OFFLINE_TITLE}>Offline — cached data</span>}
    </span>
  );
}
