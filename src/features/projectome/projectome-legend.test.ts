import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../allen/types.ts';
import { experimentTotals } from './projectome-legend.tsx';
import { colorKeyFor, overlayFor } from './projectome-export.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';

const exp = (id: number): Experiment => ({ id }) as Experiment;

describe('experiment totals of a projectome', () => {
  it('counts distinct planned and used experiments across sources', () => {
    const sources = [
      { planned: [exp(1), exp(2), exp(3)], usedIds: [1, 3] },
      { planned: [exp(3), exp(4)], usedIds: [3, 4] },
    ];
    expect(experimentTotals(sources)).toEqual({ used: 3, planned: 4 });
    expect(experimentTotals([])).toEqual({ used: 0, planned: 0 });
  });

  it('the exported legend says "used of planned" only when some are missing', () => {
    const result = {
      sources: [
        { acronym: 'CEA', planned: [exp(1), exp(2)], usedIds: [1] },
        { acronym: 'PL', planned: [exp(5)], usedIds: [5] },
      ],
    } as unknown as ProjectomeResult;
    const labels = overlayFor(
      result,
      'MOs',
      30,
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [true, true],
    ).legend?.map((l) => l.label);
    expect(labels).toEqual(['CEA (1 of 2 exp.)', 'PL (1 exp.)']);
  });

  it('the exported colour key names the densities, the percentile and the ceiling', () => {
    const result = { summary: { ceiling: 0.123456 }, sources: [], plane: 'coronal' } as unknown as ProjectomeResult;
    expect(colorKeyFor(result, { normalization: 'none', densityPercentile: 99 })).toEqual({
      label: 'projection density, opacity to the 99th percentile',
      max: '0.1235',
    });
    expect(colorKeyFor(result, { normalization: 'injection-volume', densityPercentile: 95 }).label).toBe(
      'projection density ÷ injection volume (PSU) (mm⁻³), opacity to the 95th percentile',
    );
    const withKey = overlayFor(result, 'CP', 50, [], [], { label: 'x', max: '1' });
    expect(withKey.colorKey).toEqual({ label: 'x', max: '1' });
  });
});
