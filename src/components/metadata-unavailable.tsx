// What an analysis view shows when the metadata it builds on failed for good (the ontology, or
// for the projectome the list of all experiments): what failed, what still works, Retry. The
// shell shows it instead of the view, whose "Loading…" would otherwise never end; the app also
// retries by itself when the browser comes back online.
import { ErrorMessage } from './error-message.tsx';

export interface MetadataFailure {
  /** "The structure ontology", "The list of all experiments". */
  readonly what: string;
  readonly error: Error;
  /** What the user can still do, in one sentence. */
  readonly stillWorks: string;
}

export function MetadataUnavailable({ failure, onRetry }: { readonly failure: MetadataFailure; readonly onRetry: () => void }) {
  return (
    <section className="panel" data-testid="metadata-unavailable" data-render-state="error">
      <ErrorMessage title={`${failure.what} could not be loaded, so this view cannot be drawn.`} onRetry={onRetry}>
        <p>{failure.error.message}</p>
        <p>{failure.stillWorks}</p>
      </ErrorMessage>
    </section>
  );
}
