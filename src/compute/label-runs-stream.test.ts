import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coronalLabelSlice, sagittalLabelSlice } from './atlas-boundaries';
import type { GridShape } from './grid';
import { encodeLabelRuns, LabelRunsEncoder } from './label-runs';
import { annotationNrrdToRuns } from './label-runs-stream';
import { labelRunsVolume, runsCoronalLabelSlice, runsCoronalSectionStack, runsPlaneSectionStack, runsSagittalLabelSlice } from './label-runs-volume';
import { coronalSectionStack, planeSectionStack } from './section-stack';

/** A small labelled volume with runs that cross rows, long runs and ids past 6e8 (deterministic). */
function volume(shape: GridShape, seed = 7): Uint32Array {
  const n = shape.nx * shape.ny * shape.nz;
  const v = new Uint32Array(n);
  let s = seed;
  const labels = [0, 0, 997, 672, 614454277, 8, 9];
  for (let i = 0; i < n;) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const len = 1 + (s % 37);
    v.fill(labels[(s >>> 8) % labels.length] ?? 0, i, Math.min(n, i + len));
    i += len;
  }
  return v;
}

function nrrd(data: Uint32Array, shape: GridShape, encoding: 'gzip' | 'raw' = 'gzip'): Uint8Array {
  const head = new TextEncoder().encode(
    `NRRD0004\ntype: unsigned int\ndimension: 3\nsizes: ${shape.nx} ${shape.ny} ${shape.nz}\nspace directions: (${shape.resolutionUm},0,0) (0,${shape.resolutionUm},0) (0,0,${shape.resolutionUm})\nendian: little\nencoding: ${encoding}\n\n`,
  );
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const body = encoding === 'gzip' ? gzipSync(raw) : raw;
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const S: GridShape = { nx: 24, ny: 10, nz: 9, resolutionUm: 25 };

describe('streaming label runs encoder', () => {
  it('gives the one-shot encoder’s bytes for any chunking, aligned or not', () => {
    const v = volume(S);
    const expected = encodeLabelRuns(v, S);
    const bytes = new Uint8Array(v.buffer);
    for (const chunk of [1, 3, 4, 7, 64, 1000, bytes.length]) {
      const enc = new LabelRunsEncoder(S);
      // an odd offset in a larger buffer: chunks arrive unaligned
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      for (let p = 0; p < bytes.length; p += chunk) enc.pushBytes(shifted.subarray(1 + p, 1 + Math.min(bytes.length, p + chunk)));
      expect(enc.finish()).toEqual(expected);
    }
  });

  it('splits runs at 65,535 voxels as the one-shot encoder does', () => {
    const big: GridShape = { nx: 100, ny: 100, nz: 20, resolutionUm: 100 };
    const v = new Uint32Array(200_000).fill(8);
    v[150_000] = 9;
    const enc = new LabelRunsEncoder(big);
    enc.pushLabels(v.subarray(0, 70_000));
    enc.pushLabels(v.subarray(70_000));
    expect(enc.finish()).toEqual(encodeLabelRuns(v, big));
  });

  it('refuses a stream shorter or longer than the volume', () => {
    const short = new LabelRunsEncoder(S);
    short.pushLabels(new Uint32Array(10));
    expect(() => short.finish()).toThrow(/has 10 voxels/);
    const long = new LabelRunsEncoder(S);
    expect(() => long.pushLabels(new Uint32Array(S.nx * S.ny * S.nz + 1))).toThrow(/longer/);
    const stray = new LabelRunsEncoder(S);
    stray.pushBytes(new Uint8Array(S.nx * S.ny * S.nz * 4 - 2));
    expect(() => stray.finish()).toThrow(/stray/);
  });
});

describe('annotation NRRD → runs while inflating', () => {
  it('equals decode + encode for gzip and raw NRRDs, in small slices, reporting progress', async () => {
    const v = volume(S, 3);
    for (const [encoding, inflater] of [
      ['gzip', 'fflate'],
      ['gzip', 'native'],
      ['raw', 'fflate'],
    ] as const) {
      const seen: number[] = [];
      let pauses = 0;
      const out = await annotationNrrdToRuns(nrrd(v, S, encoding), {
        inflater,
        sliceBytes: 4096,
        pause: async () => void pauses++,
        onVoxels: (done) => seen.push(done),
      });
      expect(out.shape).toEqual(S);
      expect(out.runs).toEqual(encodeLabelRuns(v, S));
      expect(out.inflatedBytes).toBe(v.byteLength);
      expect(seen.at(-1)).toBe(v.length);
      if (inflater === 'fflate') expect(pauses).toBeGreaterThan(0);
    }
  });

  it('rejects a truncated payload and stops on abort', async () => {
    const file = nrrd(volume(S), S);
    for (const inflater of ['native', 'fflate'] as const)
      await expect(annotationNrrdToRuns(file.subarray(0, file.length - 40), { inflater })).rejects.toThrow(/truncated|corrupt/);
    const ac = new AbortController();
    ac.abort(new DOMException('stop', 'AbortError'));
    await expect(annotationNrrdToRuns(file, { signal: ac.signal })).rejects.toThrow('stop');
  });
});

describe('label runs volume (held as runs)', () => {
  const v = volume(S, 11);
  const held = labelRunsVolume(encodeLabelRuns(v, S));

  it('cuts the same coronal and sagittal label images as the expanded volume', () => {
    for (let ap = 0; ap < S.nx; ap++) expect(runsCoronalLabelSlice(held, ap)).toEqual(coronalLabelSlice(v, S, ap));
    for (let ml = 0; ml < S.nz; ml++) expect(runsSagittalLabelSlice(held, ml)).toEqual(sagittalLabelSlice(v, S, ml));
  });

  it('builds the same section stack as the expanded volume, at the runs’ resolution', () => {
    const ids = Uint32Array.of(672, 8);
    // 25 µm: 100 µm AP indices 0…5 sample planes 2, 6, 10, …
    for (const [start, count] of [
      [0, 6],
      [2, 3],
      [1, 0],
    ] as const) {
      const dense = coronalSectionStack(v, S, start, count, ids);
      const fromRuns = runsCoronalSectionStack(held, start, count, ids);
      expect(fromRuns).toEqual(dense);
      expect(fromRuns.resolutionUm).toBe(25);
    }
  });

  it('builds the same sagittal and horizontal section stacks as the expanded volume', () => {
    const ids = Uint32Array.of(672, 8);
    for (const plane of ['sagittal', 'horizontal', 'coronal'] as const)
      for (const [start, count] of [
        [0, 3],
        [1, 2],
        [2, 0],
      ] as const) {
        const dense = planeSectionStack(v, S, plane, start, count, ids);
        const fromRuns = runsPlaneSectionStack(held, plane, start, count, ids);
        expect(fromRuns, `${plane} ${start}+${count}`).toEqual(dense);
        expect(fromRuns.resolutionUm).toBe(25);
      }
  });

  it('refuses runs that do not cover the volume', () => {
    const bad = encodeLabelRuns(v, S);
    new Uint32Array(bad.buffer, 0, 8)[1] = S.nx + 1;
    expect(() => labelRunsVolume(bad)).toThrow(/cover|fit/);
  });
});
