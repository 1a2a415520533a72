// What the injection-site figures draw (pure): one site per experiment of the query, grouped by
// query region, with its CCF injection coordinate (µm: AP, DV, ML) and injection volume (mm³).
// No-data policy: an experiment is never drawn at a made-up place or size — a non-finite, all-zero
// (Allen's "missing") or out-of-volume coordinate, or a missing / non-positive injection volume,
// moves it to `excluded` with the reason.
import type { Experiment } from '../allen/types';
import { CCF_SHAPES } from '../compute/grid';
import type { Rgb } from './colormaps';
import { csvDocument } from './csv-document.ts';

/** CCF volume extent in µm along [AP, DV, ML]. */
export const CCF_EXTENT_UM: readonly [number, number, number] = [CCF_SHAPES[100].nx * 100, CCF_SHAPES[100].ny * 100, CCF_SHAPES[100].nz * 100];

export interface SiteGroupInput {
  /** Query region acronym. */
  readonly label: string;
  readonly name: string;
  /** The group's colour as a source of the query's set (source-palette.ts sourceColor). */
  readonly color: Rgb;
  readonly experiments: readonly Experiment[];
}

export interface InjectionSite {
  readonly experimentId: number;
  readonly group: number;
  readonly groupLabel: string;
  readonly structureAcronym: string;
  readonly structureName: string;
  /** CCF µm [AP, DV, ML]. */
  readonly coordUm: readonly [number, number, number];
  readonly volumeMm3: number;
}

export interface ExcludedSite {
  readonly experimentId: number;
  readonly groupLabel: string | null;
  readonly structureAcronym: string;
  readonly reason: string;
}

export interface SiteGroup {
  readonly label: string;
  readonly name: string;
  readonly color: Rgb;
  readonly drawn: number;
  readonly excluded: number;
}

export interface InjectionSites {
  readonly sites: readonly InjectionSite[];
  readonly excluded: readonly ExcludedSite[];
  readonly groups: readonly SiteGroup[];
}

/** Why a coordinate cannot be drawn, or null when it can. */
export function coordProblem(c: readonly number[]): string | null {
  if (c.length !== 3 || !c.every((v) => Number.isFinite(v))) return 'no injection coordinate';
  if (c.every((v) => v === 0)) return 'no injection coordinate (0, 0, 0)';
  if (c.some((v, k) => v < 0 || v > (CCF_EXTENT_UM[k] ?? 0))) return 'injection coordinate outside the CCF volume';
  return null;
}

export function volumeProblem(v: number): string | null {
  if (!Number.isFinite(v)) return 'no injection volume';
  if (v <= 0) return 'injection volume is 0';
  return null;
}

/**
 * Sites of each group's experiments, in the group's colour. `unassigned` experiments (in
 * the query result but under no group) are listed as excluded.
 */
export function injectionSites(groups: readonly SiteGroupInput[], unassigned: readonly Experiment[] = []): InjectionSites {
  const sites: InjectionSite[] = [];
  const excluded: ExcludedSite[] = [];
  const summary: SiteGroup[] = groups.map((g, i) => {
    let drawn = 0;
    let out = 0;
    for (const e of g.experiments) {
      const reason = coordProblem(e.injectionCoordUm) ?? volumeProblem(e.injectionVolumeMm3);
      if (reason) {
        excluded.push({ experimentId: e.id, groupLabel: g.label, structureAcronym: e.structureAcronym, reason });
        out++;
        continue;
      }
      const [ap, dv, ml] = e.injectionCoordUm;
      sites.push({
        experimentId: e.id,
        group: i,
        groupLabel: g.label,
        structureAcronym: e.structureAcronym,
        structureName: e.structureName,
        coordUm: [ap, dv, ml],
        volumeMm3: e.injectionVolumeMm3,
      });
      drawn++;
    }
    return { label: g.label, name: g.name, color: g.color, drawn, excluded: out };
  });
  for (const e of unassigned)
    excluded.push({ experimentId: e.id, groupLabel: null, structureAcronym: e.structureAcronym, reason: 'not under any query region' });
  return { sites, excluded, groups: summary };
}

/** Radius (µm) of a sphere of `volumeMm3` mm³: 1000·∛(3V/4π), at least `minUm`. */
export function sphereRadiusUm(volumeMm3: number, minUm = 60): number {
  if (!Number.isFinite(volumeMm3) || volumeMm3 <= 0) return minUm;
  return Math.max(minUm, 1000 * Math.cbrt((3 * volumeMm3) / (4 * Math.PI)));
}

export const SITE_CSV_COLUMNS = ['experiment_id', 'region', 'structure', 'ap_um', 'dv_um', 'ml_um', 'metadata_injection_volume_mm3'] as const;

/** CSV of the drawn sites (CCF µm, mm³), in drawing order, with the provenance header block. */
export function sitesCsv(sites: InjectionSites, url: string, parameters: ReadonlyArray<readonly [string, string]>): string {
  return csvDocument({
    view: 'Injection sites',
    url,
    parameters,
    groups: sites.groups.map((g) => ({
      label: g.label,
      used: sites.sites.filter((s) => s.groupLabel === g.label).map((s) => s.experimentId),
      excluded: sites.excluded.filter((x) => x.groupLabel === g.label),
    })),
    notes: [
      'ap_um, dv_um, ml_um: the injection coordinate of the experiment list (CCF µm: AP posterior +, DV ventral +, ML right +).',
      "metadata_injection_volume_mm3: the experiment list's injection-volume, which sizes the spheres (bsv's projectome dots use the same field).",
    ],
    table: {
      columns: [...SITE_CSV_COLUMNS],
      rows: sites.sites.map((s) => [s.experimentId, s.groupLabel, s.structureAcronym, s.coordUm[0], s.coordUm[1], s.coordUm[2], s.volumeMm3]),
    },
  });
}
