import { describe, expect, it } from 'vitest';
import { CORE_URL_KEYS } from './view-params';
import {
  DEFAULT_BRAIN3D,
  THRESHOLD_SLIDER_STEPS,
  parseBrain3dParams,
  sliderToThreshold,
  thresholdToSlider,
  writeBrain3dParams,
  type Brain3dParams,
} from './brain3d-params';

function roundTrip(s: Brain3dParams): { state: Brain3dParams; notices: string[]; query: string } {
  const p = new URLSearchParams();
  writeBrain3dParams(s, p);
  const notices: string[] = [];
  return { state: parseBrain3dParams(new URLSearchParams(p.toString()), notices), notices, query: p.toString() };
}

describe('brain3d params', () => {
  it('writes nothing for the defaults and reads defaults from an empty URL', () => {
    const p = new URLSearchParams();
    writeBrain3dParams(DEFAULT_BRAIN3D, p);
    expect(p.toString()).toBe('');
    const notices: string[] = [];
    expect(parseBrain3dParams(new URLSearchParams(''), notices)).toEqual(DEFAULT_BRAIN3D);
    expect(notices).toEqual([]);
  });

  it('round trips every non-default value', () => {
    const s: Brain3dParams = { autoRotate: true, density: true, densityThreshold: 0.125, camera: 'top' };
    const r = roundTrip(s);
    expect(r.state).toEqual(s);
    expect(r.notices).toEqual([]);
    expect(r.query).toBe('spin=1&dens=1&dth=0.125&cam=top');
  });

  it('never writes a core key', () => {
    const p = new URLSearchParams();
    writeBrain3dParams({ autoRotate: true, density: true, densityThreshold: 0.5, camera: 'front' }, p);
    for (const k of CORE_URL_KEYS) expect(p.has(k)).toBe(false);
  });

  it('rounds the threshold to 4 significant digits (stable round trip)', () => {
    const r = roundTrip({ ...DEFAULT_BRAIN3D, densityThreshold: 0.0123456 });
    expect(r.state.densityThreshold).toBe(0.01235);
    expect(roundTrip(r.state).query).toBe(r.query);
  });

  it.each([
    ['dth=0', 'density threshold'],
    ['dth=1.5', 'density threshold'],
    ['dth=-0.1', 'density threshold'],
    ['dth=abc', 'density threshold'],
    ['dth=', 'density threshold'],
    ['dth=Infinity', 'density threshold'],
    ['cam=../x', 'camera'],
    ['spin=yes', 'auto-rotate'],
    ['dens=2', 'density surface'],
  ])('hostile %s falls back to the default with a notice', (query, word) => {
    const notices: string[] = [];
    expect(parseBrain3dParams(new URLSearchParams(query), notices)).toEqual(DEFAULT_BRAIN3D);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(word);
  });

  it('accepts the threshold limits themselves', () => {
    const notices: string[] = [];
    expect(parseBrain3dParams(new URLSearchParams('dth=0.001'), notices).densityThreshold).toBe(0.001);
    expect(parseBrain3dParams(new URLSearchParams('dth=1'), notices).densityThreshold).toBe(1);
    expect(notices).toEqual([]);
  });

  it('cuts a very long hostile value in the notice', () => {
    const notices: string[] = [];
    parseBrain3dParams(new URLSearchParams(`cam=${'x'.repeat(5000)}`), notices);
    expect(notices[0]?.length ?? 0).toBeLessThan(120);
  });
});

describe('density threshold slider (log scale)', () => {
  it('maps the ends to the limits and each decade to a third of the range', () => {
    expect(sliderToThreshold(0)).toBe(0.001);
    expect(sliderToThreshold(THRESHOLD_SLIDER_STEPS)).toBe(1);
    expect(sliderToThreshold(THRESHOLD_SLIDER_STEPS / 3)).toBe(0.01);
    expect(sliderToThreshold(-5)).toBe(0.001);
    expect(thresholdToSlider(0.1)).toBe((2 * THRESHOLD_SLIDER_STEPS) / 3);
    expect(thresholdToSlider(50)).toBe(THRESHOLD_SLIDER_STEPS);
  });

  it('round trips every slider step', () => {
    for (let s = 0; s <= THRESHOLD_SLIDER_STEPS; s++) expect(thresholdToSlider(sliderToThreshold(s))).toBe(s);
  });
});
