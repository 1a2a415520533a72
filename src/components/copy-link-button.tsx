// Copies the current address (which holds the whole view) to the clipboard, with feedback.
import { useState } from 'react';

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      title="Copy a link that reopens exactly this view"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(window.location.href);
          setState('copied');
        } catch {
          setState('failed');
        }
        window.setTimeout(() => setState('idle'), 2000);
      }}
    >
      {state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed: use the address bar' : 'Copy link'}
    </button>
  );
}
