// Checks of the metadata records this app wrote itself (metadata-cache.ts) when they are read
// back: the experiment list (~3,000 rows) and the structure graph (~1,300 nodes) are read before
// every first frame, so they are checked by plain field tables here rather than by zod, which the
// network's answers still go through (allen/). Measured with V8's --trace-opt over warm loads of
// a new combination: zod's parse was compiled ~18 times per page load (~50 ms of Maglev on the
// worker's two cores, plus its run time in the 50–70 ms of 'experiments-parse'); these loops are
// small, monomorphic and compile once. The tables are typed against the records' interfaces, so
// a field added to Experiment or RawStructureNode does not compile until it is checked here.
// A record that fails is a cache miss (fetched again), as before. The small records (product
// names, upstream lists) are checked here too, so that a warm start loads no zod at all.
import type { RawStructureNode } from '../allen/ontology.ts';
import type { Product } from '../allen/experiment-filters.ts';
import type { Experiment } from '../allen/types.ts';

type Check = (v: unknown) => boolean;

const isInt: Check = (v) => Number.isInteger(v);
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isString: Check = (v) => typeof v === 'string';
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const isIntList: Check = (v) => Array.isArray(v) && v.every((x) => Number.isInteger(x));
const isCoord: Check = (v) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

const experimentFields: { readonly [K in keyof Experiment]-?: Check } = {
  id: isInt,
  structureId: isInt,
  structureAcronym: isString,
  structureName: isString,
  injectionStructureIds: isIntList,
  transgenicLine: orNull(isString),
  injectionVolumeMm3: isNumber,
  injectionCoordUm: isCoord,
  productId: orNull(isInt),
  gender: orNull(isString),
  strain: orNull(isString),
  specimenName: orNull(isString),
};

const structureFields: { readonly [K in Exclude<keyof RawStructureNode, 'children'>]-?: Check } = {
  id: isInt,
  acronym: isString,
  name: isString,
  color_hex_triplet: isString,
  graph_order: isNumber,
  st_level: (v) => v === undefined || v === null || isNumber(v),
  parent_structure_id: orNull(isInt),
};

const fieldsOk = (v: unknown, fields: ReadonlyArray<readonly [string, Check]>): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  for (const [key, check] of fields) if (!check(r[key])) return false;
  return true;
};

const EXPERIMENT_FIELDS = Object.entries(experimentFields);
const STRUCTURE_FIELDS = Object.entries(structureFields);

/** The stored experiment list when every row has every field of Experiment with its type (extra fields are left as they are), else null. */
export function storedExperiments(v: unknown): Experiment[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  for (const row of v) if (!fieldsOk(row, EXPERIMENT_FIELDS)) return null;
  return v as Experiment[];
}

/** The stored structure graph's roots when every node, to the leaves, has every field of RawStructureNode with its type, else null. */
export function storedStructureRoots(v: unknown): RawStructureNode[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const stack: unknown[] = [...v];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!fieldsOk(node, STRUCTURE_FIELDS) || !Array.isArray(node.children)) return null;
    for (const child of node.children as unknown[]) stack.push(child);
  }
  return v as RawStructureNode[];
}

/** The stored product names ([{ id, name }], possibly empty), else null. */
export function storedProducts(v: unknown): Product[] | null {
  if (!Array.isArray(v)) return null;
  for (const p of v as unknown[]) if (typeof p !== 'object' || p === null || !isInt((p as Product).id) || !isString((p as Product).name)) return null;
  return v as Product[];
}

/** A target's stored upstream rows: [experiment id, projection volume mm³] above the minimum. */
export interface StoredUpstream {
  readonly targetId: number;
  readonly minVolumeMm3: number;
  readonly rows: ReadonlyArray<readonly [number, number]>;
}

/** The stored upstream list when its target, minimum and every [id, volume] pair have their types, else null. */
export function storedUpstream(v: unknown): StoredUpstream | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as StoredUpstream;
  if (!isInt(r.targetId) || !isNumber(r.minVolumeMm3) || !Array.isArray(r.rows)) return null;
  for (const pair of r.rows as unknown[]) if (!Array.isArray(pair) || pair.length !== 2 || !isInt(pair[0]) || !isNumber(pair[1])) return null;
  return r;
}
