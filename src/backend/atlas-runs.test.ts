// The 25 µm (runs-only) atlas: downloaded, turned into runs while inflating, cached once and held
// as runs; numbers never touch it; a caller that gives up cancels it when it is the last one.
import 'fake-indexeddb/auto';
import { gzipSync } from 'fflate';
import { createStore } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import type { AllenClient } from '../allen/index.ts';
import { encodeLabelRuns } from '../compute/label-runs.ts';
import { labelRunsVolume } from '../compute/label-runs-volume.ts';
import type { GridShape } from '../compute/grid.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import type { AtlasProgress } from '../protocol/data-contract.ts';
import { createAtlasLoader } from './atlas.ts';
import { createVolumeCache } from './cache/index.ts';

const S: GridShape = { nx: 16, ny: 6, nz: 5, resolutionUm: 25 };
const labels = (() => {
  const v = new Uint32Array(S.nx * S.ny * S.nz);
  for (let i = 0; i < v.length; i++) v[i] = i % 7 < 3 ? 0 : 672 + (i % 3);
  return v;
})();

function nrrd(): ArrayBuffer {
  const head = new TextEncoder().encode(
    `NRRD0004\ntype: unsigned int\ndimension: 3\nsizes: ${S.nx} ${S.ny} ${S.nz}\nspacings: 25 25 25\nendian: little\nencoding: gzip\n\n`,
  );
  const body = gzipSync(new Uint8Array(labels.buffer));
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out.buffer;
}

function setup(name: string, opts: { hold?: boolean } = {}) {
  const requests: number[] = [];
  let release: () => void = () => undefined;
  const gate = opts.hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  const signals: AbortSignal[] = [];
  const client = {
    fetchAnnotation: async (res: number, o?: { signal?: AbortSignal; onProgress?: (d: number, t: number | null) => void }) => {
      requests.push(res);
      if (o?.signal) signals.push(o.signal);
      const bytes = nrrd();
      o?.onProgress?.(bytes.byteLength / 2, bytes.byteLength);
      await gate;
      o?.signal?.throwIfAborted();
      o?.onProgress?.(bytes.byteLength, bytes.byteLength);
      return { bytes, source: { kind: 'direct', base: 'b' }, skipped: [] };
    },
  } as unknown as AllenClient;
  const held = new Map<string, ReturnType<typeof labelRunsVolume>>();
  const expanded: string[] = [];
  const worker = {
    hasAnnotation: (key: string) => held.has(key),
    holdAnnotationRuns: (key: string, bytes: ArrayBuffer) => {
      const v = labelRunsVolume(bytes);
      held.set(key, v);
      return { key, shape: v.shape, bytes: v.byteLength, decodeMs: 0 };
    },
    loadAnnotation: (key: string) => void expanded.push(key),
    loadAnnotationRuns: (key: string) => void expanded.push(key),
  } as unknown as ComputeWorkerApi;
  const cache = createVolumeCache({ store: createStore(`atlas-runs-${name}`, 'volumes') });
  const loader = createAtlasLoader(() => ({ config: { apiBase: 'a', downloadBase: 'b', release: 'r' }, client, cache }), worker);
  return { loader, cache, requests, held, expanded, signals, release };
}

describe('the 25 µm drawing atlas', () => {
  it('is downloaded once, built into runs with progress, cached, and held as runs (never expanded)', async () => {
    const a = setup('once');
    const progress: AtlasProgress[] = [];
    await expect(a.loader.ensure(25, undefined, (p) => progress.push(p))).resolves.toBe('annotation-25');
    expect(a.requests).toEqual([25]);
    expect(a.expanded).toEqual([]);
    expect(progress.some((p) => p.phase === 'download' && p.total !== null && p.done > 0)).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: 'build', done: labels.length, total: labels.length });
    const cached = await a.cache.get(a.cache.key('annotation', 'ccf2017-runs', 25));
    expect(cached?.bytes).toEqual(encodeLabelRuns(labels, S));
    const info = a.loader.sources().find((s) => s.resolution === 25);
    expect(info).toMatchObject({ from: 'network', downloadBytes: nrrd().byteLength });
    expect(info?.heldBytes).toBeGreaterThan(0);
    expect(info?.buildMs).toBeGreaterThanOrEqual(0);
    // no NRRD record: the runs are the cached form
    expect(await a.cache.get(a.cache.key('annotation', 'ccf2017', 25))).toBeNull();

    // the next session reads the runs, no request
    const b = setup('once');
    await expect(b.loader.ensure(25)).resolves.toBe('annotation-25');
    expect(b.requests).toEqual([]);
    expect(b.loader.sources().find((s) => s.resolution === 25)?.from).toBe('cache');
  });

  it('is cancelled when its last caller gives up, shared while one still waits', async () => {
    const a = setup('cancel', { hold: true });
    const first = new AbortController();
    const second = new AbortController();
    const p1 = a.loader.ensure(25, first.signal);
    const p2 = a.loader.ensure(25, second.signal);
    await vi.waitFor(() => expect(a.requests).toEqual([25]));
    first.abort(new Error('view closed'));
    await expect(p1).rejects.toThrow('view closed');
    expect(a.signals[0]?.aborted).toBe(false);
    second.abort(new Error('switched back to 50 µm'));
    await expect(p2).rejects.toThrow('switched back');
    // after a grace period for a next request to join
    expect(a.signals[0]?.aborted).toBe(false);
    await vi.waitFor(() => expect(a.signals[0]?.aborted).toBe(true), { timeout: 3000 });
    a.release();
    await vi.waitFor(async () => expect(await a.cache.get(a.cache.key('annotation', 'ccf2017-runs', 25))).toBeNull());
    // a new choice starts a new load
    const again = setup('cancel');
    await expect(again.loader.ensure(25)).resolves.toBe('annotation-25');
  });

  it('a caller joining within the grace period keeps the download going', async () => {
    const a = setup('grace', { hold: true });
    const first = new AbortController();
    const p1 = a.loader.ensure(25, first.signal);
    await vi.waitFor(() => expect(a.requests).toEqual([25]));
    first.abort(new Error('request replaced'));
    await expect(p1).rejects.toThrow('request replaced');
    const p2 = a.loader.ensure(25, new AbortController().signal);
    a.release();
    await expect(p2).resolves.toBe('annotation-25');
    expect(a.requests).toEqual([25]);
    expect(a.signals[0]?.aborted).toBe(false);
  });

  it('a corrupt cached record is dropped and the atlas downloaded again', async () => {
    const a = setup('corrupt');
    await a.cache.put(a.cache.key('annotation', 'ccf2017-runs', 25), new Uint8Array(40), { dtype: 'uint8', dims: [40, 1, 1] });
    await a.loader.ensure(25);
    expect(a.requests).toEqual([25]);
  });
});
