// The shareable state lives in the URL's query string. It is parsed with a schema, never
// executed: unknown keys are ignored, bad values fall back to defaults and are reported as
// notices so the UI can say what it could not honour. Versioned (v=1) so old links keep working.
import type { MouseLineFilter } from '../allen/types';
import { DEFAULT_SOURCE_PALETTE, isSourcePalette, SOURCE_PALETTES, type SourcePalette } from '../render/source-palette';
import { splitAcronymList } from './acronym-list';
import { acronymCheck, MAX_ACRONYM_LENGTH, textCheck } from './url-checks';

export const URL_STATE_VERSION = 1;

/** Hard limits that keep hostile URLs from costing memory or time. */
export const URL_LIMITS = {
  maxRegions: 50,
  maxAcronymLength: MAX_ACRONYM_LENGTH,
  maxLineNameLength: 80,
  maxQueryLength: 4000,
} as const;

export interface QueryState {
  /** Injection region acronyms (case-sensitive Allen acronyms), in the order the user chose. */
  readonly regions: readonly string[];
  readonly line: MouseLineFilter;
  readonly primaryOnly: boolean;
  /** Allen product ids to keep, ascending; [] = every product (bsv's default: no product filter). URL `prod`. */
  readonly products: readonly number[];
}

export const DEFAULT_QUERY: QueryState = {
  regions: [],
  line: { kind: 'all' },
  primaryOnly: true,
  products: [],
};

/** At most this many product ids in a link (Allen has fewer than 10 connectivity products). */
const MAX_PRODUCTS = 20;

/** `prod=5,35` → [5, 35]; anything that is not a list of positive integers gives a notice and []. */
export function parseProducts(raw: string | null, notices: string[]): number[] {
  if (raw === null || raw === '') return [];
  const parts = raw.split(',').map((p) => p.trim());
  const ids = parts.filter((p) => /^[1-9]\d{0,9}$/.test(p)).map(Number);
  if (ids.length !== parts.length || ids.length > MAX_PRODUCTS) {
    notices.push(`Ignored an invalid product list "${clip(raw, 40)}"; showing every product.`);
    return [];
  }
  return [...new Set(ids)].sort((a, b) => a - b);
}

export type ViewName = 'experiments' | 'projectome' | 'slices' | 'injections' | 'threshold' | 'matrix' | 'brain3d' | 'subregions';

/** URL spelling of each view (`view=`). */
export const VIEW_URL_KEYS: Readonly<Record<ViewName, string>> = {
  experiments: 'exp',
  projectome: 'proj',
  slices: 'slices',
  injections: 'inj',
  threshold: 'thr',
  matrix: 'matrix',
  brain3d: '3d',
  subregions: 'sub',
};
const VIEW_KEYS: ReadonlyMap<string, ViewName> = new Map((Object.entries(VIEW_URL_KEYS) as Array<[ViewName, string]>).map(([view, key]) => [key, view]));

/** Resolution of the annotation boundaries are drawn from (never the numbers: those use 100 µm). */
export type DrawingAtlasUm = 50 | 25;
export const DEFAULT_DRAWING_ATLAS_UM: DrawingAtlasUm = 50;

/** The URL's shared part; each view's own keys come from its codec (view-params-registry.ts). */
export interface UrlState {
  readonly view: ViewName;
  readonly query: QueryState;
  /** The target region every analysis view shares (`t`). */
  readonly target: string | null;
  /**
   * A display preference of every view that draws atlas boundaries (`atlas=25`; absent = 50), so
   * a shared link reproduces the figure. Absent here = the default.
   */
  readonly drawingAtlasUm?: DrawingAtlasUm;
  /**
   * Colours of the sources of a set in every view that draws them (`pal=okabe-ito|ontology`;
   * absent = tab10, bsv's, so old links keep their look). Absent here = the default.
   */
  readonly sourcePalette?: SourcePalette;
}

export const DEFAULT_URL_STATE: UrlState = {
  view: 'experiments',
  query: DEFAULT_QUERY,
  target: null,
  drawingAtlasUm: DEFAULT_DRAWING_ATLAS_UM,
  sourcePalette: DEFAULT_SOURCE_PALETTE,
};

/** `atlas=25` or `atlas=50`; anything else gives a notice and the default (50 µm). */
export function parseDrawingAtlas(raw: string | null, notices: string[]): DrawingAtlasUm {
  if (raw === null || raw === '50') return DEFAULT_DRAWING_ATLAS_UM;
  if (raw === '25') return 25;
  notices.push(`Ignored an invalid boundary atlas "${clip(raw, 12)}" (use atlas=25 or 50); boundaries are drawn from the 50 µm annotation.`);
  return DEFAULT_DRAWING_ATLAS_UM;
}

/** `pal=tab10|okabe-ito|ontology`; anything else gives a notice and the default (tab10). */
export function parseSourcePalette(raw: string | null, notices: string[]): SourcePalette {
  if (raw === null) return DEFAULT_SOURCE_PALETTE;
  if (isSourcePalette(raw)) return raw;
  notices.push(`Ignored an invalid source palette "${clip(raw, 16)}" (use pal=${SOURCE_PALETTES.join(', ')}); sources are drawn in tab10.`);
  return DEFAULT_SOURCE_PALETTE;
}

export interface ParsedUrlState extends UrlState {
  /** Human-readable reasons for every value that was dropped or replaced by a default. */
  readonly notices: readonly string[];
}

const LINE_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_.()/ +]*$/;

const lineCheck = textCheck(1, URL_LIMITS.maxLineNameLength, LINE_NAME);

export function clip(text: string, n = 40): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

export function parseUrlState(search: string): ParsedUrlState {
  const notices: string[] = [];
  if (search.length > URL_LIMITS.maxQueryLength) {
    return {
      ...DEFAULT_URL_STATE,
      notices: [`The link is too long (${search.length} characters); the defaults are shown instead.`],
    };
  }
  const params = new URLSearchParams(search);
  // every reader takes a key's first value: say so when a link repeats one
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of params.keys()) (seen.has(key) ? repeated : seen).add(key);
  for (const key of [...repeated].slice(0, 5)) notices.push(`The link gives "${clip(key, 12)}" more than once; the first value is used.`);
  const version = params.get('v');
  if (version !== null && version !== String(URL_STATE_VERSION)) {
    notices.push(`This link was made by a different version (v=${clip(version, 8)}); values were read where possible.`);
  }

  const regions: string[] = [];
  const rawRegions = params.get('r');
  if (rawRegions !== null && rawRegions !== '') {
    const parts = splitAcronymList(rawRegions);
    if (parts.length > URL_LIMITS.maxRegions) {
      notices.push(`The link names ${parts.length} regions; only the first ${URL_LIMITS.maxRegions} are used.`);
    }
    for (const part of parts.slice(0, URL_LIMITS.maxRegions)) {
      const trimmed = part.trim();
      if (acronymCheck.safeParse(trimmed).success) {
        if (!regions.includes(trimmed)) regions.push(trimmed);
      } else {
        notices.push(`Ignored a region that is not a valid acronym: "${clip(trimmed)}".`);
      }
    }
  }

  let line: MouseLineFilter = DEFAULT_QUERY.line;
  const rawLine = params.get('line');
  if (rawLine !== null) {
    if (rawLine === 'all') line = { kind: 'all' };
    else if (rawLine === 'wt') line = { kind: 'wild-type' };
    else if (lineCheck.safeParse(rawLine).success) line = { kind: 'line', name: rawLine };
    else notices.push(`Ignored an invalid mouse line "${clip(rawLine)}"; showing all lines.`);
  }

  let primaryOnly = DEFAULT_QUERY.primaryOnly;
  const rawPrimary = params.get('p');
  if (rawPrimary !== null) {
    if (rawPrimary === '1') primaryOnly = true;
    else if (rawPrimary === '0') primaryOnly = false;
    else notices.push(`Ignored an invalid primary-only flag "${clip(rawPrimary, 8)}".`);
  }

  const products = parseProducts(params.get('prod'), notices);

  let view: ViewName = DEFAULT_URL_STATE.view;
  const rawView = params.get('view');
  if (rawView !== null) {
    const known = VIEW_KEYS.get(rawView);
    if (known) view = known;
    else notices.push(`Unknown view "${clip(rawView, 20)}"; showing the experiments.`);
  }
  let target: string | null = null;
  const rawTarget = params.get('t');
  if (rawTarget !== null && rawTarget !== '') {
    if (acronymCheck.safeParse(rawTarget).success) target = rawTarget;
    else notices.push(`Ignored a target that is not a valid acronym: "${clip(rawTarget)}".`);
  }
  const drawingAtlasUm = parseDrawingAtlas(params.get('atlas'), notices);
  const sourcePalette = parseSourcePalette(params.get('pal'), notices);
  return { view, query: { regions, line, primaryOnly, products }, target, drawingAtlasUm, sourcePalette, notices };
}

/** Why a link's query string cannot be shared (it would not be read back), or null when it can. */
export function linkTooLong(search: string): string | null {
  return search.length > URL_LIMITS.maxQueryLength
    ? `This link is ${search.length} characters long; links over ${URL_LIMITS.maxQueryLength} are not read back (and many servers refuse them). Remove some regions or sources to share it.`
    : null;
}

/** `writeViewParams` adds the shown view's own parameters (view-params-registry.ts). */
export function serializeUrlState(state: UrlState, writeViewParams?: (params: URLSearchParams) => void): string {
  const { query } = state;
  const params = new URLSearchParams();
  params.set('v', String(URL_STATE_VERSION));
  if (state.view !== DEFAULT_URL_STATE.view) params.set('view', VIEW_URL_KEYS[state.view]);
  if (query.regions.length > 0) params.set('r', query.regions.join(','));
  if (query.line.kind === 'wild-type') params.set('line', 'wt');
  else if (query.line.kind === 'line') params.set('line', query.line.name);
  if (query.primaryOnly !== DEFAULT_QUERY.primaryOnly) params.set('p', query.primaryOnly ? '1' : '0');
  if (query.products.length > 0) params.set('prod', query.products.join(','));
  // The target is shared by every analysis view (projectome, slices, matrix, 3D… read it as their region).
  if (state.view !== 'experiments' && state.target) params.set('t', state.target);
  // a display preference of every view: kept on all of them, so switching views never drops it
  if ((state.drawingAtlasUm ?? DEFAULT_DRAWING_ATLAS_UM) !== DEFAULT_DRAWING_ATLAS_UM) params.set('atlas', String(state.drawingAtlasUm));
  if ((state.sourcePalette ?? DEFAULT_SOURCE_PALETTE) !== DEFAULT_SOURCE_PALETTE) params.set('pal', state.sourcePalette ?? DEFAULT_SOURCE_PALETTE);
  writeViewParams?.(params);
  // Keep commas readable in shared links.
  return `?${params.toString().replace(/%2C/g, ',')}`;
}
