// The oracle's view of a fake Allen world, loaded over HTTP from the served files only:
//   ontology      structure_graph_download/1.json
//   experiments   model::ApiConnectivity, num_rows all (primary = structure_id; injection
//                 structures = the "985/993" slash list; wild type = transgenic_line null;
//                 injection coordinate = injection_x/y/z, CCF µm)
//   annotation    annotation_100.nrrd, uint32 leaf labels, 132×80×114 (AP × DV × ML, AP fastest)
//   products      model::Product
// Grids and PSU injection volumes are fetched lazily by grids.ts and memoised here.
import { getBytes, queryRows, trimBase } from './http.ts';
import { decodeNrrd } from './nrrd.ts';
import { OracleOntology } from './ontology.ts';
import type { OntologyNode } from './ontology.ts';

/** 100 µm grid shared by density grids and annotation_100. index = ap + NX * (dv + NY * ml). */
export const NX = 132;
export const NY = 80;
export const NZ = 114;
export const VOXELS = NX * NY * NZ;
/** First ML index of the right hemisphere (ML centre ≥ 5700 µm). */
export const MIDLINE_INDEX = 57;
export const VOXEL_MM3 = 0.001;

export interface OracleExperiment {
  readonly id: number;
  /** Primary injection structure (ApiConnectivity structure_id). */
  readonly structureId: number;
  readonly injectionStructureIds: readonly number[];
  readonly productId: number;
  /** null = wild type. */
  readonly lineName: string | null;
  /** Metadata injection volume (mm³), ApiConnectivity injection_volume. */
  readonly injectionVolume: number;
  /** Injection coordinate, CCF µm: x = AP, y = DV, z = ML. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface OracleProduct {
  readonly id: number;
  readonly name: string;
  readonly abbreviation: string;
}

export type GridRoute = 'nrrd' | 'zip' | 'failed';

export interface OracleWorld {
  readonly baseUrl: string;
  readonly ontology: OracleOntology;
  readonly experiments: readonly OracleExperiment[];
  readonly experimentById: ReadonlyMap<number, OracleExperiment>;
  /** annotation_100 labels, index = ap + 132 * (dv + 80 * ml). */
  readonly annotation: Uint32Array;
  readonly products: readonly OracleProduct[];
  /** Memo of grid(): at most MAX_CACHED_GRIDS decoded grids are kept (oldest dropped first). */
  readonly gridCache: Map<number, Promise<Float32Array | null>>;
  /** Which route served each grid asked for so far, and why the others failed. */
  readonly gridRoutes: Map<number, { route: GridRoute; notes: string[] }>;
  readonly psuCache: Map<number, Promise<number | null>>;
}

export const MAX_CACHED_GRIDS = 48;

interface ApiConnectivityRow {
  data_set_id: number;
  structure_id: number;
  injection_structures: string | number | null;
  product_id: number;
  transgenic_line: { name: string } | null;
  injection_volume: number | null;
  injection_x: number;
  injection_y: number;
  injection_z: number;
}

function toExperiment(r: ApiConnectivityRow): OracleExperiment {
  const list = r.injection_structures === null ? '' : String(r.injection_structures);
  return {
    id: r.data_set_id,
    structureId: r.structure_id,
    injectionStructureIds: list
      .split('/')
      .filter((s) => s.trim() !== '')
      .map(Number),
    productId: r.product_id,
    lineName: r.transgenic_line ? r.transgenic_line.name : null,
    injectionVolume: r.injection_volume ?? NaN,
    x: r.injection_x,
    y: r.injection_y,
    z: r.injection_z,
  };
}

export async function loadOracleWorld(baseUrl: string): Promise<OracleWorld> {
  const base = trimBase(baseUrl);
  const annotationUrl = `${base}/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_100.nrrd`;
  const [graph, rows, products, annotationFile] = await Promise.all([
    fetch(`${base}/api/v2/structure_graph_download/1.json`).then(async (r) => {
      if (!r.ok) throw new Error(`oracle: ontology HTTP ${r.status}`);
      return ((await r.json()) as { msg: OntologyNode[] }).msg;
    }),
    queryRows<ApiConnectivityRow>(base, "model::ApiConnectivity,rma::options[num_rows$eq'all']"),
    queryRows<OracleProduct>(base, "model::Product,rma::options[num_rows$eq'all']"),
    getBytes(annotationUrl),
  ]);
  if (annotationFile.status !== 200) throw new Error(`oracle: annotation_100 HTTP ${annotationFile.status}`);
  const annotation = decodeNrrd(annotationFile.bytes);
  if (annotation.type !== 'uint32' || annotation.sizes.join(' ') !== `${NX} ${NY} ${NZ}`) {
    throw new Error(`oracle: annotation_100 is ${annotation.type} ${annotation.sizes.join('×')}, expected uint32 ${NX}×${NY}×${NZ}`);
  }
  const experiments = rows.map(toExperiment);
  return {
    baseUrl: base,
    ontology: new OracleOntology(graph),
    experiments,
    experimentById: new Map(experiments.map((e) => [e.id, e])),
    annotation: annotation.data as Uint32Array,
    products: products.map((p) => ({ id: p.id, name: p.name, abbreviation: p.abbreviation })),
    gridCache: new Map(),
    gridRoutes: new Map(),
    psuCache: new Map(),
  };
}
