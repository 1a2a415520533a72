import type { Regl } from 'regl';
import { describe, expect, it } from 'vitest';
import { DataTexture } from './data-texture';
import { encodeHeatmap } from './heatmap-encode';

/** Stand-in for regl's texture API recording what would be uploaded. */
function fakeRegl() {
  const log: {
    op: 'create' | 'reinit' | 'subimage';
    data: unknown;
    opts?: Record<string, unknown>;
  }[] = [];
  const regl = {
    texture(opts: Record<string, unknown>) {
      log.push({ op: 'create', data: opts.data, opts });
      const tex = Object.assign(
        (o: Record<string, unknown>) => {
          log.push({ op: 'reinit', data: o.data, opts: o });
          return tex;
        },
        {
          subimage(d: unknown) {
            log.push({ op: 'subimage', data: d });
            return tex;
          },
          destroy() {
            /* no GL here */
          },
        },
      );
      return tex;
    },
  };
  return { regl: regl as unknown as Regl, log };
}

describe('DataTexture', () => {
  it('uploads once per (array, version), with texSubImage for the same size', () => {
    const { regl, log } = fakeRegl();
    const t = new DataTexture(regl, 'unit', true);
    const a = new Float32Array(6);
    t.set(a, 2, 3, 1);
    t.set(a, 2, 3, 1);
    expect(log.map((l) => l.op)).toEqual(['create']);
    expect(log[0]?.opts).toMatchObject({
      width: 3,
      height: 2,
      type: 'float',
      format: 'luminance',
      min: 'nearest',
      mag: 'nearest',
    });
    t.set(a, 2, 3, 2);
    t.set(new Float32Array(6), 2, 3, 2);
    expect(log.map((l) => l.op)).toEqual(['create', 'subimage', 'subimage']);
    t.set(new Float32Array(12), 3, 4, 2);
    expect(log.at(-1)?.op).toBe('reinit');
  });
  it('uploads every time when no version is given (arrays refilled in place)', () => {
    const { regl, log } = fakeRegl();
    const t = new DataTexture(regl, 'unit', true);
    const a = new Float32Array(4);
    t.set(a, 2, 2);
    t.set(a, 2, 2);
    expect(log.map((l) => l.op)).toEqual(['create', 'subimage']);
  });
  it('quantises unit floats to bytes without OES_texture_float', () => {
    const { regl, log } = fakeRegl();
    const t = new DataTexture(regl, 'unit', false);
    t.set(Float32Array.from([0, 0.5, 1, 2, -1, NaN]), 1, 6, 1);
    expect(log[0]?.opts).toMatchObject({ type: 'uint8' });
    expect([...(log[0]?.data as Uint8Array)]).toEqual([0, 128, 255, 255, 0, 0]);
  });
  it('rejects data of the wrong length', () => {
    const { regl } = fakeRegl();
    expect(() => new DataTexture(regl, 'bytes2', false).set(new Uint8Array(5), 1, 3)).toThrow(RangeError);
  });
});

describe('encodeHeatmap', () => {
  it('stores the colormap entry and marks NaN as no data', () => {
    const out = encodeHeatmap(Float32Array.from([0, 0.5, 1, NaN, 2]), 0, 1, new Uint8Array(10));
    expect([...out]).toEqual([0, 255, 128, 255, 255, 255, 0, 0, 255, 255]);
  });
});
