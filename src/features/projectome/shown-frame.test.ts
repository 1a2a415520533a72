import { describe, expect, it } from 'vitest';
import type { ProjectomeStack } from '../../compute/projectome-stack.ts';
import type { SectionPlane } from '../../compute/section-plane.ts';
import type { SectionStack } from '../../compute/section-stack.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';
import { projectomeFrameCsv } from './projectome-csv.ts';
import type { ProjectomeRequest } from './projectome-pipeline.ts';
import { dotsOf, hoverInfo, type ShownFrame } from './shown-frame.ts';

const resultIn = (plane: SectionPlane): ProjectomeResult =>
  ({
    plane,
    summary: { ceiling: 2, markerSizes: new Float32Array([20]) },
    sources: [{ acronym: 'VISp', usedIds: [1], excluded: [], failed: new Map(), planned: [] }],
    injections: [{ experimentId: 1, source: 0, coordUm: [8000, 3000, 4000] }],
    targetName: 'Caudoputamen',
  }) as unknown as ProjectomeResult;

// an empty stack and section stack: only the coordinate mapping is under test
const empty = { apStart: 0, apCount: 0, rows: 80, cols: 132, resolutionUm: 100, crop: { r0: 0, c0: 0, rows: 0, cols: 0 }, sources: 1 };

describe('the frame on screen in another plane', () => {
  it('dots lie at the plane’s (row, column) µm: sagittal (DV, AP), horizontal (ML, AP), coronal (DV, ML)', () => {
    expect(Array.from(dotsOf(resultIn('sagittal')).positionsUm)).toEqual([3000, 8000]);
    expect(Array.from(dotsOf(resultIn('horizontal')).positionsUm)).toEqual([4000, 8000]);
    expect(Array.from(dotsOf(resultIn('coronal')).positionsUm)).toEqual([3000, 4000]);
  });

  it('the hover readout gives CCF AP, DV, ML with the slice coordinate from the slider', () => {
    const shown = (plane: SectionPlane): ShownFrame =>
      ({
        apIndex: 57,
        gain: 1,
        data: { result: resultIn(plane), stack: empty as unknown as ProjectomeStack, sections: empty as unknown as SectionStack },
      }) as unknown as ShownFrame;
    // sagittal: slice = ML 5700, rows = DV, columns = AP
    expect(hoverInfo(shown('sagittal'), 3050, 8020)).toMatchObject({ apUm: 8020, dvUm: 3050, mlUm: 5700, structureId: 0 });
    // horizontal: slice = DV 5700, rows = ML, columns = AP
    expect(hoverInfo(shown('horizontal'), 4000, 8000)).toMatchObject({ apUm: 8000, dvUm: 5700, mlUm: 4000 });
    expect(hoverInfo(shown('coronal'), 3000, 4000)).toMatchObject({ apUm: 5700, dvUm: 3000, mlUm: 4000 });
  });

  it('the frame CSV gives each voxel’s CCF indices and names the plane’s axis', () => {
    const req = {
      target: 'CP',
      sources: ['VISp'],
      line: '',
      normalization: 'none',
      subtractOtherHemisphere: false,
      primaryOnly: true,
      products: [],
      sliceThickness: 1,
      densityPercentile: 99,
    };
    // sagittal section at ML index 57, 132 AP columns: pixel 10·132 + 80 = DV 10, AP 80
    const slab = { pixels: new Int32Array([10 * 132 + 80]), values: [new Float32Array([0.5])] };
    const csv = projectomeFrameCsv(slab, 57, 132, resultIn('sagittal'), { ...req, plane: 'sagittal' } as unknown as ProjectomeRequest, 'https://x/');
    expect(csv).toContain('frame at ML 5700 µm (sagittal section)');
    expect(csv).toContain('mean of the source mean over ML 5600–5900 µm at that AP/DV');
    expect(csv.trim().split(/\r?\n/).slice(-2)).toEqual([
      'ap_index,ap_um,dv_index,dv_um,ml_index,ml_um,source,slab_mean,at_ceiling',
      '80,8000,10,1000,57,5700,VISp,0.5,0',
    ]);
  });
});
