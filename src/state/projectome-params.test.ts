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
      apUm: 5600,
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
    expect(s.apUm).toBeNull();
    expect(s.sliceThickness).toBe(DEFAULT_PROJECTOME.sliceThickness);
    expect(s.densityPercentile).toBe(DEFAULT_PROJECTOME.densityPercentile);
    expect(s.minVolumeMm3).toBe(DEFAULT_PROJECTOME.minVolumeMm3);
    expect(notices).toHaveLength(4);
  });

  it('AP names a slice by its anterior face: a value inside a slice opens that slice, with a notice', () => {
    const notices: string[] = [];
    const s = parseProjectomeParams(new URLSearchParams('s=VISp&hide=VISp,MOs&ap=5649'), notices);
    expect(s.apUm).toBe(5600);
    expect(s.hidden).toEqual(['VISp']);
    expect(notices).toEqual([expect.stringContaining('inside the 100 µm slice 5600–5700 µm')]);
    // bsv's label: ap=5550 is the slice 5500–5600 (index 55), never index 56
    expect(parseProjectomeParams(new URLSearchParams('ap=5550'), []).apUm).toBe(5500);
    const exact: string[] = [];
    expect(parseProjectomeParams(new URLSearchParams('ap=5500'), exact).apUm).toBe(5500);
    expect(exact).toEqual([]);
  });

  it("ignores script tags in the sources; the target (t) is not the projectome's key", () => {
    const notices: string[] = [];
    const s = parseProjectomeParams(new URLSearchParams('t=<script>&s=VISp,<b>x</b>'), notices);
    expect(s.sources).toEqual(['VISp']);
    expect(notices).toHaveLength(1);
  });
});
