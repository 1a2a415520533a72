import { describe, expect, it } from 'vitest';
import { labelEdgesPath, regionPath } from './svg-paths';

const unit = (r: number, c: number): { x: number; y: number } => ({ x: c, y: r });

describe('labelEdgesPath', () => {
  it('draws one merged segment per straight boundary', () => {
    // 2 rows × 3 cols: top row id 1, bottom row id 2 → one horizontal line y = 1 from x 0 to 3
    expect(labelEdgesPath(Uint32Array.from([1, 1, 1, 2, 2, 2]), 2, 3, unit)).toBe('M0 1L3 1');
    // left column 0 (outside), rest 7 → one vertical line x = 1 over both rows
    expect(labelEdgesPath(Uint32Array.from([0, 7, 7, 0, 7, 7]), 2, 3, unit)).toBe('M1 0L1 2');
  });
  it('draws nothing for a uniform raster and outlines a lone cell with 4 sides', () => {
    expect(labelEdgesPath(new Uint32Array(9), 3, 3, unit)).toBe('');
    expect(labelEdgesPath(Uint32Array.from([0, 0, 0, 0, 9, 0, 0, 0, 0]), 3, 3, unit)).toBe('M1 1L2 1M1 2L2 2M1 1L1 2M2 1L2 2');
  });
  it('rejects a wrong length', () => {
    expect(() => labelEdgesPath(new Uint32Array(5), 2, 3, unit)).toThrow(RangeError);
  });
});

/** Signed area of every closed subpath of M…L…Z data (shoelace, y down: clockwise on screen > 0). */
function loopAreas(d: string): number[] {
  return d
    .split('M')
    .filter(Boolean)
    .map((loop) => {
      const pts = loop
        .replace('Z', '')
        .split('L')
        .map((p) => p.split(' ').map(Number) as [number, number]);
      let a = 0;
      pts.forEach(([x0, y0], i) => {
        const [x1, y1] = pts[(i + 1) % pts.length] ?? [0, 0];
        a += x0 * y1 - x1 * y0;
      });
      return a / 2;
    });
}

describe('regionPath', () => {
  const of = (cells: number[], rows: number, cols: number): string => regionPath((i) => cells[i] === 1, rows, cols, unit);
  it('closes one loop of corners around a block, clockwise on screen', () => {
    expect(of([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3)).toBe('M1 1L2 1L2 2L1 2Z');
    expect(of([1, 1, 0, 1, 1, 0], 2, 3)).toBe('M0 0L2 0L2 2L0 2Z');
  });
  it('follows a concave outline corner by corner', () => {
    // ■■
    // ■□
    expect(of([1, 1, 1, 0], 2, 2)).toBe('M0 0L2 0L2 1L1 1L1 2L0 2Z');
  });
  it('cuts a hole as a second loop running the other way', () => {
    const d = of([1, 1, 1, 1, 0, 1, 1, 1, 1], 3, 3);
    expect(d).toBe('M0 0L3 0L3 3L0 3ZM1 1L1 2L2 2L2 1Z');
    expect(loopAreas(d)).toEqual([9, -1]);
  });
  it('covers cells that touch only at a corner, and nothing else', () => {
    // ■□
    // □■
    const d = of([1, 0, 0, 1], 2, 2);
    expect(loopAreas(d).reduce((a, b) => a + b, 0)).toBe(2);
    expect(d.match(/Z/g)?.length).toBeGreaterThanOrEqual(1);
    expect(of([0, 0, 0, 0], 2, 2)).toBe('');
  });
});
