import { describe, expect, it } from 'vitest';
import { cameraPose, ccfToScene, ccfToSceneMatrix, type Vec3 } from './ccf-scene';

function apply(m: number[], p: Vec3): Vec3 {
  const [x, y, z] = p;
  const at = (i: number) => m[i] ?? NaN;
  return [at(0) * x + at(4) * y + at(8) * z + at(12), at(1) * x + at(5) * y + at(9) * z + at(13), at(2) * x + at(6) * y + at(10) * z + at(14)];
}
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

describe('CCF → scene', () => {
  it('puts the brain centre at the origin, in mm, dorsal up, right +x, posterior +z', () => {
    expect(ccfToScene(6600, 4000, 5700)).toEqual([0, 0, 0]);
    expect(ccfToScene(6600, 3000, 5700)).toEqual([0, 1, 0]); // 1 mm dorsal
    expect(ccfToScene(6600, 4000, 6700)).toEqual([1, 0, 0]); // 1 mm right
    expect(ccfToScene(7600, 4000, 5700)).toEqual([0, 0, 1]); // 1 mm posterior
  });

  it('the matrix agrees with the function and is a rotation (det +1)', () => {
    const m = ccfToSceneMatrix();
    for (const p of [
      [0, 0, 0],
      [1320, 800, 1140],
      [13200, 8000, 11400],
      [123, 4567, 8910],
    ] as Vec3[]) {
      const a = apply(m, p);
      const b = ccfToScene(...p);
      for (let k = 0; k < 3; k++) expect(a[k]).toBeCloseTo(b[k] ?? NaN, 9);
    }
    const cols: Vec3[] = [0, 4, 8].map((i) => [m[i] ?? 0, m[i + 1] ?? 0, m[i + 2] ?? 0] as Vec3);
    const [c0, c1, c2] = cols as [Vec3, Vec3, Vec3];
    expect(dot(cross(c0, c1), c2) * 1e9).toBeCloseTo(1, 9);
  });
});

describe('camera presets', () => {
  /** Screen right and up directions of a camera looking at the origin. */
  function screen(preset: 'iso' | 'top' | 'side' | 'front') {
    const pose = cameraPose(preset, 30);
    const fwd = sub([0, 0, 0], pose.position);
    const right = cross(fwd, pose.up);
    const up = cross(right, fwd);
    return { right, up, distance: Math.hypot(...pose.position) };
  }
  const anterior = sub(ccfToScene(0, 4000, 5700), ccfToScene(13200, 4000, 5700));
  const dorsal = sub(ccfToScene(6600, 0, 5700), ccfToScene(6600, 8000, 5700));
  const rightward = sub(ccfToScene(6600, 4000, 11400), ccfToScene(6600, 4000, 0));

  it('iso and side: anterior on the left, dorsal up', () => {
    for (const p of ['iso', 'side'] as const) {
      const s = screen(p);
      expect(dot(anterior, s.right)).toBeLessThan(0);
      expect(dot(dorsal, s.up)).toBeGreaterThan(0);
      expect(s.distance).toBeCloseTo(30, 6);
    }
  });

  it('top: anterior left, the right hemisphere at the top of the screen', () => {
    const s = screen('top');
    expect(dot(anterior, s.right)).toBeLessThan(0);
    expect(dot(rightward, s.up)).toBeGreaterThan(0);
  });

  it('front: dorsal up, the animal’s left on the screen’s right', () => {
    const s = screen('front');
    expect(dot(dorsal, s.up)).toBeGreaterThan(0);
    expect(dot(rightward, s.right)).toBeLessThan(0);
  });
});
