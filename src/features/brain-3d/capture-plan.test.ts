// Label texture sizes and capture tiles (capture-plan.ts).
import { describe, expect, it } from 'vitest';
import { LABEL_TEXTURE_MAX_PX, LABEL_TEXTURE_MIN_PX, capturePlan, labelTexturePx } from './capture-plan.ts';

describe('labelTexturePx', () => {
  it('covers the footprint by at most one 2^(1/4) step', () => {
    for (const px of [17, 18.3, 36, 73, 100, 250, 600]) {
      const t = labelTexturePx(px);
      expect(t).toBeGreaterThanOrEqual(px);
      expect(t).toBeLessThanOrEqual(Math.ceil(px * 2 ** 0.25) + 1);
    }
  });
  it('grows with the scale: a 4× capture gets a texture about 4× the 1× one', () => {
    expect(labelTexturePx(18 * 4) / labelTexturePx(18)).toBeGreaterThan(3.3);
    expect(labelTexturePx(18 * 4) / labelTexturePx(18)).toBeLessThan(4.8);
  });
  it('is steady between steps and clamped', () => {
    expect(labelTexturePx(64)).toBe(64);
    expect(labelTexturePx(65)).toBe(labelTexturePx(76));
    expect(labelTexturePx(0)).toBe(LABEL_TEXTURE_MIN_PX);
    expect(labelTexturePx(Number.NaN)).toBe(LABEL_TEXTURE_MIN_PX);
    expect(labelTexturePx(1e6)).toBe(LABEL_TEXTURE_MAX_PX);
    expect(labelTexturePx(900, 512)).toBe(512);
  });
});

describe('capturePlan', () => {
  it('is one tile when the GPU can draw the whole capture', () => {
    expect(capturePlan(640, 479.5, 4, 8192)).toEqual({ width: 2560, height: 1918, tiles: [{ x: 0, y: 0, width: 2560, height: 1918 }] });
  });
  it('cuts a capture larger than maxSide into tiles that cover it exactly, none larger than maxSide', () => {
    const p = capturePlan(2100, 1200, 4, 4096);
    expect([p.width, p.height]).toEqual([8400, 4800]);
    expect(p.tiles).toHaveLength(3 * 2);
    let area = 0;
    for (const t of p.tiles) {
      expect(t.width).toBeLessThanOrEqual(4096);
      expect(t.height).toBeLessThanOrEqual(4096);
      expect(t.x + t.width).toBeLessThanOrEqual(p.width);
      expect(t.y + t.height).toBeLessThanOrEqual(p.height);
      area += t.width * t.height;
    }
    expect(area).toBe(p.width * p.height);
    // row-major, abutting
    expect(p.tiles.slice(0, 3).map((t) => t.x)).toEqual([0, 2800, 5600]);
    expect(p.tiles.map((t) => t.y)).toEqual([0, 0, 0, 2400, 2400, 2400]);
  });
  it('keeps at least one px and a whole tile for degenerate inputs', () => {
    expect(capturePlan(0, 0, 2, 0)).toEqual({ width: 1, height: 1, tiles: [{ x: 0, y: 0, width: 1, height: 1 }] });
  });
});
