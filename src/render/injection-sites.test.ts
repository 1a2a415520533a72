import { describe, expect, it } from 'vitest';
import type { Experiment } from '../allen/types';
import { parseCsv } from '../compute/metadata-csv';
import { hexToRgb } from './colormaps';
import { coordProblem, injectionSites, sitesCsv, sphereRadiusUm, volumeProblem } from './injection-sites';

function exp(id: number, coord: [number, number, number], volume: number, acronym = 'VISp'): Experiment {
  return {
    id,
    structureId: 1,
    structureAcronym: acronym,
    structureName: `${acronym} name`,
    injectionStructureIds: [1],
    transgenicLine: null,
    injectionVolumeMm3: volume,
    injectionCoordUm: coord,
    productId: 5,
    gender: null,
    strain: null,
    specimenName: null,
  };
}

describe('injection sites', () => {
  it('keeps valid sites per group with the group colour and lists every exclusion with its reason', () => {
    const r = injectionSites(
      [
        {
          label: 'VISp',
          name: 'Primary visual area',
          color: hexToRgb('#0072b2'),
          experiments: [exp(1, [9000, 1000, 3000], 0.2), exp(2, [0, 0, 0], 0.1), exp(3, [9000, 1000, 3000], 0)],
        },
        {
          label: 'MOp',
          name: 'Primary motor area',
          color: hexToRgb('#e69f00'),
          experiments: [exp(4, [3000, 2000, 8000], 0.05, 'MOp5'), exp(5, [Number.NaN, 1, 1], 0.1), exp(6, [14000, 10, 10], 0.1)],
        },
      ],
      [exp(7, [1, 2, 3], 0.3, 'CP')],
    );
    expect(r.sites.map((s) => [s.experimentId, s.group, s.groupLabel])).toEqual([
      [1, 0, 'VISp'],
      [4, 1, 'MOp'],
    ]);
    expect(r.sites[1]?.coordUm).toEqual([3000, 2000, 8000]);
    expect(r.sites[1]?.structureAcronym).toBe('MOp5');
    expect(r.excluded.map((e) => [e.experimentId, e.reason])).toEqual([
      [2, 'no injection coordinate (0, 0, 0)'],
      [3, 'injection volume is 0'],
      [5, 'no injection coordinate'],
      [6, 'injection coordinate outside the CCF volume'],
      [7, 'not under any query region'],
    ]);
    expect(r.groups.map((g) => [g.label, g.drawn, g.excluded])).toEqual([
      ['VISp', 1, 2],
      ['MOp', 1, 2],
    ]);
    expect(r.groups.map((g) => g.color)).toEqual([hexToRgb('#0072b2'), hexToRgb('#e69f00')]);
  });

  it('checks coordinates and volumes', () => {
    expect(coordProblem([13200, 8000, 11400])).toBeNull();
    expect(coordProblem([13201, 0, 1])).toMatch(/outside/);
    expect(coordProblem([1, 2])).toMatch(/no injection coordinate/);
    expect(volumeProblem(Number.NaN)).toBe('no injection volume');
    expect(volumeProblem(-1)).toBe('injection volume is 0');
    expect(volumeProblem(1e-6)).toBeNull();
  });

  it('sphere radius: the equivalent sphere of the volume, ∝ cube root, floored', () => {
    // V = 4/3 π r³ with r = 1 mm
    expect(sphereRadiusUm((4 / 3) * Math.PI)).toBeCloseTo(1000, 9);
    const a = sphereRadiusUm(0.1),
      b = sphereRadiusUm(0.8);
    expect(b / a).toBeCloseTo(2, 9);
    expect(sphereRadiusUm(0)).toBe(60);
    expect(sphereRadiusUm(1e-9, 50)).toBe(50);
  });

  it('CSV: one row per drawn site with id, region, structure, CCF µm and volume', () => {
    const r = injectionSites([
      { label: 'VISp', name: 'x', color: [0, 0, 0], experiments: [exp(11, [9000, 1000, 3000], 0.25, 'VISp, "odd"'), exp(12, [0, 0, 0], 1)] },
    ]);
    const text = sitesCsv(r, 'http://x/', [['mouse line', 'all lines']]);
    expect(text).toContain('# group VISp: 1 used: 11; 1 excluded: 12 (');
    const rows = parseCsv(
      text
        .split('\r\n')
        .filter((l) => !l.startsWith('#'))
        .join('\r\n'),
    );
    expect(rows).toEqual([
      ['experiment_id', 'region', 'structure', 'ap_um', 'dv_um', 'ml_um', 'metadata_injection_volume_mm3'],
      ['11', 'VISp', 'VISp, "odd"', '9000', '1000', '3000', '0.25'],
    ]);
  });
});
