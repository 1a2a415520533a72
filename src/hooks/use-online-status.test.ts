import { describe, expect, it } from 'vitest';
import { subscribeOnlineStatus } from './use-online-status.ts';

describe('subscribeOnlineStatus', () => {
  it('reports online and offline events until unsubscribed', () => {
    const target = new EventTarget();
    let changes = 0;
    const unsubscribe = subscribeOnlineStatus(target as unknown as Window, () => changes++);
    target.dispatchEvent(new Event('offline'));
    target.dispatchEvent(new Event('online'));
    target.dispatchEvent(new Event('resize'));
    expect(changes).toBe(2);
    unsubscribe();
    target.dispatchEvent(new Event('offline'));
    expect(changes).toBe(2);
  });
});
