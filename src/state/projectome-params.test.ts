import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECTOME, parseProjectomeParams, writeProjectomeParams, type ProjectomeParams } from './projectome-params';

function roundTrip(state: ProjectomeParams): { state: ProjectomeParams; notices: string[] } {
  const params = new URLSearchParams();
  writeProjectomeParams(state, params);
  const notices: string[] = [];
  return { state: parseProjectomeParams(new URLSearchParams(params.toString()), notices), notices };
}

describe('projectome URL params', () => {
  it('round-trips every field', () => {
    const state: ProjectomeParams = {
      sources: ['VISp', 'MOs', 'SSp-bfd'],
      minVolumeMm3: 0.05,
      plane: 'coronal',
      positionUm: 5600,
      sliceThickness: 3,
      densityPercentile: 95,
      hidden: ['MOs'],
      normalization: 'injection-volume',
      subtractOtherHemisphere: true,
    };
    expect(roundTrip(state)).toEqual({ state, notices: [] });
  });

  it('writes nothing for defaults', () => {
    const params = new URLSearchParams();
    writeProjectomeParams(DEFAULT_PROJECTOME, params);
    expect(params.toString()).toBe('');
  });

  it('rejects out-of-range numbers with notices and keeps defaults', () => {
    const notices: string[] = [];
    const s = parseProjectomeParams(new URLSearchParams('t=CP&ap=99999999&th=-3&pct=1e9&min=NaN'), notices);
    expect(s.positionUm).toBeNull();
    expect(s.sliceThickness).toBe(DEFAULT_PROJECTOME.sliceThickness);
    expect(s.densityPercentile).toBe(DEFAULT_PROJECTOME.densityPercentile);
    expect(s.minVolumeMm3).toBe(DEFAULT_PROJECTOME.minVolumeMm3);
    expect(notices).toHaveLength(4);
  });

  it('AP names a slice by its anterior face: a value inside a slice opens that slice, with a notice', () => {
    const notices: string[] = [];
    const s = parseProjectomeParams(new URLSearchParams('s=VISp&hide=VISp,MOs&ap=5649'), notices);
    expect(s.positionUm).toBe(5600);
    expect(s.hidden).toEqual(['VISp']);
    expect(notices).toEqual([expect.stringContaining('inside the 100 µm slice 5600–5700 µm')]);
    // bsv's label: ap=5550 is the slice 5500–5600 (index 55), never index 56
    expect(parseProjectomeParams(new URLSearchParams('ap=5550'), []).positionUm).toBe(5500);
    const exact: string[] = [];
    expect(parseProjectomeParams(new URLSearchParams('ap=5500'), exact).positionUm).toBe(5500);
    expect(exact).toEqual([]);
  });

  it('planes: one plane key, one position key named after the plane axis; round trips', () => {
    for (const [plane, key, um] of [
      ['sagittal', 'ml', 5700],
      ['horizontal', 'dv', 4000],
      ['coronal', 'ap', 13_100],
    ] as const) {
      const state: ProjectomeParams = { ...DEFAULT_PROJECTOME, sources: ['VISp'], plane, positionUm: um };
      const params = new URLSearchParams();
      writeProjectomeParams(state, params);
      expect(params.get(key)).toBe(String(um));
      expect(params.get('plane')).toBe(plane === 'coronal' ? null : plane);
      expect(roundTrip(state)).toEqual({ state, notices: [] });
      expect(roundTrip({ ...state, positionUm: null })).toEqual({ state: { ...state, positionUm: null }, notices: [] });
    }
  });

  it('old links (no plane) stay coronal; bad planes and positions fall back with notices', () => {
    expect(parseProjectomeParams(new URLSearchParams('s=VISp&ap=5600'), [])).toMatchObject({ plane: 'coronal', positionUm: 5600 });
    const notices: string[] = [];
    expect(parseProjectomeParams(new URLSearchParams('plane=oblique&ap=5600'), notices)).toMatchObject({ plane: 'coronal', positionUm: 5600 });
    expect(notices).toEqual([expect.stringContaining('invalid plane')]);
    // the AP key does not position a sagittal section
    const other: string[] = [];
    expect(parseProjectomeParams(new URLSearchParams('plane=sagittal&ap=5600'), other)).toMatchObject({ plane: 'sagittal', positionUm: null });
    expect(other).toEqual([expect.stringContaining('positioned by ml')]);
    // strict numbers and per-axis limits: ML ≤ 11300, DV ≤ 7900
    for (const q of [
      'plane=sagittal&ml=11400',
      'plane=horizontal&dv=8000',
      'plane=sagittal&ml=0x1388',
      'plane=horizontal&dv=%204000',
      'plane=sagittal&ml=Infinity',
    ]) {
      const n: string[] = [];
      expect(parseProjectomeParams(new URLSearchParams(q), n).positionUm).toBeNull();
      expect(n).toHaveLength(1);
    }
    const inside: string[] = [];
    expect(parseProjectomeParams(new URLSearchParams('plane=horizontal&dv=4050'), inside).positionUm).toBe(4000);
    expect(inside).toEqual([expect.stringContaining("slice's dorsal face, so DV 4000 µm")]);
  });

  it("ignores script tags in the sources; the target (t) is not the projectome's key", () => {
    const notices: string[] = [];
    const s = parseProjectomeParams(new URLSearchParams('t=<script>&s=VISp,<b>x</b>'), notices);
    expect(s.sources).toEqual(['VISp']);
    expect(notices).toHaveLength(1);
  });
});
