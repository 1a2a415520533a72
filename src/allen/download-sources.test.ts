import { describe, expect, it } from 'vitest';
import { createAllenClient } from './client.ts';
import { configuredDownloadSources, createSourceMemory, orderSources, type DownloadSource } from './download-sources.ts';
import { AllenError } from './errors.ts';
import { asciiBytes, bytesResponse, createFakeFetch, type FakeHandler } from './fake-fetch.ts';

const NRRD = asciiBytes('NRRD0004\ntype: uint32\n', 256);
const PATH = '/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_100.nrrd';
const DIRECT = 'https://download.test';
const SAME = 'https://lab.test/bsv/allen-download';
const MIRROR = 'https://mirror.test/allen';
const ALL: DownloadSource[] = [
  { kind: 'direct', base: DIRECT },
  { kind: 'same-origin', base: SAME },
  { kind: 'mirror', base: MIRROR },
];

/** Each base answers with its handler; a missing base answers like a CORS refusal. */
function clientWith(answers: Partial<Record<string, FakeHandler>>, sources: readonly DownloadSource[] = ALL, memory = createSourceMemory()) {
  const fake = createFakeFetch((url, call, init) => {
    const base = Object.keys(answers).find((b) => url.startsWith(b));
    const handler = base === undefined ? undefined : answers[base];
    return handler ? handler(url, call, init) : new TypeError('Failed to fetch');
  });
  const client = createAllenClient({
    apiBase: 'https://api.test',
    downloadBase: DIRECT,
    downloadSources: sources,
    sourceMemory: memory,
    fetch: fake.fetch,
    sleep: async () => undefined,
    attemptTimeoutMs: 0,
  });
  return { fake, client, memory };
}

describe('configuredDownloadSources', () => {
  it('is direct, same-origin, then the mirror when one is set; trailing slashes go', () => {
    expect(configuredDownloadSources({ direct: `${DIRECT}/`, sameOrigin: SAME, mirror: `${MIRROR}/` })).toEqual(ALL);
    expect(configuredDownloadSources({ direct: DIRECT, sameOrigin: SAME, mirror: '' }).map((s) => s.kind)).toEqual(['direct', 'same-origin']);
  });

  it('follows VITE_ALLEN_DOWNLOAD_SOURCES, drops repeats and rejects unknown kinds', () => {
    const order = configuredDownloadSources({ direct: DIRECT, sameOrigin: SAME, mirror: MIRROR, order: 'same-origin, mirror,same-origin' });
    expect(order).toEqual([ALL[1], ALL[2]]);
    expect(() => configuredDownloadSources({ direct: DIRECT, sameOrigin: SAME, order: 'direct,proxy' })).toThrow(/unknown source "proxy"/);
  });
});

describe('orderSources', () => {
  it('puts the remembered source first and keeps the others in order', () => {
    expect(orderSources(ALL, ALL[2] ?? null).map((s) => s.kind)).toEqual(['mirror', 'direct', 'same-origin']);
    expect(orderSources(ALL, null)).toEqual(ALL);
    // a remembered source this build no longer configures is ignored
    expect(orderSources(ALL, { kind: 'mirror', base: 'https://old.test' })).toEqual(ALL);
  });
});

describe('fetchAnnotation through the sources', () => {
  it('takes the direct host when it answers', async () => {
    const { fake, client, memory } = clientWith({ [DIRECT]: () => bytesResponse(NRRD) });
    const got = await client.fetchAnnotation(100);
    expect(got.source.kind).toBe('direct');
    expect(got.skipped).toEqual([]);
    expect(fake.calls).toEqual([`${DIRECT}${PATH}`]);
    expect(memory.preferred()?.kind).toBe('direct');
  });

  it('falls to the same-origin copy after one refused direct request, and asks it first next time', async () => {
    const { fake, client, memory } = clientWith({ [SAME]: () => bytesResponse(NRRD) });
    const got = await client.fetchAnnotation(100);
    expect(got.source).toEqual({ kind: 'same-origin', base: SAME });
    expect(got.skipped).toHaveLength(1);
    expect(got.skipped[0]).toMatch(/^direct https:\/\/download\.test: network error/);
    // one direct attempt, no retries before the next source
    expect(fake.calls).toEqual([`${DIRECT}${PATH}`, `${SAME}${PATH}`]);
    expect(memory.preferred()?.kind).toBe('same-origin');
    await client.fetchAnnotation(50);
    expect(fake.calls.slice(2)).toEqual([`${SAME}${PATH.replace('_100', '_50')}`]);
  });

  it('reaches the mirror when direct is refused and the site has no copy (404)', async () => {
    const { fake, client } = clientWith({ [SAME]: () => bytesResponse(asciiBytes('not found'), 9, 404), [MIRROR]: () => bytesResponse(NRRD) });
    const got = await client.fetchAnnotation(100);
    expect(got.source.kind).toBe('mirror');
    expect(got.skipped.map((s) => s.split(' ')[0])).toEqual(['direct', 'same-origin']);
    expect(fake.calls.map((u) => u.replace(PATH, ''))).toEqual([DIRECT, SAME, MIRROR]);
  });

  it('an HTML page where the copy should be (an SPA fallback) is not an annotation: next source', async () => {
    const { client } = clientWith({ [SAME]: () => bytesResponse(asciiBytes('<!doctype html>')), [MIRROR]: () => bytesResponse(NRRD) });
    expect((await client.fetchAnnotation(100)).source.kind).toBe('mirror');
  });

  it('retries the sources whose failure may pass (5xx, network) after one pass over all', async () => {
    let directCalls = 0;
    const { fake, client } = clientWith({
      [DIRECT]: () => (++directCalls < 3 ? bytesResponse(asciiBytes('busy'), 4, 503) : bytesResponse(NRRD)),
      [SAME]: () => bytesResponse(asciiBytes('nope'), 4, 404),
    });
    const got = await client.fetchAnnotation(100);
    expect(got.source.kind).toBe('direct');
    expect(fake.calls.map((u) => u.replace(PATH, ''))).toEqual([DIRECT, SAME, MIRROR, DIRECT, DIRECT]);
  });

  it('when every source fails, the error names each one, what it answered and the fix', async () => {
    const { client, memory } = clientWith({ [SAME]: () => bytesResponse(asciiBytes('nope'), 4, 404) }, ALL.slice(0, 2));
    const err = await client.fetchAnnotation(100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllenError);
    const msg = (err as AllenError).message;
    expect(msg).toMatch(/^Download of the 100 µm annotation volume failed after \d+ attempts: every download source failed/);
    expect(msg).toContain(`direct ${DIRECT}: network error`);
    expect(msg).toContain('no CORS headers');
    expect(msg).toContain(`same-origin ${SAME}: HTTP 404`);
    expect(msg).toContain('npm run fetch-atlas');
    expect(msg).toContain('not configured: mirror');
    expect(memory.preferred()).toBeNull();
  });

  it('a cancelled download stops at once, without trying the other sources', async () => {
    const { fake, client } = clientWith({ [DIRECT]: () => 'hang' });
    const ctl = new AbortController();
    const pending = client.fetchAnnotation(100, { signal: ctl.signal });
    ctl.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as AllenError).kind).toBe('aborted');
    expect(fake.calls).toHaveLength(1);
  });
});
