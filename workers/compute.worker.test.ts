// Boots the real worker file through @vitest/web-worker and talks to it with comlink.
import '@vitest/web-worker';
import * as Comlink from 'comlink';
import { gzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { GridShape } from '../src/compute/grid';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';
import { experiment, labelVolume, nrrdBytes } from './test-fixtures';

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

  it('holds an aggregate, annotation and projectome in the worker; results come back with transfers', async () => {
    const S: GridShape = { nx: 3, ny: 2, nz: 2, resolutionUm: 100 };
    const vol = Float32Array.from({ length: 12 }, (_, i) => (i + 1) / 8);
    await api.beginAggregate('w', {
      shape: S,
      experiments: [experiment(1, 500)],
      normalizationMethod: 'none',
      subtractOtherHemisphere: false,
      groupingMethod: 'none',
    });
    const sent = vol.slice().buffer;
    expect(await api.addToAggregate('w', 1, Comlink.transfer(sent, [sent]))).toEqual({ accepted: true });
    expect(sent.byteLength).toBe(0); // transferred, not copied
    await api.finishAggregate('w');
    const ann = nrrdBytes(
      labelVolume(S, [
        [1, 0, 1, 7],
        [1, 1, 0, 7],
      ]),
      S,
    );
    await api.loadAnnotation('ann', Comlink.transfer(ann, [ann]));
    expect(ann.byteLength).toBe(0);
    const { maskKey, voxelCount } = await api.regionMask('ann', new Uint32Array([7]), 'both');
    expect(voxelCount).toBe(2);
    const summary = await api.prepareProjectome('p', {
      sources: [{ aggregateKey: 'w', group: 0 }],
      maskKey,
      injections: [],
      params: { sliceThickness: 0, densityPercentile: 100 },
    });
    expect(summary).toMatchObject({ apRange: [1, 1], ceiling: 1 }); // max in-target value = vol[7] = 1
    const st = await api.projectomeStack('p');
    // the one AP of the target; pixel q = dv·nz + ml: voxel 7 → q 1 (value 1), voxel 4 → q 2 (value 0.625)
    expect([st.apStart, st.apCount]).toEqual([1, 1]);
    expect(Array.from(st.values)).toEqual([0, 1, 0.625, 0]);
    await expect(api.projectomeStack('nope')).rejects.toThrow("no projectome 'nope' in the worker; call prepareProjectome first");
    // results are transferred copies: held volumes survive repeated view requests
    const params = { plane: 'coronal' as const, numberOfChunks: 1, numberOfPixels: 2, regionOnly: false };
    const s1 = await api.computeSlices('w', maskKey, params);
    const s2 = await api.computeSlices('w', maskKey, params);
    expect(s2).toEqual(s1);
    expect(s1.slices[0]?.empty).toBe(false);
    const b1 = await api.coronalBoundaries('ann', 150, true);
    expect(Array.from(new Uint32Array(b1.labels ?? new ArrayBuffer(0)))).toEqual([0, 7, 7, 0]);
    expect(Array.from(new Float32Array((await api.getGroupVolume('w', 0)).buffer))).toEqual(Array.from(vol));
    expect((await api.memoryReport()).aggregates.count).toBe(1);
  });
});
