// GET /api/v2/data/query.json?criteria=… (or ?q=…) and /api/v2/data/{Model}/query.json?criteria=[…]:
// interprets parsed RMA stages for the connectivity service, ApiConnectivity,
// ProjectionStructureUnionize, Structure and Product. Anything else answers success:false like Allen.
import { psuRows, structureJson } from '../psu/rows.ts';
import type { Hemisphere } from '../psu/rows.ts';
import { rowMatches } from '../rma/filters.ts';
import { parseRma, RmaSyntaxError } from '../rma/parser.ts';
import type { RmaFilter, RmaSegment } from '../rma/parser.ts';
import type { FakeExperiment } from '../world/experiments.ts';
import { PRODUCTS } from '../world/products.ts';
import type { World } from '../world/world.ts';
import { failEnvelope, okEnvelope, pageOf, parseRowCount, QueryError } from './envelope.ts';
import type { Envelope, Paging } from './envelope.ts';
import { answerCoordinate, answerSpatial, COORDINATE_SERVICE_NAME, SPATIAL_SERVICE_NAME } from './seed-services.ts';
import { answerService, SERVICE_NAME } from './service.ts';

/** The connectivity services the fake answers (Source/Target, Spatial, Injection Coordinate Search). */
const SERVICES: ReadonlyMap<string, (world: World, filters: readonly RmaFilter[]) => Envelope> = new Map([
  [SERVICE_NAME, answerService],
  [SPATIAL_SERVICE_NAME, answerSpatial],
  [COORDINATE_SERVICE_NAME, answerCoordinate],
]);

/** Allen's default page size for model queries when num_rows is absent (commonly quoted as 50). */
export const DEFAULT_NUM_ROWS = 50;

interface ModelQuery {
  readonly model: string;
  readonly criteria: RmaFilter[];
  readonly includes: string[];
  readonly options: RmaFilter[];
}

function interpret(segments: readonly RmaSegment[]): ModelQuery {
  const first = segments[0];
  if (!first || first.axis !== 'model' || !first.name) throw new QueryError('expected model:: or service:: as the first stage');
  const q: ModelQuery = { model: first.name, criteria: [...first.filters], includes: [], options: [] };
  let mode: 'criteria' | 'include' | 'options' | null = first.filters.length > 0 ? 'criteria' : null;
  for (const seg of segments.slice(1)) {
    if (seg.axis === 'rma') {
      if (seg.name === 'criteria') mode = 'criteria';
      else if (seg.name === 'include') mode = 'include';
      else if (seg.name === 'options') mode = 'options';
      else throw new QueryError(`unknown stage rma::${seg.name ?? ''}`);
      (mode === 'options' ? q.options : q.criteria).push(...(mode === 'include' ? [] : seg.filters));
      continue;
    }
    if (seg.axis !== null) throw new QueryError(`unexpected stage '${seg.text}'`);
    if (mode === 'criteria') {
      const prefix = seg.name ? `${seg.name}.` : '';
      q.criteria.push(...seg.filters.map((f) => ({ ...f, field: prefix + f.field })));
    } else if (mode === 'include' && seg.name) q.includes.push(seg.name.replace(/\(.*\)$/, ''));
    else if (mode === 'options') q.options.push(...seg.filters);
    else throw new QueryError(`unexpected stage '${seg.text}'`);
  }
  return q;
}

function paging(options: readonly RmaFilter[], params: URLSearchParams): Paging {
  const opt = (name: string): string | undefined => options.find((f) => f.field === name)?.values[0];
  const start = params.get('start_row') ?? opt('start_row') ?? '0';
  const num = params.get('num_rows') ?? opt('num_rows') ?? String(DEFAULT_NUM_ROWS);
  return { startRow: parseRowCount(start, 'start_row') ?? 0, numRows: parseRowCount(num, 'num_rows') };
}

function ordered<T extends Record<string, unknown>>(rows: T[], options: readonly RmaFilter[]): T[] {
  const order = options.find((f) => f.field === 'order')?.values[0];
  if (!order) return rows;
  const [field = '', direction] = order.replace(/^.*\./, '').split('$');
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[field];
    const y = b[field];
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
}

export function apiConnectivityRow(world: World, exp: FakeExperiment): Record<string, unknown> {
  if (exp.real) return exp.real as unknown as Record<string, unknown>;
  const s = world.ontology.get(exp.structureId);
  return {
    data_set_id: exp.id,
    gender: exp.gender,
    injection_structures: exp.injectionStructureIds.join('/'),
    injection_volume: exp.injectionVolume,
    injection_x: exp.coordUm[0],
    injection_y: exp.coordUm[1],
    injection_z: exp.coordUm[2],
    product_id: exp.productId,
    specimen_name: exp.specimenName,
    storage_directory: exp.storageDirectory,
    strain: exp.strain,
    structure_abbrev: s?.acronym ?? '',
    structure_id: exp.structureId,
    structure_name: s?.name ?? '',
    transgenic_line: exp.line ? { ...exp.line, originating_lab: 'fake', transgenic_line_type_name: 'driver' } : null,
    transgenic_line_id: exp.line?.id ?? null,
  };
}

function numbers(filter: RmaFilter | undefined, what: string): number[] | null {
  if (!filter) return null;
  if (filter.op !== 'eq' && filter.op !== 'in') throw new QueryError(`${what} supports only $eq and $in`);
  return filter.values.map((v) => {
    if (!/^-?\d+$/.test(v)) throw new QueryError(`${what} expects integers, got '${v}'`);
    return Number(v);
  });
}

function answerPsu(world: World, q: ModelQuery, params: URLSearchParams): Envelope {
  const take = (field: string): RmaFilter | undefined => {
    const i = q.criteria.findIndex((f) => f.field === field);
    return i < 0 ? undefined : q.criteria.splice(i, 1)[0];
  };
  const experimentIds = numbers(take('section_data_set_id') ?? take('experiment_id'), 'section_data_set_id');
  let structureIds = numbers(take('structure_id') ?? take('structure.id'), 'structure_id');
  const acronym = take('structure.acronym');
  if (acronym) {
    const ids = acronym.values.map((v) => world.ontology.resolve(v) ?? -1);
    structureIds = structureIds ? structureIds.filter((id) => ids.includes(id)) : ids;
  }
  if (!experimentIds && !structureIds)
    throw new QueryError('ProjectionStructureUnionize needs section_data_set_id or structure_id criteria (fake server limit)');
  const hemispheres = (numbers(take('hemisphere_id'), 'hemisphere_id') ?? [1, 2, 3]).filter((h): h is Hemisphere => h === 1 || h === 2 || h === 3);
  const injFilter = take('is_injection');
  const injection = injFilter ? [...new Set(injFilter.values.map((v) => v === 'true' || v === 't'))] : [false, true];
  const includeStructure = q.includes.includes('structure') || params.get('include') === 'structure';
  const rows = psuRows(world, { experimentIds, structureIds, hemispheres, injection }, includeStructure).filter((r) =>
    rowMatches(r as unknown as Record<string, unknown>, q.criteria),
  );
  const sorted = ordered(rows as unknown as Record<string, unknown>[], q.options);
  const page = paging(q.options, params);
  return okEnvelope(pageOf(sorted, page), page.startRow, sorted.length);
}

function answerApiConnectivity(world: World, q: ModelQuery, params: URLSearchParams): Envelope {
  const rows = ordered(
    world.experiments.map((e) => apiConnectivityRow(world, e)).filter((r) => rowMatches(r, q.criteria)),
    q.options,
  );
  const page = paging(q.options, params);
  return okEnvelope(pageOf(rows, page), page.startRow, rows.length);
}

function answerStructure(world: World, q: ModelQuery, params: URLSearchParams): Envelope {
  const all = [...world.ontology.descendantsInclusive(997)].sort((a, b) => world.ontology.graphOrder(a) - world.ontology.graphOrder(b));
  const rows = ordered(
    all
      .map((id) => structureJson(world, id))
      .filter((r) =>
        rowMatches(
          r,
          q.criteria.filter((f) => f.field !== 'graph_id'),
        ),
      ),
    q.options,
  );
  const page = paging(q.options, params);
  return okEnvelope(pageOf(rows, page), page.startRow, rows.length);
}

/** model::Product: every product the fake knows (both world modes), filterable by id. */
function answerProduct(q: ModelQuery, params: URLSearchParams): Envelope {
  const rows = ordered(
    PRODUCTS.map((p) => ({ id: p.id, name: p.name, abbreviation: p.abbreviation }) as Record<string, unknown>).filter((r) => rowMatches(r, q.criteria)),
    q.options,
  );
  const page = paging(q.options, params);
  return okEnvelope(pageOf(rows, page), page.startRow, rows.length);
}

/** Answers an RMA query string; never throws (errors become success:false envelopes). */
export function answerQuery(world: World, rma: string, params: URLSearchParams): Envelope {
  try {
    const segments = parseRma(rma);
    const first = segments[0];
    if (first?.axis === 'service') {
      const answer = SERVICES.get(first.name ?? '');
      if (!answer) throw new QueryError(`service::${first.name ?? ''} is not available`);
      if (segments.length > 1) throw new QueryError(`service::${first.name ?? ''}, rma::options are not supported by this service`);
      return answer(world, first.filters);
    }
    const q = interpret(segments);
    if (q.model === 'ProjectionStructureUnionize') return answerPsu(world, q, params);
    if (q.model === 'ApiConnectivity') return answerApiConnectivity(world, q, params);
    if (q.model === 'Structure') return answerStructure(world, q, params);
    if (q.model === 'Product') return answerProduct(q, params);
    throw new QueryError(`model::${q.model} is not served by the fake Allen server`);
  } catch (e) {
    if (e instanceof QueryError || e instanceof RmaSyntaxError) return failEnvelope(e.message);
    throw e;
  }
}
