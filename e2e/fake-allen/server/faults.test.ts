import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAllen } from '../control.ts';
import { gunzip, parseNrrd, queryUrl } from '../test-helpers.ts';
import { FaultState, mergeFaults, NO_FAULTS } from './faults.ts';
import { startFakeAllen } from './server.ts';
import type { FakeAllen } from './server.ts';

let fake: FakeAllen;
let base = '';
const delays: number[] = [];
const control = () => fakeAllen(base);
const gridUrl = (n = 0): string => `${base}/grid_data/download_file/${fake.world.experiments[n]?.id ?? 0}?image=projection_density&resolution=100`;
const serviceUrl = (): string => queryUrl(base, 'service::mouse_connectivity_injection_structure[injection_structures$eqVISp]');

beforeAll(async () => {
  fake = await startFakeAllen({
    port: 0,
    seed: 11,
    mode: 'builtin',
    sharedAllenDir: null,
    cacheDir: null,
    warm: false,
    delay: async (ms) => {
      delays.push(ms);
    },
  });
  base = fake.url;
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  await control().reset();
  delays.length = 0;
});

describe('aborted requests', () => {
  it('a fetch aborted during the latency is logged as aborted with its start time', async () => {
    // Latency that never ends by itself: only the client going away finishes the request.
    const slow = await startFakeAllen({
      port: 0,
      seed: 11,
      mode: 'builtin',
      sharedAllenDir: null,
      cacheDir: null,
      warm: false,
      delay: () => new Promise<void>(() => undefined),
    });
    try {
      await fakeAllen(slow.url).configure({ latencyMs: 5000 });
      const id = slow.world.experiments[0]?.id ?? 0;
      const before = Date.now();
      const ctl = new AbortController();
      const pending = fetch(`${slow.url}/grid_data/download_file/${id}?image=projection_density&resolution=100`, { signal: ctl.signal });
      await vi.waitFor(() => expect(slow.faults.decided).toBe(1));
      ctl.abort();
      await expect(pending).rejects.toThrow();
      await vi.waitFor(async () => expect(await fakeAllen(slow.url).requests()).toHaveLength(1));
      const [entry] = await fakeAllen(slow.url).requests();
      expect(entry).toMatchObject({ aborted: true, status: 0, experimentId: id });
      expect(entry?.startedAt).toBeGreaterThanOrEqual(before);
    } finally {
      await slow.close();
    }
  });
});

describe('fault injection', () => {
  it('failFirst: the first K requests to each URL fail, then they succeed; other URLs are untouched', async () => {
    await control().configure({ failFirst: 2, match: 'grid_data' });
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await fetch(gridUrl(0))).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect((await fetch(gridUrl(1))).status).toBe(500);
    expect((await fetch(serviceUrl())).status).toBe(200);
    const log = await control().requests({ path: 'grid_data' });
    expect(log.map((e) => e.fault)).toEqual(['fail-first', 'fail-first', null, 'fail-first']);
  });

  it('status overrides the failure code', async () => {
    await control().configure({ failFirst: 1, status: 503 });
    expect((await fetch(serviceUrl())).status).toBe(503);
    expect((await fetch(serviceUrl())).status).toBe(200);
  });

  it('successFalseRate: query.json answers HTTP 200 success:false "Informatics service request failed"', async () => {
    await control().configure({ successFalseRate: 1, match: 'service::' });
    const r = await fetch(serviceUrl());
    expect(r.status).toBe(200);
    const env = (await r.json()) as { success: boolean; msg: unknown };
    expect(env.success).toBe(false);
    expect(env.msg).toBe('Error in query: service::mouse_connectivity_injection_structure, Informatics service request failed');
    const fallback = (await (await fetch(queryUrl(base, "model::ApiConnectivity,rma::options[num_rows$eq'all']"))).json()) as { success: boolean };
    expect(fallback.success).toBe(true);
    expect((await control().requests({ fault: 'success-false' })).length).toBe(1);
    expect((await control().requests({ path: 'service::mouse_connectivity' })).length).toBe(1);
  });

  it('truncateRate: the client sees an error reading the body', async () => {
    const full = (await (await fetch(gridUrl(2))).arrayBuffer()).byteLength;
    await control().configure({ truncateRate: 1 });
    const r = await fetch(gridUrl(2));
    expect(r.headers.get('content-length')).toBe(String(full));
    await expect(r.arrayBuffer()).rejects.toThrow();
    const [entry] = await control().requests({ fault: 'truncate' });
    expect(entry?.bytes).toBe(Math.floor(full / 2));
  });

  it('shortBodyRate: half the body with a matching Content-Length; only decoding fails', async () => {
    const full = (await (await fetch(gridUrl(3))).arrayBuffer()).byteLength;
    await control().configure({ shortBodyRate: 1 });
    const r = await fetch(gridUrl(3));
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(r.status).toBe(200);
    expect(bytes.length).toBe(Math.floor(full / 2));
    expect(r.headers.get('content-length')).toBe(String(bytes.length));
    expect(() => gunzip(parseNrrd(bytes).payload)).toThrow();
  });

  it('latencyMs delays matching requests only (through the injected delay)', async () => {
    await control().configure({ latencyMs: 1234, match: 'structure_graph' });
    await fetch(`${base}/api/v2/structure_graph_download/1.json`);
    await fetch(serviceUrl());
    expect(delays).toEqual([1234]);
  });

  it('failRate is deterministic given the seed and URL attempt', () => {
    const a = new FaultState(5);
    const b = new FaultState(5);
    a.reset(mergeFaults(NO_FAULTS, { failRate: 0.5 }));
    b.reset(mergeFaults(NO_FAULTS, { failRate: 0.5 }));
    const seqA = Array.from({ length: 40 }, (_, n) => a.decide(`/u${n % 4}`, 'json').fault);
    // b sees the same URLs in a different interleaving: per-URL verdicts must not change.
    const seqB = new Map<number, (string | null)[]>();
    for (const u of [3, 2, 1, 0]) for (let n = 0; n < 10; n++) seqB.set(u, [...(seqB.get(u) ?? []), b.decide(`/u${u}`, 'json').fault]);
    for (let u = 0; u < 4; u++) expect(seqA.filter((_, n) => n % 4 === u)).toEqual(seqB.get(u));
    expect(seqA).toContain('fail-rate');
    expect(seqA).toContain(null);
  });

  it('failAlways: listed URLs always fail with the status while random faults hit the rest', async () => {
    const dead = fake.world.experiments[4]?.id ?? 0;
    await control().configure({ failAlways: [`/${dead}?`], status: 503, match: 'structure_graph', failRate: 1 });
    const deadUrl = `${base}/grid_data/download_file/${dead}?image=projection_density&resolution=100`;
    expect([(await fetch(deadUrl)).status, (await fetch(deadUrl)).status]).toEqual([503, 503]);
    expect((await fetch(gridUrl(0))).status).toBe(200);
    expect((await fetch(`${base}/api/v2/structure_graph_download/1.json`)).status).toBe(503);
    expect((await control().requests({ fault: 'fail-always' })).map((r) => r.experimentId ?? r.url)).toEqual([
      deadUrl.slice(base.length),
      deadUrl.slice(base.length),
    ]);
    const bad = await fetch(`${base}/__fake/config`, { method: 'POST', body: JSON.stringify({ failAlways: 'x' }) });
    expect(bad.status).toBe(400);
  });

  it('noCors: listed URLs are served without CORS headers, the rest (and preflights) keep them', async () => {
    const annotation = `${base}/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_100.nrrd`;
    expect((await fetch(annotation, { method: 'HEAD' })).headers.get('access-control-allow-origin')).toBe('*');
    await control().configure({ noCors: ['/informatics-archive/'] });
    const refused = await fetch(annotation, { method: 'HEAD' });
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    expect((await fetch(annotation, { method: 'OPTIONS' })).headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(serviceUrl())).headers.get('access-control-allow-origin')).toBe('*');
    expect((await control().requests({ path: 'annotation_100' })).map((r) => r.status)).toEqual([200, 200, 204]);
    const bad = await fetch(`${base}/__fake/config`, { method: 'POST', body: JSON.stringify({ noCors: '/informatics-archive/' }) });
    expect(bad.status).toBe(400);
    await control().reset();
    expect((await fetch(annotation, { method: 'HEAD' })).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reset clears faults and the log; bad config is rejected with 400', async () => {
    await control().configure({ failRate: 1 });
    expect((await fetch(serviceUrl())).status).toBe(500);
    await control().reset();
    expect(await control().requests()).toEqual([]);
    expect(await control().config()).toEqual(NO_FAULTS);
    expect((await fetch(serviceUrl())).status).toBe(200);
    const bad = await fetch(`${base}/__fake/config`, { method: 'POST', body: JSON.stringify({ failRate: 2 }) });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${base}/__fake/config`, { method: 'POST', body: JSON.stringify({ explode: true }) });
    expect(unknown.status).toBe(400);
  });
});
