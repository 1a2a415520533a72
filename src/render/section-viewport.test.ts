import { describe, expect, it } from 'vitest';
import { canvasBox, ccfToClipTransform, cropExtent, cssRectToGl, FULL_CORONAL_SECTION, maskExtent, panelGrid, sectionViewport } from './section-viewport';

describe('sectionViewport', () => {
  it('fits the whole section exactly into a box of its aspect (10 µm per px)', () => {
    const vp = sectionViewport(FULL_CORONAL_SECTION, canvasBox(1140, 800));
    expect(vp.umPerCssPx).toBeCloseTo(10, 12);
    expect(vp.rect).toEqual({ x: 0, y: 0, width: 1140, height: 800 });
    // dorsal top-left corner is CCF (0, 0); left hemisphere (small ML) on the left
    expect(vp.cssPxToCcf(0, 0)).toEqual({ dvUm: 0, mlUm: 0 });
    expect(vp.ccfToCssPx(8000, 11400)).toEqual({ x: 1140, y: 800 });
    expect(vp.ccfToCssPx(0, 5700).x).toBeCloseTo(570, 9);
  });
  it('letterboxes a tall box and pillarboxes a wide one, keeping 1 µm DV = 1 µm ML', () => {
    const tall = sectionViewport(FULL_CORONAL_SECTION, canvasBox(1140, 1600));
    expect(tall.rect).toEqual({ x: 0, y: 400, width: 1140, height: 800 });
    const wide = sectionViewport(FULL_CORONAL_SECTION, canvasBox(3000, 400));
    expect(wide.umPerCssPx).toBeCloseTo(20, 12);
    expect(wide.rect.width).toBeCloseTo(570, 9);
    expect(wide.rect.x).toBeCloseTo((3000 - 570) / 2, 9);
    for (const vp of [tall, wide]) {
      const a = vp.ccfToCssPx(1000, 2000),
        b = vp.ccfToCssPx(2000, 3000);
      expect(b.x - a.x).toBeCloseTo(b.y - a.y, 9);
    }
  });
  it('round-trips CCF → px → CCF inside a cropped extent with padding', () => {
    const ext = { dvMinUm: 3000, dvMaxUm: 4500, mlMinUm: 6000, mlMaxUm: 9000 };
    const vp = sectionViewport(ext, { x: 50, y: 20, width: 333, height: 271 }, 7);
    for (const [dv, ml] of [
      [3000, 6000],
      [4500, 9000],
      [3777, 8123.5],
    ] as const) {
      const p = vp.ccfToCssPx(dv, ml);
      const q = vp.cssPxToCcf(p.x, p.y);
      expect(q?.dvUm).toBeCloseTo(dv, 6);
      expect(q?.mlUm).toBeCloseTo(ml, 6);
    }
    expect(vp.rect.width).toBeCloseTo(333 - 14, 9); // width-limited: 3000 µm over 319 px
    expect(vp.cssPxToCcf(vp.rect.x - 1, vp.rect.y + 5)).toBeNull();
    expect(vp.cssPxToCcf(vp.rect.x + 5, vp.rect.y + vp.rect.height + 1)).toBeNull();
  });
  it('draws nothing into an empty box or an empty extent', () => {
    for (const vp of [
      sectionViewport(FULL_CORONAL_SECTION, canvasBox(0, 0)),
      sectionViewport({ dvMinUm: 5, dvMaxUm: 5, mlMinUm: 0, mlMaxUm: 1 }, canvasBox(100, 100)),
    ]) {
      expect(vp.umPerCssPx).toBeNaN();
      expect(vp.rect.width).toBe(0);
      expect(vp.cssPxToCcf(0, 0)).toBeNull();
    }
  });
});

describe('extent helpers', () => {
  it('maskExtent gives the µm bounding box of non-zero cells', () => {
    // 3 rows × 4 cols at 50 µm; cells (1,1) and (2,2)
    const m = new Uint8Array(12);
    m[1 * 4 + 1] = 1;
    m[2 * 4 + 2] = 1;
    expect(maskExtent(m, 3, 4, 50)).toEqual({
      dvMinUm: 50,
      dvMaxUm: 150,
      mlMinUm: 50,
      mlMaxUm: 150,
    });
    expect(maskExtent(new Uint8Array(12), 3, 4, 50)).toBeNull();
    expect(() => maskExtent(m, 4, 4, 50)).toThrow(RangeError);
  });
  it('cropExtent adds the margin and clips to the section', () => {
    expect(cropExtent({ dvMinUm: 200, dvMaxUm: 1000, mlMinUm: 5000, mlMaxUm: 11000 }, 500)).toEqual({
      dvMinUm: 0,
      dvMaxUm: 1500,
      mlMinUm: 4500,
      mlMaxUm: 11400,
    });
  });
  it('cssRectToGl flips y to the bottom-left GL origin and scales by the buffer ratio', () => {
    // canvas 200 × 100 CSS at dpr 2 → 400 × 200 buffer; rect at top-left 10,10 size 50×20
    expect(cssRectToGl({ x: 10, y: 10, width: 50, height: 20 }, 200, 100, 400, 200)).toEqual({
      x: 20,
      y: 200 - 60,
      width: 100,
      height: 40,
    });
    expect(cssRectToGl({ x: 0, y: 0, width: 10, height: 10 }, 0, 0, 1, 1).width).toBe(0);
  });
  it('ccfToClipTransform sends the drawn rectangle corners to clip corners', () => {
    const vp = sectionViewport(FULL_CORONAL_SECTION, canvasBox(1140, 1600));
    const { scale, offset } = ccfToClipTransform(vp, 1140, 1600);
    const clip = (dv: number, ml: number): [number, number] => [ml * scale[0] + offset[0], dv * scale[1] + offset[1]];
    // the section occupies y 400…1200 of 1600 → clip y 0.5 … −0.5; dorsal (dv 0) is up
    expect(clip(0, 0)[0]).toBeCloseTo(-1, 12);
    expect(clip(0, 0)[1]).toBeCloseTo(0.5, 12);
    expect(clip(8000, 11400)[0]).toBeCloseTo(1, 12);
    expect(clip(8000, 11400)[1]).toBeCloseTo(-0.5, 12);
  });
  it('panelGrid tiles a box row-major with gaps', () => {
    const r = panelGrid(5, 3, { x: 0, y: 0, width: 316, height: 208 }, 8);
    expect(r).toHaveLength(5);
    expect(r[0]).toEqual({ x: 0, y: 0, width: 100, height: 100 });
    expect(r[2]).toEqual({ x: 216, y: 0, width: 100, height: 100 });
    expect(r[4]).toEqual({ x: 108, y: 108, width: 100, height: 100 });
    expect(panelGrid(0, 3, { x: 0, y: 0, width: 10, height: 10 })).toEqual([]);
  });
});
