import { describe, expect, it } from 'vitest';
import type { AnnotationForm, ExpandedLabels, FetchedGrid } from '../protocol/grid-fetch-contract.ts';
import { createGridFetchPool } from './grid-fetch-pool.ts';
import type { GridFetcher } from './grid-fetch-client.ts';

/** A fetcher whose answers the test releases by hand; it records what it was asked. */
function manualFetcher(name: string) {
  const asked: number[] = [];
  const cancelled: string[] = [];
  const pending = new Map<number, (g: FetchedGrid) => void>();
  const fetcher: GridFetcher = {
    fetchGrid: (experimentId) => {
      asked.push(experimentId);
      return new Promise<FetchedGrid>((resolve) => pending.set(experimentId, resolve));
    },
    cancelTag: (tag) => {
      cancelled.push(tag);
    },
  };
  const answer = (id: number): void => {
    pending.get(id)?.({ ok: true, experimentId: id, format: 'packed', bytes: new ArrayBuffer(8), url: `${name}/${id}`, downloadedBytes: 8 });
    pending.delete(id);
  };
  return { fetcher, asked, cancelled, answer };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('grid fetch pool', () => {
  it('is no fetcher while empty, and the fetcher itself with one member', () => {
    const pool = createGridFetchPool();
    expect(pool.fetcher()).toBeNull();
    const a = manualFetcher('a');
    pool.add(a.fetcher);
    expect(pool.fetcher()).toBe(a.fetcher);
  });

  it('sends each grid to the fetcher with the fewest in flight, and counts answers back', async () => {
    const pool = createGridFetchPool();
    const a = manualFetcher('a');
    const b = manualFetcher('b');
    pool.add(a.fetcher);
    pool.add(b.fetcher);
    const f = pool.fetcher();
    if (!f) throw new Error('no fetcher');
    const got = [1, 2, 3, 4].map((id) => f.fetchGrid(id, 'auto', 'job-1|1'));
    expect(a.asked).toEqual([1, 3]);
    expect(b.asked).toEqual([2, 4]);
    // a finishes both: the next two go to a, which is now the less busy
    a.answer(1);
    a.answer(3);
    await settle();
    void f.fetchGrid(5, 'auto', 'job-1|1');
    void f.fetchGrid(6, 'auto', 'job-1|1');
    expect(a.asked).toEqual([1, 3, 5, 6]);
    expect(b.asked).toEqual([2, 4]);
    b.answer(2);
    b.answer(4);
    const answers = await Promise.all(got.map((p) => Promise.resolve(p)));
    expect(answers.map((g) => (g.ok ? g.url : null))).toEqual(['a/1', 'b/2', 'a/3', 'b/4']);
  });

  it('a failed fetch frees its slot too', async () => {
    const pool = createGridFetchPool();
    const failing: GridFetcher = { fetchGrid: () => Promise.reject(new Error('port closed')), cancelTag: () => undefined };
    const b = manualFetcher('b');
    pool.add(failing);
    pool.add(b.fetcher);
    const f = pool.fetcher();
    if (!f) throw new Error('no fetcher');
    await expect(Promise.resolve(f.fetchGrid(1, 'auto', 't'))).rejects.toThrow('port closed');
    // both idle again: the first member, then the other
    await expect(Promise.resolve(f.fetchGrid(2, 'auto', 't'))).rejects.toThrow('port closed');
    void f.fetchGrid(3, 'auto', 't');
    void f.fetchGrid(4, 'auto', 't');
    expect(b.asked).toEqual([4]);
  });

  it('cancels a tag on every fetcher', () => {
    const pool = createGridFetchPool();
    const a = manualFetcher('a');
    const b = manualFetcher('b');
    pool.add(a.fetcher);
    pool.add(b.fetcher);
    void pool.fetcher()?.cancelTag('job-7|2');
    expect(a.cancelled).toEqual(['job-7|2']);
    expect(b.cancelled).toEqual(['job-7|2']);
  });

  it('expands an annotation on the least busy member that can; none can: no expander', async () => {
    const pool = createGridFetchPool();
    const plain = manualFetcher('plain');
    pool.add(plain.fetcher);
    expect(pool.expander()).toBeNull();
    const asked: string[] = [];
    const expanding = (name: string): GridFetcher => ({
      ...manualFetcher(name).fetcher,
      expandAnnotation: (bytes: ArrayBuffer, form: AnnotationForm): ExpandedLabels => {
        asked.push(`${name}:${bytes.byteLength}:${form}`);
        return { labels: new ArrayBuffer(8), shape: { nx: 2, ny: 1, nz: 1, resolutionUm: 50 }, ms: 1 };
      },
    });
    const a = expanding('a');
    const b = expanding('b');
    pool.add(a);
    pool.add(b);
    // plain, then a, are busy with a grid: the expansion goes to b
    void pool.fetcher()?.fetchGrid(1, 'auto', 't');
    void pool.fetcher()?.fetchGrid(2, 'auto', 't');
    const expand = pool.expander();
    if (!expand) throw new Error('no expander');
    const got = await expand(new ArrayBuffer(12), 'nrrd');
    expect([asked, got.labels.byteLength, got.shape.nx]).toEqual([['b:12:nrrd'], 8, 2]);
  });

  it('a member that throws at once frees its slot and rejects', async () => {
    const pool = createGridFetchPool();
    const throwing: GridFetcher = {
      fetchGrid: () => {
        throw new Error('closed');
      },
      cancelTag: () => undefined,
      expandAnnotation: () => {
        throw new Error('bad runs');
      },
    };
    pool.add(throwing);
    pool.add(manualFetcher('b').fetcher);
    const f = pool.fetcher();
    await expect(Promise.resolve(f?.fetchGrid(1, 'auto', 't'))).rejects.toThrow('closed');
    await expect(pool.expander()?.(new ArrayBuffer(4), 'runs')).rejects.toThrow('bad runs');
    await expect(pool.expander()?.(new ArrayBuffer(4), 'runs')).rejects.toThrow('bad runs');
  });
});
