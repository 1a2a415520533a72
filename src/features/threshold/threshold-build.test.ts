import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../compute/metadata-csv';
import type { SlicesResult } from '../../compute/slices';
import { thresholdConnectivity } from '../../compute/threshold';
import { DEFAULT_SLICE_VIEWS } from '../../state/slices-params';
import { buildThresholdFigure, normalizedLimits, significantCounts, thresholdCsv } from './threshold-build';

/** Two 1 × 2 slices, two groups; values chosen by hand. */
function slices(): SlicesResult {
  const slice = (pos: number, a: number[], b: number[]) => ({
    window: { positionUm: pos, startUm: pos - 100, endUm: pos + 100 },
    empty: false,
    rows: 1,
    cols: 2,
    dvEdgesUm: Float64Array.of(0, 100),
    dvCentresUm: Float64Array.of(50),
    colEdgesUm: Float64Array.of(0, 100, 200),
    colCentresUm: Float64Array.of(50, 150),
    coverage: Float32Array.of(1, 1),
    matrices: [Float32Array.from(a), Float32Array.from(b)],
    unsmoothed: [Float32Array.from(a), Float32Array.from(b)],
    regionMean: Float64Array.of(1.5, 6),
    regionWithData: Int32Array.of(2, 2),
    regionCells: 2,
    colorLimits: [0, 1] as [number, number],
  });
  return { plane: 'coronal', groups: 2, slices: [slice(5000, [0, 4], [2, NaN]), slice(6000, [1, 3], [4, 0])] };
}

describe('threshold figure', () => {
  it('counts significant bins per group and slice (absolute T = 2.5 on raw values)', () => {
    const s = slices();
    const t = thresholdConnectivity(s.slices, { threshold: 2.5, thresholdMethod: 'absolute', normalizationMethod: 'none' });
    // group 0: slice 1 {4}, slice 2 {3}; group 1: slice 1 {}, slice 2 {4}
    expect(significantCounts(t, 2)).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(normalizedLimits(t)).toEqual([0, 4]);
    const fig = buildThresholdFigure({ slices: s, threshold: t, groups: [], params: DEFAULT_SLICE_VIEWS, widthPx: 800, target: 'CP', targetColor: [0, 0, 1] });
    expect(fig.captions).toEqual([
      ['1 above threshold', '1 above threshold'],
      ['0 above threshold', '1 above threshold'],
    ]);
    expect(fig.cells[0]?.[0]?.marks?.mask).toEqual(Uint8Array.of(0, 1));
    expect(fig.cells[0]?.[0]?.outline).toEqual(Uint8Array.of(1, 1));
    expect(fig.rowLabels[1]?.[0]).toBe('Group 2');
  });

  it('the CSV lists exactly the significant bins', () => {
    const s = slices();
    const t = thresholdConnectivity(s.slices, { threshold: 2.5, thresholdMethod: 'absolute', normalizationMethod: 'none' });
    const ctx = { view: 'Threshold', url: 'http://x/', parameters: [], groups: [], notes: [] };
    const text = thresholdCsv(s, t, ['A', 'B'], ctx);
    expect(text).toContain('# note: threshold T = 2.5');
    const rows = parseCsv(
      text
        .split('\r\n')
        .filter((l) => !l.startsWith('#'))
        .join('\r\n'),
    );
    expect(rows.slice(1).map((r) => [r[0], r[1], r[6], r[9]])).toEqual([
      ['A', '1', '1', '4'],
      ['A', '2', '1', '3'],
      ['B', '2', '0', '4'],
    ]);
  });

  it('limits fall back to [0, 1] without any region value', () => {
    const t = thresholdConnectivity([{ rows: 1, cols: 1, matrices: [Float32Array.of(NaN)] }], { threshold: 0 });
    expect(normalizedLimits(t)).toEqual([0, 1]);
  });
});
