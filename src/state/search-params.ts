// URL parameters of the experiments view: which search lists the experiments (see view-params.ts
// for the contract; written only while the experiments view is shown). The query's own keys
// (r, line, p, prod) stay the query's: in a target search r is the optional source filter (bsv's
// target_regions + regions), and line, primary-only and products filter every search.
//   search  source (default: injection regions) | target | spatial | coordinate
//   tgt     target structures of a target search, acronyms (each with its descendants)
//   seed    CCF µm AP,DV,ML of a spatial search (its 100 µm voxel) or an injection-coordinate search
//   dmax    injection-coordinate search: list injections within this many µm (default 1000)
// Links without `search` (every link made before these searches existed) open the source search.
import { clip } from './url-state';
import { acronymCheck } from './url-checks';
import { createViewParams } from './view-params';
import { splitAcronymList } from './acronym-list';

export type SearchMode = 'source' | 'target' | 'spatial' | 'coordinate';
/** CCF µm [AP (posterior +), DV (ventral +), ML (right +)]. */
export type CcfPoint = readonly [number, number, number];

export interface SearchParams {
  readonly mode: SearchMode;
  readonly targets: readonly string[];
  readonly seedUm: CcfPoint | null;
  readonly maxDistanceUm: number;
}

export const SEARCH_LIMITS = {
  maxTargets: 20,
  minDistanceUm: 100,
  maxDistanceUm: 20_000,
  /** CCF extent in µm (AP, DV, ML): the 100 µm grid is 132 × 80 × 114 voxels. */
  extentUm: [13_200, 8_000, 11_400] as const,
} as const;

export const DEFAULT_SEARCH: SearchParams = { mode: 'source', targets: [], seedUm: null, maxDistanceUm: 1000 };

const MODE_KEYS: Readonly<Record<SearchMode, string>> = { source: 'source', target: 'target', spatial: 'spatial', coordinate: 'coordinate' };
const MODES: ReadonlyMap<string, SearchMode> = new Map(Object.entries(MODE_KEYS).map(([mode, key]) => [key, mode as SearchMode]));

/** "6900,5050,6450" → [6900, 5050, 6450] in whole µm, or null when not a point inside the CCF. */
export function parseCcfPoint(raw: string): CcfPoint | null {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => !/^-?\d+(\.\d+)?$/.test(p))) return null;
  const [ap = NaN, dv = NaN, ml = NaN] = parts.map((p) => Math.round(Number(p)));
  const inside = [ap, dv, ml].every((v, a) => v >= 0 && v < (SEARCH_LIMITS.extentUm[a] ?? 0));
  return inside ? [ap, dv, ml] : null;
}

/** The centre of the 100 µm voxel holding a point (⌊µm / 100⌋ × 100 + 50 per axis). */
export function voxelCentreUm(point: CcfPoint): CcfPoint {
  const c = (v: number, a: number): number => Math.min(Math.floor(Math.max(0, v) / 100), (SEARCH_LIMITS.extentUm[a] ?? 100) / 100 - 1) * 100 + 50;
  return [c(point[0], 0), c(point[1], 1), c(point[2], 2)];
}

export function parseSearchParams(params: URLSearchParams, notices: string[]): SearchParams {
  let mode = DEFAULT_SEARCH.mode;
  const rawMode = params.get('search');
  if (rawMode !== null) {
    const known = MODES.get(rawMode);
    if (known) mode = known;
    else notices.push(`Unknown search "${clip(rawMode, 20)}"; showing the search by injection region.`);
  }
  const targets: string[] = [];
  const rawTargets = params.get('tgt');
  if (rawTargets !== null && rawTargets !== '') {
    const parts = splitAcronymList(rawTargets);
    if (parts.length > SEARCH_LIMITS.maxTargets) notices.push(`The link names ${parts.length} targets; only the first ${SEARCH_LIMITS.maxTargets} are used.`);
    for (const part of parts.slice(0, SEARCH_LIMITS.maxTargets)) {
      if (!acronymCheck.safeParse(part).success) notices.push(`Ignored a target that is not a valid acronym: "${clip(part)}".`);
      else if (!targets.includes(part)) targets.push(part);
    }
  }
  let seedUm: CcfPoint | null = null;
  const rawSeed = params.get('seed');
  if (rawSeed !== null) {
    seedUm = parseCcfPoint(rawSeed);
    if (!seedUm) notices.push(`Ignored the point "${clip(rawSeed)}": give AP,DV,ML in CCF µm inside 0–13200, 0–8000, 0–11400.`);
  }
  let maxDistanceUm = DEFAULT_SEARCH.maxDistanceUm;
  const rawD = params.get('dmax');
  if (rawD !== null) {
    const d = /^\d{1,6}$/.test(rawD) ? Number(rawD) : NaN;
    if (d >= SEARCH_LIMITS.minDistanceUm && d <= SEARCH_LIMITS.maxDistanceUm) maxDistanceUm = d;
    else
      notices.push(
        `Ignored the distance "${clip(rawD, 12)}": give ${SEARCH_LIMITS.minDistanceUm}–${SEARCH_LIMITS.maxDistanceUm} µm; using ${DEFAULT_SEARCH.maxDistanceUm} µm.`,
      );
  }
  return { mode, targets, seedUm, maxDistanceUm };
}

/** Only the shown search's keys, and only non-defaults. */
export function writeSearchParams(s: SearchParams, params: URLSearchParams): void {
  if (s.mode === 'source') return;
  params.set('search', MODE_KEYS[s.mode]);
  if (s.mode === 'target' && s.targets.length > 0) params.set('tgt', s.targets.join(','));
  if ((s.mode === 'spatial' || s.mode === 'coordinate') && s.seedUm) params.set('seed', s.seedUm.join(','));
  if (s.mode === 'coordinate' && s.maxDistanceUm !== DEFAULT_SEARCH.maxDistanceUm) params.set('dmax', String(s.maxDistanceUm));
}

export const searchParams = createViewParams<SearchParams>({
  defaults: DEFAULT_SEARCH,
  parse: parseSearchParams,
  write: writeSearchParams,
  // Every new search deserves a history entry (Back returns to the previous one).
  major: (s) => [s.mode, s.targets, s.seedUm, s.mode === 'coordinate' ? s.maxDistanceUm : null],
});
