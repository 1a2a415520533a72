// service::mouse_connectivity_injection_structure (Source Search / Target Search, allen-api.md
// §1.3a): hyphenated rows, descendants included, msg {} when nothing matches, num_rows ignored,
// rma::options rejected. With target_domain, rows carry `sum` (mm³ of projection signal in the
// target domain, both hemispheres, outside the injection site) and `num-voxels`, ranked by sum.
import { psuRows } from '../psu/rows.ts';
import type { RmaFilter } from '../rma/parser.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { MIDLINE_UM } from '../world/geometry.ts';
import type { World } from '../world/world.ts';
import { QueryError } from './envelope.ts';
import type { Envelope } from './envelope.ts';

export const SERVICE_NAME = 'mouse_connectivity_injection_structure';

const KNOWN_PARAMS = new Set([
  'injection_structures',
  'injection_domain',
  'target_domain',
  'primary_structure_only',
  'transgenic_lines',
  'product_ids',
  'injection_hemisphere',
  'target_hemisphere',
  'start_row',
  'num_rows',
]);

export function resolveStructures(world: World, values: readonly string[]): number[] {
  return values.map((v) => {
    const id = world.ontology.resolve(v);
    if (id === undefined) throw new QueryError(`service::${SERVICE_NAME}, unknown structure '${v}'`);
    return id;
  });
}

export function lineMatches(exp: FakeExperiment, values: readonly string[]): boolean {
  return values.some((v) => {
    if (v === '0') return exp.line === null;
    if (/^\d+$/.test(v)) return exp.line?.id === Number(v);
    return exp.line !== null && exp.line.name.toLowerCase() === v.toLowerCase();
  });
}

/** Drops structures that lie inside another listed structure (their voxels are already counted). */
function topLevel(world: World, ids: readonly number[]): number[] {
  return [...new Set(ids)].filter((id) => !ids.some((other) => other !== id && world.ontology.isWithin(id, other)));
}

export function serviceRow(world: World, exp: FakeExperiment): Record<string, unknown> {
  const s = world.ontology.get(exp.structureId);
  const totalRow = psuRows(world, { experimentIds: [exp.id], structureIds: [997], hemispheres: [3], injection: [false] }, false)[0];
  return {
    id: exp.id,
    name: exp.specimenName,
    'product-id': exp.productId,
    'structure-id': exp.structureId,
    'structure-abbrev': s?.acronym ?? '',
    'structure-name': s?.name ?? '',
    'structure-color': (s?.color_hex_triplet ?? 'aaaaaa').toLowerCase(),
    'injection-structures': exp.injectionStructureIds.map((id) => {
      const t = world.ontology.get(id);
      return { id, abbreviation: t?.acronym ?? '', name: t?.name ?? '', color: t?.color_hex_triplet ?? 'AAAAAA' };
    }),
    'injection-volume': exp.injectionVolume,
    'injection-coordinates': [...exp.coordUm],
    'transgenic-line': exp.line?.name ?? '',
    gender: exp.gender,
    strain: exp.strain,
    sum: totalRow?.projection_volume ?? 0,
    'num-voxels': null,
  };
}

/**
 * Experiments passing the filters every connectivity service shares: injection structures (with
 * descendants; primary only or any injected structure), transgenic_lines (0 = wild type, id or
 * name), product_ids and injection_hemisphere.
 */
export function matchingExperiments(world: World, filters: readonly RmaFilter[], injectionValues: readonly string[] = ['997']): FakeExperiment[] {
  const param = (name: string): readonly string[] | undefined => filters.find((f) => f.field === name)?.values;
  const injection = resolveStructures(world, injectionValues);
  const primaryOnly = (param('primary_structure_only')?.[0] ?? 'false') === 'true';
  const lines = param('transgenic_lines');
  const products = param('product_ids')?.map(Number);
  const hemisphere = param('injection_hemisphere')?.[0];
  return world.experiments.filter((exp) => {
    const candidates = primaryOnly ? [exp.structureId] : [exp.structureId, ...exp.injectionStructureIds];
    if (!candidates.some((c) => injection.some((i) => world.ontology.isWithin(c, i)))) return false;
    if (lines && !lineMatches(exp, lines)) return false;
    if (products && !products.includes(exp.productId)) return false;
    if (hemisphere === 'left' && exp.coordUm[2] >= MIDLINE_UM) return false;
    if (hemisphere === 'right' && exp.coordUm[2] < MIDLINE_UM) return false;
    return true;
  });
}

export function answerService(world: World, filters: readonly RmaFilter[]): Envelope {
  const param = (name: string): readonly string[] | undefined => filters.find((f) => f.field === name)?.values;
  for (const f of filters) {
    if (!KNOWN_PARAMS.has(f.field)) throw new QueryError(`service::${SERVICE_NAME}, unknown parameter '${f.field}'`);
  }
  const targets = param('target_domain') ? topLevel(world, resolveStructures(world, param('target_domain') ?? [])) : null;
  const matched = matchingExperiments(world, filters, param('injection_structures') ?? param('injection_domain') ?? ['997']);
  let rows = matched.map((exp) => serviceRow(world, exp));
  if (targets) {
    const targetHemisphere = param('target_hemisphere')?.[0];
    const hemi = targetHemisphere === 'left' ? 1 : targetHemisphere === 'right' ? 2 : 3;
    const psu = psuRows(world, { experimentIds: matched.map((e) => e.id), structureIds: targets, hemispheres: [hemi], injection: [false] }, false);
    const sums = new Map<number, { sum: number; voxels: number }>();
    for (const r of psu) {
      const s = sums.get(r.section_data_set_id) ?? { sum: 0, voxels: 0 };
      s.sum += r.projection_volume;
      s.voxels += Math.round(r.volume / 0.001);
      sums.set(r.section_data_set_id, s);
    }
    rows = rows
      .map((row) => {
        const s = sums.get(Number(row.id));
        return { ...row, sum: s?.sum ?? 0, 'num-voxels': s?.voxels ?? 0 };
      })
      .filter((row) => row.sum > 0)
      .sort((a, b) => b.sum - a.sum);
  }
  if (rows.length === 0) return { success: true, id: 0, start_row: 0, num_rows: 0, total_rows: 0, msg: {} };
  return { success: true, id: 0, start_row: 0, num_rows: rows.length, total_rows: rows.length, msg: rows };
}
