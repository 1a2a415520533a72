import { describe, expect, it } from 'vitest';
import { MATRIX_DEFAULT_TARGETS } from '../../state/matrix-params';
import { effectiveTargets } from './effective-targets';

describe('matrix columns', () => {
  it('prefers the listed targets, then the shared target, then the default divisions', () => {
    expect(effectiveTargets(['CP', 'ACB'], 'TH')).toEqual(['CP', 'ACB']);
    expect(effectiveTargets([], 'TH')).toEqual(['TH']);
    expect(effectiveTargets([], null)).toBe(MATRIX_DEFAULT_TARGETS);
  });
});
