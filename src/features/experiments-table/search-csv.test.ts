import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../allen/types.ts';
import { coordinateSearchCsv, spatialSearchCsv, targetSearchCsv } from './search-csv.ts';

const e = (id: number, acronym: string): Experiment => ({
  id,
  structureId: id,
  structureAcronym: acronym,
  structureName: `${acronym}, a structure`,
  injectionStructureIds: [id],
  transgenicLine: null,
  injectionVolumeMm3: 0.2,
  injectionCoordUm: [6000, 4000, 3000],
  productId: 5,
  gender: null,
  strain: null,
  specimenName: null,
});
const query = { regions: ['MOs'], line: { kind: 'wild-type' } as const, primaryOnly: true, products: [5] };
const lines = (csv: string) => csv.split('\r\n');
const header = (csv: string) =>
  new Map(
    lines(csv)
      .filter((l) => l.startsWith('# '))
      .map((l) => [l.slice(2, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
  );
const table = (csv: string) => lines(csv).filter((l) => l !== '' && !l.startsWith('#'));

describe('search CSV documents', () => {
  it('target search: the provenance block names targets, sources, filters and the route; rows keep the ranking and the volume', () => {
    const csv = targetSearchCsv({
      result: {
        hits: [
          { experiment: e(2, 'MOs'), sumMm3: 0.5, numVoxels: 300 },
          { experiment: e(1, 'MOs'), sumMm3: 0.25, numVoxels: null },
        ],
        source: 'service',
        fallbackReason: null,
      },
      targets: [{ acronym: 'CP', structures: 1 }],
      query,
      products: undefined,
      url: 'https://app/?search=target&tgt=CP&r=MOs',
    });
    const h = header(csv);
    expect(h.get('view')).toContain('Target search');
    expect(h.get('url')).toBe('https://app/?search=target&tgt=CP&r=MOs');
    expect(h.get('targets')).toBe('CP (1 structures with its descendants)');
    expect(h.get('sources (bsv target_regions + regions)')).toContain('MOs');
    expect(h.get('mouse line')).toBe('wild type only');
    expect(h.get('answered by')).toContain('target_domain');
    expect(h.has('injection regions')).toBe(false);
    const t = table(csv);
    expect(t[0]).toBe(
      'rank,experiment_id,structure,structure_id,structure_name,transgenic_line,product_id,product,projection_volume_in_target_mm3,target_voxels,injection_volume_metadata_mm3,ap_um,dv_um,ml_um,allen_page',
    );
    expect(t[1]).toBe(
      '1,2,MOs,2,"MOs, a structure",wild type,5,Product 5,0.5,300,0.2,6000,4000,3000,https://connectivity.brain-map.org/projection/experiment/2',
    );
    expect(t[2]).toContain(',0.25,,0.2,'); // no num-voxels: empty
  });

  it('spatial search: one row per experiment with both densities; the failed service and the cache are stated', () => {
    const csv = spatialSearchCsv({
      rows: [
        { experiment: e(3, 'AD'), service: { experiment: e(3, 'AD'), densityAtSeed: 0.7, pathPoints: 12 }, cached: 0.7 },
        { experiment: e(4, 'AV'), service: null, cached: 0.2 },
      ],
      seedUm: [6050, 3750, 6350],
      serviceState: 'Spatial search failed after 4 attempts: HTTP 500',
      cache: { voxel: { ap: 60, dv: 37, ml: 63 }, values: [], cachedCount: 2, unreadable: 0 },
      query,
      products: undefined,
      url: 'u',
    });
    const h = header(csv);
    expect(h.get('voxel (100 µm)')).toBe('AP 6000–6100, DV 3700–3800, ML 6300–6400 µm');
    expect(h.get('Allen service')).toContain('failed: Spatial search failed');
    expect(h.get('cached grids')).toBe('2 density grids cached in this browser');
    expect(h.has('primary injection structure only')).toBe(false);
    const t = table(csv);
    const cols = t[0]?.split(',') ?? [];
    expect(cols.slice(8, 12)).toEqual(['listed_by_allen', 'density_at_seed_allen', 'density_at_seed_cached_grid', 'path_points']);
    expect(t[2]).toContain(',no,,0.2,,');
  });

  it('coordinate search: only the rows within the distance, with it', () => {
    const csv = coordinateSearchCsv({
      result: {
        hits: [
          { experiment: e(5, 'VAL'), distanceUm: 100 },
          { experiment: e(6, 'RT'), distanceUm: 2000 },
        ],
        source: 'api-connectivity',
        fallbackReason: 'HTTP 500',
      },
      seedUm: [6040, 4540, 7300],
      maxDistanceUm: 1000,
      query,
      products: undefined,
      url: 'u',
    });
    expect(header(csv).get('within')).toBe('1000 µm (1 of the 2 ranked experiments)');
    expect(header(csv).get('answered by')).toContain('model::ApiConnectivity');
    expect(table(csv)).toHaveLength(2);
    expect(table(csv)[1]).toMatch(/^1,5,VAL,.*,100,0.2,6000,4000,3000,/);
  });
});
