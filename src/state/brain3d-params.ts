// URL parameters of the 3D view (see view-params.ts for the contract):
//   spin  '1' = auto-rotate (bsv animate)            dens  '1' = draw the projection-density isosurface
//   dth   density threshold (mean projection density, 0.001–1; the surface encloses values > dth)
//   cam   camera preset: iso (default) | top | side | front
// The density surface is off by default so the view needs no density download unless asked.
import { createViewParams } from './view-params';
import { parseDecimal } from './url-number';

export const CAMERA_PRESETS = ['iso', 'top', 'side', 'front'] as const;
export type CameraPreset = (typeof CAMERA_PRESETS)[number];

export interface Brain3dParams {
  readonly autoRotate: boolean;
  readonly density: boolean;
  /** Mean projection density (unitless fraction of voxel volume), in DENSITY_THRESHOLD_LIMITS. */
  readonly densityThreshold: number;
  readonly camera: CameraPreset;
}

export const DENSITY_THRESHOLD_LIMITS = { min: 0.001, max: 1 } as const;

export const DEFAULT_BRAIN3D: Brain3dParams = {
  autoRotate: false,
  density: false,
  densityThreshold: 0.05,
  camera: 'iso',
};

function flag(raw: string | null, label: string, notices: string[]): boolean {
  if (raw === null || raw === '0') return false;
  if (raw === '1') return true;
  notices.push(`Ignored an invalid ${label} value "${raw.slice(0, 20)}"; it is off.`);
  return false;
}

/** Rounds to 4 significant digits so the URL stays short and round trips exactly. */
export function roundThreshold(v: number): number {
  return Number(v.toPrecision(4));
}

export function parseBrain3dParams(params: URLSearchParams, notices: string[]): Brain3dParams {
  const d = DEFAULT_BRAIN3D;
  let densityThreshold = d.densityThreshold;
  const rawTh = params.get('dth');
  if (rawTh !== null) {
    const v = parseDecimal(rawTh);
    if (Number.isFinite(v) && v >= DENSITY_THRESHOLD_LIMITS.min && v <= DENSITY_THRESHOLD_LIMITS.max) densityThreshold = roundThreshold(v);
    else
      notices.push(
        `Ignored an invalid density threshold "${rawTh.slice(0, 20)}" (allowed ${DENSITY_THRESHOLD_LIMITS.min}–${DENSITY_THRESHOLD_LIMITS.max}); using ${d.densityThreshold}.`,
      );
  }
  let camera = d.camera;
  const rawCam = params.get('cam');
  if (rawCam !== null) {
    const found = CAMERA_PRESETS.find((c) => c === rawCam);
    if (found) camera = found;
    else notices.push(`Ignored an unknown camera view "${rawCam.slice(0, 20)}"; using ${d.camera}.`);
  }
  return {
    autoRotate: flag(params.get('spin'), 'auto-rotate', notices),
    density: flag(params.get('dens'), 'density surface', notices),
    densityThreshold,
    camera,
  };
}

export function writeBrain3dParams(s: Brain3dParams, params: URLSearchParams): void {
  const d = DEFAULT_BRAIN3D;
  if (s.autoRotate) params.set('spin', '1');
  if (s.density) params.set('dens', '1');
  if (s.densityThreshold !== d.densityThreshold) params.set('dth', String(roundThreshold(s.densityThreshold)));
  if (s.camera !== d.camera) params.set('cam', s.camera);
}

export const brain3dParams = createViewParams<Brain3dParams>({
  defaults: DEFAULT_BRAIN3D,
  parse: parseBrain3dParams,
  write: writeBrain3dParams,
  major: (s) => s.density,
});

/** Slider position 0…SLIDER_STEPS (log scale over DENSITY_THRESHOLD_LIMITS) → threshold. */
export const THRESHOLD_SLIDER_STEPS = 300;

export function sliderToThreshold(step: number): number {
  const { min, max } = DENSITY_THRESHOLD_LIMITS;
  const t = Math.min(1, Math.max(0, step / THRESHOLD_SLIDER_STEPS));
  return roundThreshold(min * Math.pow(max / min, t));
}

export function thresholdToSlider(threshold: number): number {
  const { min, max } = DENSITY_THRESHOLD_LIMITS;
  const v = Math.min(max, Math.max(min, threshold));
  return Math.round((THRESHOLD_SLIDER_STEPS * Math.log(v / min)) / Math.log(max / min));
}
