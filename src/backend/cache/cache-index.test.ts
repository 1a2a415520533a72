import { describe, expect, it } from 'vitest';
import { createCacheIndex } from './cache-index.ts';

const none = new Set<string>();

describe('cache index: size limit and least-recently-used eviction', () => {
  it('evicts nothing while a write fits under the limit', () => {
    const index = createCacheIndex();
    index.set('a', 100, 'grid', 1);
    index.set('b', 100, 'grid', 2);
    expect(index.planEviction(100, 300, none)).toEqual({ evict: [], evictBytes: 0, fits: true });
    expect(index.totalBytes()).toBe(200);
  });

  it('evicts least recently used first, only as many as needed', () => {
    const index = createCacheIndex();
    index.set('old', 100, 'grid', 10);
    index.set('new', 100, 'grid', 30);
    index.set('mid', 100, 'aggregate', 20);
    expect(index.planEviction(100, 300, none)).toEqual({ evict: ['old'], evictBytes: 100, fits: true });
    expect(index.planEviction(250, 300, none).evict).toEqual(['old', 'mid', 'new']);
    // a read makes an entry recent again
    index.touch('old', 40);
    expect(index.planEviction(100, 300, none).evict).toEqual(['mid']);
  });

  it('entries never used since last-used times were kept go first', () => {
    const index = createCacheIndex();
    index.set('used', 100, 'grid', 5);
    index.set('legacy', 100, 'grid', 0);
    expect(index.planEviction(100, 200, none).evict).toEqual(['legacy']);
  });

  it('never evicts a pinned entry or one being written, and says when the write cannot fit', () => {
    const index = createCacheIndex();
    index.set('a', 100, 'grid', 1);
    index.set('b', 100, 'grid', 2);
    index.set('c', 100, 'grid', 3);
    index.pin('job-1', ['a']);
    index.pin('view', ['b']);
    expect(index.planEviction(100, 300, none)).toEqual({ evict: ['c'], evictBytes: 100, fits: true });
    expect(index.planEviction(100, 300, new Set(['c']))).toEqual({ evict: [], evictBytes: 0, fits: false });
    expect(index.planEviction(200, 300, none)).toEqual({ evict: ['c'], evictBytes: 100, fits: false });
    index.unpin('job-1');
    expect(index.planEviction(200, 300, none).evict).toEqual(['a', 'c']);
    // pinning anew replaces the owner's pins
    index.pin('view', ['c']);
    expect(index.isPinned('b')).toBe(false);
    expect(index.isPinned('c')).toBe(true);
  });

  it('keeps the total and the usage per kind in step with writes and deletes', () => {
    const index = createCacheIndex();
    index.set('g1', 100, 'grid', 1);
    index.set('g2', 50, 'grid', 1);
    index.set('m', 7, 'metadata', 1);
    index.set('g1', 80, 'grid', 2); // rewritten smaller
    index.remove('g2');
    expect(index.totalBytes()).toBe(87);
    expect(Object.fromEntries(index.byKind())).toEqual({ grid: { count: 1, bytes: 80 }, metadata: { count: 1, bytes: 7 } });
  });
});
