import { describe, expect, it } from 'vitest';
import { DEFAULT_SLICE_VIEWS, DEFAULT_THRESHOLD, slicesParams, type SliceViewsParams } from './slices-params';
import { parseThreshold, thresholdCodec, thresholdParams, thresholdRange, withMethod } from './threshold-params';

function parse(query: string) {
  const notices: string[] = [];
  return { value: parseThreshold(new URLSearchParams(query), notices), notices };
}

describe('threshold URL parameters', () => {
  it('round-trips the slicing keys and the threshold keys together', () => {
    const s: SliceViewsParams = { ...DEFAULT_SLICE_VIEWS, slices: 9, plane: 'sagittal', threshold: { method: 'zscore', normalization: 'robust', value: 1.5 } };
    const params = new URLSearchParams();
    thresholdCodec.write(s, params);
    expect(params.get('n')).toBe('9');
    expect(params.get('tm')).toBe('z');
    const notices: string[] = [];
    expect(thresholdCodec.parse(new URLSearchParams(params.toString()), notices)).toEqual(s);
    expect(notices).toEqual([]);
  });

  it('writes nothing for the defaults', () => {
    const params = new URLSearchParams();
    thresholdCodec.write(DEFAULT_SLICE_VIEWS, params);
    expect(params.toString()).toBe('');
    expect(parse('').value).toEqual(DEFAULT_THRESHOLD);
  });

  it('clamps a threshold outside its method range, with a notice', () => {
    expect(parse('tm=rel&tv=7').value.value).toBe(1);
    expect(parse('tm=pct&tv=-3').value.value).toBe(0);
    expect(parse('tm=pct&tv=-3').notices[0]).toContain('at least 0');
    expect(parse('tm=z&tv=abc').value.value).toBe(thresholdRange('zscore').initial);
  });

  it('unknown method or normalisation → default with a notice', () => {
    const { value, notices } = parse('tm=magic&tn=log');
    expect(value.method).toBe(DEFAULT_THRESHOLD.method);
    expect(value.normalization).toBe(DEFAULT_THRESHOLD.normalization);
    expect(notices).toHaveLength(2);
  });

  it('a method without a value starts from that method’s initial value', () => {
    expect(parse('tm=pct').value.value).toBe(0.5); // 0.5 is a valid percentile
    expect(withMethod({ ...DEFAULT_THRESHOLD, value: 50 }, 'relative').value).toBe(0.5);
    expect(withMethod({ ...DEFAULT_THRESHOLD, value: 0.25 }, 'relative').value).toBe(0.25);
  });

  it('shares the slice grid store', () => {
    expect(thresholdParams.useStore).toBe(slicesParams.useStore);
    slicesParams.useStore.getState().set({ slices: 11 });
    expect(thresholdParams.useStore.getState().value.slices).toBe(11);
    slicesParams.useStore.getState().replace(DEFAULT_SLICE_VIEWS);
  });
});
