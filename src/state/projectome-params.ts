// URL parameters of the upstream projectome view (v=1), a view like the others (one codec, one
// store from createViewParams, registered in view-params-registry.ts). The target (t) is not
// here: every analysis view shares it (view-store.ts, written by url-state.ts). Parsed with a
// schema: bad values fall back to defaults with a notice. Keys are short to keep links short:
//   s    source acronyms, comma-separated (draw colours by order)
//   min  minimum projection volume (mm³) for source discovery
//   plane 'sagittal' or 'horizontal' sections (compute/section-plane.ts); absent = coronal, so
//        every older link stays coronal
//   ap | ml | dv  the slice position along the plane's axis, CCF µm — one key, named after that
//        axis: ap (coronal; grid index × 100, the anterior face of the 100 µm slice shown, bsv's
//        label), ml (sagittal; the slice's left face), dv (horizontal; its dorsal face). A value
//        inside a slice opens that slice, with a notice; the key of another plane is ignored,
//        with a notice
//   th   slice thickness (100 µm slices averaged on each side, bsv slice_thickness)
//   pct  density percentile of the colour ceiling (bsv density_percentile)
//   hide source acronyms drawn hidden     norm  'inj' = ÷ injection volume (PSU, bsv), 'meta' = ÷ metadata volume
//   hemi 'sub' = subtract the other hemisphere (bsv subtract_other_hemisphere)
import { parseProcessing, writeProcessing, type Normalization } from './normalization';
import { createViewParams, type ViewParamsCodec } from './view-params';
import { parseDecimal } from './url-number';
import { AXIS_NAMES, PLANE_AXES, isSectionPlane, type SectionPlane } from '../compute/section-plane';
import { splitAcronymList } from './acronym-list';
import { acronymCheck, numberCheck, type UrlCheck } from './url-checks';

export interface ProjectomeParams {
  readonly sources: readonly string[];
  readonly minVolumeMm3: number;
  readonly plane: SectionPlane;
  /**
   * CCF µm along the plane's axis (AP coronal, ML sagittal, DV horizontal), a multiple of 100:
   * the lower face of the 100 µm slice shown; null for the middle of the target's extent.
   */
  readonly positionUm: number | null;
  readonly sliceThickness: number;
  readonly densityPercentile: number;
  readonly hidden: readonly string[];
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

export const DEFAULT_PROJECTOME: ProjectomeParams = {
  sources: [],
  minVolumeMm3: 0.01,
  plane: 'coronal',
  positionUm: null,
  sliceThickness: 2,
  densityPercentile: 99,
  hidden: [],
  normalization: 'none',
  subtractOtherHemisphere: false,
};

export const PROJECTOME_LIMITS = {
  maxSources: 20,
  maxApUm: 13_100,
  /** Last slice face along AP, DV, ML (the 100 µm grid's 132 × 80 × 114 slices). */
  maxPositionUm: [13_100, 7_900, 11_300],
  maxSliceThickness: 10,
  minPercentile: 50,
  maxPercentile: 100,
  maxMinVolumeMm3: 10,
} as const;

/** URL key of the slice position along each CCF axis (AP, DV, ML). */
const POSITION_KEYS = ['ap', 'dv', 'ml'] as const;
/** Which face of a 100 µm slice its position names, per axis. */
const FACE_NAMES = ['anterior', 'dorsal', 'left'] as const;

function numberParam(raw: string | null, label: string, check: UrlCheck<number>, fallback: number, notices: string[], fallbackText?: string): number {
  if (raw === null) return fallback;
  const parsed = check.safeParse(parseDecimal(raw));
  if (parsed.success) return parsed.data;
  notices.push(`Ignored an invalid ${label} "${raw.slice(0, 20)}"; ${fallbackText ?? `using ${fallback}`}.`);
  return fallback;
}

function acronymList(raw: string | null, label: string, max: number, notices: string[]): string[] {
  if (raw === null || raw === '') return [];
  const parts = splitAcronymList(raw);
  if (parts.length > max) notices.push(`The link names ${parts.length} ${label}; only the first ${max} are used.`);
  const out: string[] = [];
  for (const part of parts.slice(0, max)) {
    const a = part.trim();
    if (acronymCheck.safeParse(a).success) {
      if (!out.includes(a)) out.push(a);
    } else notices.push(`Ignored ${label === 'sources' ? 'a source' : 'an entry'} that is not a valid acronym: "${a.slice(0, 40)}".`);
  }
  return out;
}

export function parseProjectomeParams(params: URLSearchParams, notices: string[]): ProjectomeParams {
  const d = DEFAULT_PROJECTOME;
  const L = PROJECTOME_LIMITS;
  const sources = acronymList(params.get('s'), 'sources', L.maxSources, notices);
  const hidden = acronymList(params.get('hide'), 'hidden sources', L.maxSources, notices).filter((h) => sources.includes(h));
  const minVolumeMm3 = numberParam(params.get('min'), 'minimum projection volume', numberCheck(0, L.maxMinVolumeMm3), d.minVolumeMm3, notices);
  const rawPlane = params.get('plane');
  let plane: SectionPlane = 'coronal';
  if (rawPlane !== null) {
    if (isSectionPlane(rawPlane)) plane = rawPlane;
    else notices.push(`Ignored an invalid plane "${rawPlane.slice(0, 20)}"; showing coronal sections.`);
  }
  const axis = PLANE_AXES[plane].slice;
  const name = AXIS_NAMES[axis];
  for (const other of POSITION_KEYS)
    if (other !== POSITION_KEYS[axis] && params.get(other) !== null)
      notices.push(`Ignored ${other}=${(params.get(other) ?? '').slice(0, 20)}: ${plane} sections are positioned by ${POSITION_KEYS[axis]} (${name}).`);
  const rawPos = params.get(POSITION_KEYS[axis]);
  let positionUm =
    rawPos === null
      ? null
      : numberParam(rawPos, `${name} position`, numberCheck(0, L.maxPositionUm[axis], true), -1, notices, 'showing the slice the target opens at');
  if (positionUm !== null && positionUm >= 0 && positionUm % 100 !== 0) {
    const face = Math.floor(positionUm / 100) * 100;
    notices.push(
      `${name} ${positionUm} µm lies inside the 100 µm slice ${face}–${face + 100} µm; ${name} positions name a slice's ${FACE_NAMES[axis]} face, so ${name} ${face} µm is shown.`,
    );
    positionUm = face;
  }
  const sliceThickness = numberParam(params.get('th'), 'slice thickness', numberCheck(0, L.maxSliceThickness, true), d.sliceThickness, notices);
  const densityPercentile = numberParam(params.get('pct'), 'density percentile', numberCheck(L.minPercentile, L.maxPercentile), d.densityPercentile, notices);
  const { normalization, subtractOtherHemisphere } = parseProcessing(params, notices);
  return {
    subtractOtherHemisphere,
    sources,
    minVolumeMm3,
    plane,
    positionUm: positionUm === null || positionUm < 0 ? null : positionUm,
    sliceThickness,
    densityPercentile,
    hidden,
    normalization,
  };
}

export function writeProjectomeParams(state: ProjectomeParams, params: URLSearchParams): void {
  const d = DEFAULT_PROJECTOME;
  if (state.sources.length > 0) params.set('s', state.sources.join(','));
  if (state.minVolumeMm3 !== d.minVolumeMm3) params.set('min', String(state.minVolumeMm3));
  if (state.plane !== 'coronal') params.set('plane', state.plane);
  if (state.positionUm !== null) params.set(POSITION_KEYS[PLANE_AXES[state.plane].slice], String(state.positionUm));
  if (state.sliceThickness !== d.sliceThickness) params.set('th', String(state.sliceThickness));
  if (state.densityPercentile !== d.densityPercentile) params.set('pct', String(state.densityPercentile));
  const hidden = state.hidden.filter((h) => state.sources.includes(h));
  if (hidden.length > 0) params.set('hide', hidden.join(','));
  writeProcessing(state, params);
}

export const projectomeCodec: ViewParamsCodec<ProjectomeParams> = {
  defaults: DEFAULT_PROJECTOME,
  parse: parseProjectomeParams,
  write: writeProjectomeParams,
  // sources and what defines their means get a history entry, and so does the plane; the slice
  // position, thickness, ceiling and visibility replace the current one (Back does not step
  // through slider positions)
  major: (s) => [s.sources, s.minVolumeMm3, s.normalization, s.subtractOtherHemisphere, s.plane],
};

export const projectomeParams = createViewParams(projectomeCodec);

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const store = projectomeParams.useStore;
const patch = (p: Partial<ProjectomeParams>): void => store.getState().set(p);

/** The projectome's actions (limits applied here, as the URL parser applies them). */
export const projectomeActions = {
  setSources(acronyms: readonly string[]): void {
    const s = store.getState().value;
    const sources = [...new Set(acronyms)].slice(0, PROJECTOME_LIMITS.maxSources);
    patch({ sources, hidden: s.hidden.filter((h) => sources.includes(h)) });
  },
  toggleSource(acronym: string): void {
    const s = store.getState().value;
    const has = s.sources.includes(acronym);
    if (!has && s.sources.length >= PROJECTOME_LIMITS.maxSources) return;
    const sources = has ? s.sources.filter((a) => a !== acronym) : [...s.sources, acronym];
    patch({ sources, hidden: s.hidden.filter((h) => sources.includes(h)) });
  },
  toggleHidden(acronym: string): void {
    const { hidden } = store.getState().value;
    patch({ hidden: hidden.includes(acronym) ? hidden.filter((h) => h !== acronym) : [...hidden, acronym] });
  },
  /** The slice position along the current plane's axis (CCF µm, rounded to a slice face), or null. */
  setPosition(um: number | null): void {
    const max = PROJECTOME_LIMITS.maxPositionUm[PLANE_AXES[store.getState().value.plane].slice];
    patch({ positionUm: um === null ? null : clamp(Math.round(um / 100) * 100, 0, max) });
  },
  /** Another plane opens at the middle of the target's extent along its axis. */
  setPlane(plane: SectionPlane): void {
    if (store.getState().value.plane !== plane) patch({ plane, positionUm: null });
  },
  setSliceThickness: (n: number): void => patch({ sliceThickness: clamp(Math.round(n), 0, PROJECTOME_LIMITS.maxSliceThickness) }),
  setDensityPercentile: (p: number): void => patch({ densityPercentile: clamp(p, PROJECTOME_LIMITS.minPercentile, PROJECTOME_LIMITS.maxPercentile) }),
  setMinVolume: (mm3: number): void => patch({ minVolumeMm3: clamp(mm3, 0, PROJECTOME_LIMITS.maxMinVolumeMm3) }),
  setProcessing: (p: Partial<Pick<ProjectomeParams, 'normalization' | 'subtractOtherHemisphere'>>): void => patch(p),
};
