import { afterEach, describe, expect, it } from 'vitest';
import { projectomeActions } from '../../state/projectome-params.ts';
import { apIndexIn, apText, currentApIndex, sliceRangeOf } from './ap-position.ts';

describe('slice position', () => {
  afterEach(() => projectomeActions.setPosition(null));

  it('opens at the range’s opening slice when the link names no position', () => {
    expect(apIndexIn(null, [16, 97, 83])).toBe(83);
    expect(currentApIndex([16, 97, 83])).toBe(83);
  });

  it('shows a named position’s slice (its lower face, 100 µm steps), clamped into the range', () => {
    expect(apIndexIn(4550, [40, 60, 50])).toBe(45);
    expect(apIndexIn(100, [40, 60, 50])).toBe(40);
    expect(apIndexIn(9900, [40, 60, 50])).toBe(60);
    projectomeActions.setPosition(4200);
    expect(currentApIndex([40, 60, 50])).toBe(42);
  });

  it('takes a result summary’s range and opening slice; none for an empty target', () => {
    expect(sliceRangeOf({ apRange: [16, 97], openAp: 83 })).toEqual([16, 97, 83]);
    expect(sliceRangeOf({ apRange: [-1, -1], openAp: -1 })).toBeNull();
  });

  it('labels a slice by its plane’s axis in CCF µm', () => {
    expect(apText(83, 'sagittal')).toBe('ML 8300 µm');
    expect(apText(45)).toBe('AP 4500 µm');
  });
});
