import { describe, expect, it } from 'vitest';
import { LruStore } from './compute-store';

describe('LruStore', () => {
  it('evicts the least recently used entry past maxEntries; get refreshes recency', () => {
    const s = new LruStore<number>({ maxEntries: 2, sizeOf: () => 1 });
    s.set('a', 1);
    s.set('b', 2);
    expect(s.get('a')).toBe(1);
    s.set('c', 3);
    expect(s.keys()).toEqual(['a', 'c']);
    expect(s.has('b')).toBe(false);
  });

  it('evicts by bytes but always keeps the entry just set, even when it alone is too big', () => {
    const s = new LruStore<number>({ maxEntries: 10, maxBytes: 10, sizeOf: (v) => v });
    s.set('a', 4);
    s.set('b', 4);
    s.set('c', 4);
    expect(s.keys()).toEqual(['b', 'c']);
    expect(s.bytes()).toBe(8);
    s.set('huge', 50);
    expect(s.keys()).toEqual(['huge']);
  });

  it('applies conflict rules before inserting; replacing a key keeps one entry', () => {
    const s = new LruStore<number>({
      maxEntries: 10,
      sizeOf: () => 1,
      conflicts: (v, held) => (v >= 25 ? [...held].filter(([, x]) => x >= 25).map(([k]) => k) : []),
    });
    s.set('x', 25);
    s.set('y', 10);
    s.set('z', 30);
    expect(s.keys()).toEqual(['y', 'z']);
    s.set('y', 11);
    expect(s.keys()).toEqual(['z', 'y']);
    expect(s.size).toBe(2);
    s.delete('z');
    expect(s.keys()).toEqual(['y']);
  });

  it('reports every removal (eviction, replacement, delete) to onRemove', () => {
    const removed: string[] = [];
    const s = new LruStore<number>({ maxEntries: 2, sizeOf: () => 1, onRemove: (k, v) => removed.push(`${k}=${v}`) });
    s.set('a', 1);
    s.set('b', 2);
    s.set('c', 3);
    s.set('b', 4);
    s.delete('c');
    s.delete('missing');
    expect(removed).toEqual(['a=1', 'b=2', 'c=3']);
    expect(s.peek('b')).toBe(4);
  });
});
