import { describe, expect, it } from 'vitest';
import { DEFAULT_MATRIX_PARAMS, MATRIX_LIMITS, parseMatrixParams, writeMatrixParams, type MatrixViewParams } from './matrix-params';

function roundTrip(s: MatrixViewParams): { back: MatrixViewParams; query: string; notices: string[] } {
  const params = new URLSearchParams();
  writeMatrixParams(s, params);
  const notices: string[] = [];
  return { back: parseMatrixParams(new URLSearchParams(params.toString()), notices), query: params.toString(), notices };
}

describe('matrix URL parameters', () => {
  it('defaults write nothing and parse back to the defaults', () => {
    const r = roundTrip(DEFAULT_MATRIX_PARAMS);
    expect(r.query).toBe('');
    expect(r.back).toEqual(DEFAULT_MATRIX_PARAMS);
  });

  it('round-trips every non-default value', () => {
    const s: MatrixViewParams = {
      targets: ['CP', 'ACB', 'SNr', 'SSp-bfd'],
      metric: 'volume',
      normalisation: 'both',
      hemisphere: 'left',
      normalization: 'injection-volume',
      subtractOtherHemisphere: true,
      sortRows: { by: 'CP', descending: true },
      sortCols: { by: 'VISp', descending: false },
      colormap: 'magma',
    };
    const r = roundTrip(s);
    expect(r.back).toEqual(s);
    expect(r.notices).toEqual([]);
    expect(r.query).toContain('mx=vol');
    expect(r.query).toContain('sr=-CP');
  });

  it("processing has the spelling every view shares (norm, hemi); old links' mi is still read", () => {
    const params = new URLSearchParams();
    writeMatrixParams({ ...DEFAULT_MATRIX_PARAMS, normalization: 'metadata-volume', subtractOtherHemisphere: true }, params);
    expect(params.toString()).toBe('norm=meta&hemi=sub');
    for (const k of ['v', 'view', 'r', 'line', 'p', 't', 's', 'mi']) expect(params.has(k)).toBe(false);
    expect(parseMatrixParams(new URLSearchParams('mi=inj'), []).normalization).toBe('injection-volume');
  });

  it('hostile values fall back to defaults with a notice each', () => {
    const notices: string[] = [];
    const p = parseMatrixParams(new URLSearchParams('tg=CP,<script>,CP,,TH&mx=sum&mn=diag&mh=up&mi=x&sr=--x&sc=<b>&cm=jet'), notices);
    expect(p.targets).toEqual(['CP', 'TH']);
    expect(p.metric).toBe('mean');
    expect(p.normalisation).toBe('none');
    expect(p.hemisphere).toBe('both');
    expect(p.normalization).toBe('none');
    expect(p.sortRows).toBeNull();
    expect(p.sortCols).toBeNull();
    expect(p.colormap).toBe('viridis');
    expect(notices).toHaveLength(8);
    expect(notices[0]).toContain('<script>');
  });

  it('caps the number of targets', () => {
    const many = Array.from({ length: MATRIX_LIMITS.maxTargets + 7 }, (_, i) => `T${i}`);
    const notices: string[] = [];
    const p = parseMatrixParams(new URLSearchParams(`tg=${many.join(',')}`), notices);
    expect(p.targets).toHaveLength(MATRIX_LIMITS.maxTargets);
    expect(notices.join(' ')).toContain(`only the first ${MATRIX_LIMITS.maxTargets}`);
  });

  it('does not treat inherited object keys as choices', () => {
    const notices: string[] = [];
    expect(parseMatrixParams(new URLSearchParams('mx=toString&mn=__proto__'), notices).metric).toBe('mean');
    expect(notices).toHaveLength(2);
  });
});
