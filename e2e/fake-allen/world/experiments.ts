// Experiment metadata of the fake world: the real ApiConnectivity rows when the shared fixtures
// exist, otherwise ~60 synthetic experiments at the built-in injection sites.
import { BUILTIN_LINES, BUILTIN_SOURCES } from './builtin-ontology.ts';
import { clampIntoBrain, mirrorZ } from './geometry.ts';
import type { Vec3 } from './geometry.ts';
import type { Ontology } from './ontology.ts';
import { syntheticProductId } from './products.ts';
import { between, rngFor } from './random.ts';
import type { ApiConnectivityRow } from './shared-allen.ts';

export interface TransgenicLine {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
}

export interface FakeExperiment {
  readonly id: number;
  /** Primary injection structure. */
  readonly structureId: number;
  /** All structures touched by the injection (synthetic: filled from the PSU injection rows). */
  injectionStructureIds: number[];
  /** Metadata injection volume, mm³ (synthetic: PSU injection volume ÷ a 0.7–1.3 ratio; real: Allen's value). */
  injectionVolume: number;
  /** CCF µm [AP, DV, ML] as reported in the metadata. */
  readonly coordUm: Vec3;
  readonly productId: number;
  readonly gender: string | null;
  readonly strain: string | null;
  readonly specimenName: string | null;
  readonly storageDirectory: string | null;
  readonly line: TransgenicLine | null;
  /** The real row, served verbatim by ApiConnectivity (absent for synthetic experiments). */
  readonly real: ApiConnectivityRow | null;
}

export function experimentsFromRealRows(rows: readonly ApiConnectivityRow[]): FakeExperiment[] {
  return rows.map((r) => ({
    id: r.data_set_id,
    structureId: r.structure_id,
    injectionStructureIds: r.injection_structures
      .split('/')
      .filter((s) => s !== '')
      .map(Number),
    injectionVolume: r.injection_volume,
    coordUm: [r.injection_x, r.injection_y, r.injection_z],
    productId: r.product_id,
    gender: r.gender,
    strain: r.strain,
    specimenName: r.specimen_name,
    storageDirectory: r.storage_directory,
    line: r.transgenic_line ? { id: r.transgenic_line.id, name: r.transgenic_line.name, description: r.transgenic_line.description } : null,
    real: r,
  }));
}

/**
 * Synthetic experiments: deterministic ids, sites jittered ±200 µm, ~25% in the left hemisphere,
 * about a third with a product other than 5 (products.ts; assigned without touching the id stream).
 */
export function syntheticExperiments(ontology: Ontology, seed: number): FakeExperiment[] {
  const rng = rngFor(seed, 'experiments');
  const used = new Set<number>();
  const out: FakeExperiment[] = [];
  BUILTIN_SOURCES.forEach((source, sourceIndex) => {
    const structureId = ontology.resolve(source.acronym);
    if (structureId === undefined) throw new Error(`built-in source ${source.acronym} missing from ontology`);
    let nInSource = 0;
    for (const [lineName, count] of Object.entries(source.lines)) {
      for (let n = 0; n < count; n++) {
        let id = 0;
        while (id === 0 || used.has(id)) id = 100_000_000 + Math.floor(rng() * 500_000_000);
        used.add(id);
        const jittered: Vec3 = [
          Math.round(source.siteUm[0] + between(rng, -200, 200)),
          Math.round(source.siteUm[1] + between(rng, -200, 200)),
          Math.round(source.siteUm[2] + between(rng, -200, 200)),
        ];
        const site = clampIntoBrain(rng() < 0.25 ? mirrorZ(jittered) : jittered, 0.9);
        const lineInfo = BUILTIN_LINES[lineName];
        out.push({
          id,
          structureId,
          injectionStructureIds: [structureId],
          injectionVolume: 0,
          coordUm: [Math.round(site[0] / 10) * 10, Math.round(site[1] / 10) * 10, Math.round(site[2] / 10) * 10],
          productId: syntheticProductId(sourceIndex, nInSource++),
          gender: rng() < 0.5 ? 'M' : 'F',
          strain: 'C57BL/6J',
          specimenName: `${lineName || '378'}-${1000 + out.length}`,
          storageDirectory: `/external/fake/prod0/image_series_${id}/`,
          line: lineInfo ? { id: lineInfo.id, name: lineName, description: lineInfo.description } : null,
          real: null,
        });
      }
    }
  });
  return out;
}

/**
 * Synthetic experiments of one primary structure get distinct AP coordinates: a repeated AP value
 * moves by +10 µm steps until free (experiments in list order). buildWorld applies this after the
 * geometry is seeded from the medians, so the annotation does not depend on it. Real rows untouched.
 */
export function distinctSyntheticAp(experiments: readonly FakeExperiment[]): FakeExperiment[] {
  const used = new Map<number, Set<number>>();
  return experiments.map((e) => {
    if (e.real) return e;
    const taken = used.get(e.structureId) ?? new Set<number>();
    used.set(e.structureId, taken);
    let ap = e.coordUm[0];
    while (taken.has(ap)) ap += 10;
    taken.add(ap);
    return ap === e.coordUm[0] ? e : { ...e, coordUm: [ap, e.coordUm[1], e.coordUm[2]] };
  });
}

/** Median injection site per primary structure, folded to the right hemisphere. */
export function medianSites(experiments: readonly FakeExperiment[]): Map<number, Vec3> {
  const groups = new Map<number, Vec3[]>();
  for (const e of experiments) {
    const list = groups.get(e.structureId) ?? [];
    list.push(e.coordUm);
    groups.set(e.structureId, list);
  }
  const median = (values: number[]): number => {
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  const out = new Map<number, Vec3>();
  for (const [id, coords] of groups) {
    out.set(id, [median(coords.map((c) => c[0])), median(coords.map((c) => c[1])), median(coords.map((c) => Math.max(c[2], 11400 - c[2])))]);
  }
  return out;
}
