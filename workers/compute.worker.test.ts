// Boots the real worker file through @vitest/web-worker and talks to it with comlink.
import '@vitest/web-worker';
import * as Comlink from 'comlink';
import { gzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';

describe('compute.worker', () => {
  const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<ComputeWorkerApi>(worker);
  afterAll(() => worker.terminate());

  it('boots, answers ping and decodes a small NRRD', async () => {
    expect(await api.ping()).toBe('pong');
    const values = new Float32Array([0.25, -1, 3, 0, 1, 2]);
    const head = new TextEncoder().encode('NRRD0004\ntype: float\ndimension: 3\nsizes: 3 2 1\nspacings: 100 100 100\nendian: little\nencoding: gzip\n\n');
    const gz = gzipSync(new Uint8Array(values.buffer));
    const bytes = new Uint8Array(head.length + gz.length);
    bytes.set(head);
    bytes.set(gz, head.length);
    const r = await api.decodeDensity(Comlink.transfer(bytes.buffer, [bytes.buffer]), 'nrrd');
    expect(r.shape).toEqual({ nx: 3, ny: 2, nz: 1, resolutionUm: 100 });
    expect(Array.from(new Float32Array(r.buffer))).toEqual([0.25, -1, 3, 0, 1, 2]);
  });

  it('reports decode errors across the worker boundary', async () => {
    await expect(api.decodeDensity(new ArrayBuffer(4), 'nrrd')).rejects.toThrow(/not an NRRD file/);
  });
});
