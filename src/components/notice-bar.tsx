export interface NoticeBarProps {
  readonly notices: readonly string[];
  readonly onDismiss: () => void;
}

/** Says which parts of a shared link could not be honoured. Never blocks the page. */
export function NoticeBar({ notices, onDismiss }: NoticeBarProps) {
  if (notices.length === 0) return null;
  return (
    <div className="notice-bar" role="status" data-testid="url-notices">
      <ul>
        {notices.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss} aria-label="Dismiss notices">
        Dismiss
      </button>
    </div>
  );
}
