// Whether the browser says it is online (navigator.onLine, followed through the window's
// online/offline events). `false` is reliable (no network at all); `true` only means a network
// exists, so requests may still fail and are handled where they are made.
import { useSyncExternalStore } from 'react';

type EventSource = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/** Calls `onChange` on every online/offline event of `target`; returns the unsubscribe. */
export function subscribeOnlineStatus(target: EventSource, onChange: () => void): () => void {
  target.addEventListener('online', onChange);
  target.addEventListener('offline', onChange);
  return () => {
    target.removeEventListener('online', onChange);
    target.removeEventListener('offline', onChange);
  };
}

const subscribe = (onChange: () => void): (() => void) => subscribeOnlineStatus(window, onChange);
const snapshot = (): boolean => navigator.onLine;
const serverSnapshot = (): boolean => true;

/** True unless the browser reports being offline; re-renders when that changes. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}
