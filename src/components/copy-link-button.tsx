// Copies the current address (which holds the whole view) to the clipboard, with feedback. A link
// longer than the app reads back (linkTooLong) is not copied: the button says why.
// The app's own limits (regions, sources, targets) keep every link it writes under that length.
import { useState } from 'react';
import { linkTooLong } from '../state/url-state.ts';

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed' | 'too-long'>('idle');
  const [why, setWhy] = useState<string | null>(null);
  return (
    <button
      type="button"
      title={why ?? 'Copy a link that reopens exactly this view'}
      onClick={async () => {
        const tooLong = linkTooLong(window.location.search);
        setWhy(tooLong);
        try {
          if (tooLong) setState('too-long');
          else {
            await navigator.clipboard.writeText(window.location.href);
            setState('copied');
          }
        } catch {
          setState('failed');
        }
        window.setTimeout(() => setState('idle'), tooLong ? 6000 : 2000);
      }}
    >
      {state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed: use the address bar' : state === 'too-long' ? 'Link too long' : 'Copy link'}
    </button>
  );
}
