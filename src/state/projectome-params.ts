// URL parameters of the upstream projectome view (v=1), a view like the others (one codec, one
// store from createViewParams, registered in view-params-registry.ts). The target (t) is not
// here: every analysis view shares it (view-store.ts, written by url-state.ts). Parsed with a
// schema: bad values fall back to defaults with a notice. Keys are short to keep links short:
//   s    source acronyms, comma-separated (draw colours by order)
//   min  minimum projection volume (mm³) for source discovery
//   ap   AP position, CCF µm: grid index × 100, the anterior face of the 100 µm slice shown (bsv's
//        label); a value inside a slice opens that slice, with a notice
//   th   slice thickness (100 µm slices averaged on each side, bsv slice_thickness)
//   pct  density percentile of the colour ceiling (bsv density_percentile)
//   hide source acronyms drawn hidden     norm  'inj' = ÷ injection volume (PSU, bsv), 'meta' = ÷ metadata volume
//   hemi 'sub' = subtract the other hemisphere (bsv subtract_other_hemisphere)
import { z } from 'zod';
import { parseProcessing, writeProcessing, type Normalization } from './normalization';
import { createViewParams, type ViewParamsCodec } from './view-params';
import { parseDecimal } from './url-number';
import { splitAcronymList } from './acronym-list';

export interface ProjectomeParams {
  readonly sources: readonly string[];
  readonly minVolumeMm3: number;
  /** CCF µm, or null for the middle of the target's AP extent. */
  readonly apUm: number | null;
  readonly sliceThickness: number;
  readonly densityPercentile: number;
  readonly hidden: readonly string[];
  readonly normalization: Normalization;
  readonly subtractOtherHemisphere: boolean;
}

export const DEFAULT_PROJECTOME: ProjectomeParams = {
  sources: [],
  minVolumeMm3: 0.01,
  apUm: null,
  sliceThickness: 2,
  densityPercentile: 99,
  hidden: [],
  normalization: 'none',
  subtractOtherHemisphere: false,
};

export const PROJECTOME_LIMITS = {
  maxSources: 20,
  maxApUm: 13_100,
  maxSliceThickness: 10,
  minPercentile: 50,
  maxPercentile: 100,
  maxMinVolumeMm3: 10,
} as const;

const ACRONYM = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9\-_/,.()' ]*$/);

function numberParam(raw: string | null, label: string, schema: z.ZodType<number>, fallback: number, notices: string[], fallbackText?: string): number {
  if (raw === null) return fallback;
  const parsed = schema.safeParse(parseDecimal(raw));
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
    if (ACRONYM.safeParse(a).success) {
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
  const minVolumeMm3 = numberParam(params.get('min'), 'minimum projection volume', z.number().finite().min(0).max(L.maxMinVolumeMm3), d.minVolumeMm3, notices);
  const rawAp = params.get('ap');
  let apUm = rawAp === null ? null : numberParam(rawAp, 'AP position', z.number().int().min(0).max(L.maxApUm), -1, notices, 'showing the middle of the target');
  if (apUm !== null && apUm >= 0 && apUm % 100 !== 0) {
    const face = Math.floor(apUm / 100) * 100;
    notices.push(`AP ${apUm} µm lies inside the 100 µm slice ${face}–${face + 100} µm; AP positions name a slice's anterior face, so AP ${face} µm is shown.`);
    apUm = face;
  }
  const sliceThickness = numberParam(params.get('th'), 'slice thickness', z.number().int().min(0).max(L.maxSliceThickness), d.sliceThickness, notices);
  const densityPercentile = numberParam(
    params.get('pct'),
    'density percentile',
    z.number().finite().min(L.minPercentile).max(L.maxPercentile),
    d.densityPercentile,
    notices,
  );
  const { normalization, subtractOtherHemisphere } = parseProcessing(params, notices);
  return {
    subtractOtherHemisphere,
    sources,
    minVolumeMm3,
    apUm: apUm === null || apUm < 0 ? null : apUm,
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
  if (state.apUm !== null) params.set('ap', String(state.apUm));
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
  // sources and what defines their means get a history entry; AP, thickness, ceiling and
  // visibility replace the current one (Back does not step through slider positions)
  major: (s) => [s.sources, s.minVolumeMm3, s.normalization, s.subtractOtherHemisphere],
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
  setAp(apUm: number | null): void {
    patch({ apUm: apUm === null ? null : clamp(Math.round(apUm / 100) * 100, 0, PROJECTOME_LIMITS.maxApUm) });
  },
  setSliceThickness: (n: number): void => patch({ sliceThickness: clamp(Math.round(n), 0, PROJECTOME_LIMITS.maxSliceThickness) }),
  setDensityPercentile: (p: number): void => patch({ densityPercentile: clamp(p, PROJECTOME_LIMITS.minPercentile, PROJECTOME_LIMITS.maxPercentile) }),
  setMinVolume: (mm3: number): void => patch({ minVolumeMm3: clamp(mm3, 0, PROJECTOME_LIMITS.maxMinVolumeMm3) }),
  setProcessing: (p: Partial<Pick<ProjectomeParams, 'normalization' | 'subtractOtherHemisphere'>>): void => patch(p),
};
