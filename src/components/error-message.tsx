// Inline error: what was asked, what failed, what still worked, and a retry when there is one.
import type { ReactNode } from 'react';

export interface ErrorMessageProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly onRetry?: () => void;
  readonly retryLabel?: string;
}

export function ErrorMessage({ title, children, onRetry, retryLabel = 'Retry' }: ErrorMessageProps) {
  return (
    <div className="error-message" role="alert">
      <strong>{title}</strong>
      {children !== undefined && <div className="error-detail">{children}</div>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
