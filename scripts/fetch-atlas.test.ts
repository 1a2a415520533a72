import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAllen, type FakeAllen } from '../e2e/fake-allen/server/server.ts';
import { fetchAtlas, outputPath } from './fetch-atlas.ts';
import { startStaticServer } from './static-server.ts';

let fake: FakeAllen;
let out = '';

beforeAll(async () => {
  fake = await startFakeAllen({ port: 0, seed: 1, mode: 'builtin', sharedAllenDir: null, cacheDir: null, warm: false });
  out = await mkdtemp(join(tmpdir(), 'fetch-atlas-'));
});
afterAll(async () => {
  await fake.close();
  await rm(out, { recursive: true, force: true });
});

describe('fetch-atlas', () => {
  it('downloads and checks the annotations the app needs into <out>/allen-download, then keeps checked copies', async () => {
    const lines: string[] = [];
    const progress: number[] = [];
    const files = await fetchAtlas({ out, host: fake.url, resolutions: [100, 50], log: (l) => lines.push(l), progress: (_f, n) => progress.push(n) });
    expect(files.map((f) => [f.resolution, f.action])).toEqual([
      [100, 'downloaded'],
      [50, 'downloaded'],
    ]);
    expect(outputPath(out, 100)).toBe(join(out, 'allen-download/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_100.nrrd'));
    expect((await readFile(outputPath(out, 50))).byteLength).toBe(files[1]?.bytes);
    expect(progress.length).toBeGreaterThan(0);
    const again = await fetchAtlas({ out, host: fake.url, resolutions: [100] });
    expect(again[0]?.action).toBe('kept');
  });

  it('a truncated body, a wrong file or a 404 fails with the file, the URL and what was wrong; nothing is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fetch-atlas-bad-'));
    fake.faults.reset({ ...fake.faults.config, shortBodyRate: 1, match: 'annotation_100' });
    await expect(fetchAtlas({ out: dir, host: fake.url, resolutions: [100] })).rejects.toThrow(/^annotation_100\.nrrd: /);
    fake.faults.reset();
    await expect(fetchAtlas({ out: dir, host: `${fake.url}/nowhere`, resolutions: [50] })).rejects.toThrow(
      /annotation_50\.nrrd: HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/nowhere\//,
    );
    await expect(readFile(outputPath(dir, 100))).rejects.toThrow(/ENOENT/);
    // a copy that does not check out is replaced
    await fetchAtlas({ out: dir, host: fake.url, resolutions: [100] });
    await writeFile(outputPath(dir, 100), 'NRRD0004\n');
    expect((await fetchAtlas({ out: dir, host: fake.url, resolutions: [100] }))[0]?.action).toBe('downloaded');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('static-server', () => {
  it('serves the folder under its base path, index.html for the base, 404 elsewhere, CORS only where asked', async () => {
    await writeFile(join(out, 'index.html'), '<!doctype html><title>x</title>');
    const server = await startStaticServer({ root: out, base: '/bsv/', corsUnder: ['allen-download'] });
    try {
      const index = await fetch(server.url);
      expect([index.status, index.headers.get('content-type'), index.headers.get('access-control-allow-origin')]).toEqual([
        200,
        'text/html; charset=utf-8',
        null,
      ]);
      const nrrd = await fetch(`${server.url}allen-download/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_100.nrrd`);
      expect([nrrd.status, nrrd.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
      expect((await nrrd.arrayBuffer()).byteLength).toBe((await readFile(outputPath(out, 100))).byteLength);
      expect((await fetch(`${server.url}allen-download/missing.nrrd`)).status).toBe(404);
      expect((await fetch(server.url.replace('/bsv/', '/index.html'))).status).toBe(404);
      expect((await fetch(`${server.url}..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
