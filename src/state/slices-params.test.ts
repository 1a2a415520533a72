import { describe, expect, it } from 'vitest';
import { ontologyFromRows } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';
import {
  checkCustomSlices,
  checkNumber,
  DEFAULT_SLICE_GRID,
  DEFAULT_SLICE_VIEWS,
  parseSliceGrid,
  SLICE_LIMITS,
  sliceAggregateSpec,
  sliceComputeParams,
  slicesCodec,
  type SliceGridParams,
  type SliceViewsParams,
} from './slices-params';

function parse(query: string): { value: SliceGridParams; notices: string[] } {
  const notices: string[] = [];
  return { value: parseSliceGrid(new URLSearchParams(query), notices), notices };
}

function roundTrip(s: SliceViewsParams): SliceViewsParams {
  const params = new URLSearchParams();
  slicesCodec.write(s, params);
  const notices: string[] = [];
  const back = slicesCodec.parse(new URLSearchParams(params.toString()), notices);
  expect(notices).toEqual([]);
  return back;
}

describe('slice grid URL parameters', () => {
  it('defaults write nothing and parse back to the defaults', () => {
    const params = new URLSearchParams();
    slicesCodec.write(DEFAULT_SLICE_VIEWS, params);
    expect(params.toString()).toBe('');
    expect(parse('').value).toEqual(DEFAULT_SLICE_GRID);
  });

  it('round-trips every non-default value', () => {
    const s: SliceViewsParams = {
      ...DEFAULT_SLICE_VIEWS,
      grouping: 'DV',
      groupingBins: 4,
      plane: 'sagittal',
      slices: 12,
      pixels: 40,
      colormap: 'viridis',
      colorLimits: [-0.5, 2.25],
      regionOnly: false,
      customSlicesUm: [3400, 4100.5],
      sliceAveraging: 2,
      smoothing: 1.5,
      normalizeByGroup: true,
      normalization: 'injection-volume',
      subtractOtherHemisphere: true,
    };
    expect(roundTrip(s)).toEqual(s);
    expect(roundTrip({ ...s, colorLimits: 'per_slice' }).colorLimits).toBe('per_slice');
    expect(roundTrip({ ...s, colorLimits: 'per_group' }).colorLimits).toBe('per_group');
  });

  it('clamps out-of-range numbers to the limits and says so', () => {
    const { value, notices } = parse('n=0&px=10000&gb=99&sa=-1&sm=7');
    expect(value.slices).toBe(SLICE_LIMITS.minSlices);
    expect(value.pixels).toBe(SLICE_LIMITS.maxPixels);
    expect(value.groupingBins).toBe(SLICE_LIMITS.maxBins);
    expect(value.sliceAveraging).toBe(0);
    expect(value.smoothing).toBe(SLICE_LIMITS.maxSmoothing);
    expect(notices).toHaveLength(5);
    expect(notices).toContain('Number of slices must be at least 1; 0 was raised to 1.');
    expect(notices).toContain('Number of pixels must be at most 200; 10000 was lowered to 200.');
  });

  it('replaces unreadable values by defaults with a notice, never throwing', () => {
    const { value, notices } = parse('n=abc&px=&g=zzz&pl=top&cm=jet&cl=5,1&ro=maybe&norm=x&hemi=?&nbg=2');
    expect(value).toEqual(DEFAULT_SLICE_GRID);
    expect(notices).toHaveLength(10);
    expect(notices.join(' ')).toContain('lower colour limit (5) must be below the upper one (1)');
  });

  it('rounds fractional integer parameters', () => {
    expect(parse('n=3.6').value.slices).toBe(4);
    expect(parse('n=3.6').notices[0]).toContain('rounded to 4');
  });

  it('keeps valid custom slices, drops bad ones, and limits their number', () => {
    const { value, notices } = parse('cs=5400,abc,-5,99999,6000,5400');
    expect(value.customSlicesUm).toEqual([5400, 6000]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('ignored abc, -5, 99999');
    const many = Array.from({ length: 40 }, (_, i) => 1000 + i * 100).join(',');
    const c = checkCustomSlices(many, 'coronal');
    expect(c.value).toHaveLength(SLICE_LIMITS.maxCustomSlices);
    expect(c.message).toContain('At most 30');
    // ML runs to 11400 µm: 12000 is inside the AP range but outside the ML one.
    expect(checkCustomSlices('12000', 'sagittal').value).toEqual([]);
    expect(checkCustomSlices('12000', 'coronal').value).toEqual([12000]);
  });

  it('checkNumber: in-range values pass with no message', () => {
    expect(checkNumber(' 7 ', 'X', 1, 30, 6, true)).toEqual({ value: 7, message: null });
    expect(checkNumber('1e400', 'X', 1, 30, 6, true).value).toBe(6);
  });
});

describe('sliceComputeParams', () => {
  it('maps per-group limits to global for the worker and drops custom slices outside the plane', () => {
    const p = sliceComputeParams({ ...DEFAULT_SLICE_GRID, colorLimits: 'per_group', plane: 'sagittal', customSlicesUm: [3000, 12000], sliceAveraging: 1 });
    expect(p.colorLimits).toBe('global');
    expect(p.customSlicesUm).toEqual([3000]);
    expect(p.sliceAveraging).toBe(1);
    expect(sliceComputeParams(DEFAULT_SLICE_GRID).customSlicesUm).toBeUndefined();
  });
});

describe('sliceAggregateSpec', () => {
  const node = (id: number, acronym: string, parent: number | null, children: unknown[] = []) => ({
    id,
    acronym,
    name: acronym,
    color_hex_triplet: '808080',
    graph_order: id,
    st_level: 0,
    parent_structure_id: parent,
    children,
  });
  const ontology = ontologyFromRows([node(997, 'root', null, [node(669, 'VIS', 997, [node(385, 'VISp', 669)]), node(677, 'VISC', 997), node(10, 'MO', 997)])]);
  const exp = (id: number, structureId: number, productId = 5): Experiment => ({
    id,
    structureId,
    structureAcronym: '',
    structureName: '',
    injectionStructureIds: [structureId],
    transgenicLine: null,
    injectionVolumeMm3: 0.1,
    injectionCoordUm: [0, 0, 0],
    productId,
    gender: null,
    strain: null,
    specimenName: null,
  });
  const experiments = [exp(1, 385), exp(2, 669), exp(3, 677), exp(4, 385, 31)];
  const query = { regions: ['VIS', 'MO', 'VISC'], line: { kind: 'all' } as const, primaryOnly: true, products: [5] };

  it("region grouping: one group per region with experiments, through the hierarchy; the query's products", () => {
    const spec = sliceAggregateSpec(DEFAULT_SLICE_GRID, experiments, query, ontology);
    expect(spec.grouping).toBe('region');
    expect(spec.regionGroups).toEqual([
      { label: 'VIS', experimentIds: [1, 2] },
      { label: 'VISC', experimentIds: [3] },
    ]);
    expect(spec.experiments.map((e) => e.id)).toEqual([1, 2, 3]);
    const every = sliceAggregateSpec(DEFAULT_SLICE_GRID, experiments, { ...query, products: [] }, ontology);
    expect(every.regionGroups).toEqual([
      { label: 'VIS', experimentIds: [1, 2, 4] },
      { label: 'VISC', experimentIds: [3] },
    ]);
  });

  it('bin grouping uses the same experiments and carries the bins and processing', () => {
    const spec = sliceAggregateSpec(
      { ...DEFAULT_SLICE_GRID, grouping: 'ML', groupingBins: 4, normalization: 'injection-volume', subtractOtherHemisphere: true },
      experiments,
      query,
      ontology,
    );
    expect(spec).toMatchObject({ grouping: 'ML', groupingBins: 4, normalization: 'injection-volume', subtractOtherHemisphere: true });
    expect(spec.experiments.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(sliceAggregateSpec({ ...DEFAULT_SLICE_GRID, grouping: 'none' }, experiments, query, ontology).groupingBins).toBeUndefined();
  });
});
