// Per-experiment grids and PSU injection volumes, fetched from the fake's served files.
//   grid(w, id): the NRRD route (download_file/{id}?image=projection_density&resolution=100);
//     when it is not 200 or does not decode to float 132×80×114 → the zip route
//     (download/{id}?include=density, entry *density.raw, exactly 132·80·114·4 bytes, float32 LE);
//     when that fails too → null. w.gridRoutes records the route and the reasons.
//   Values are as served: AP fastest, -1 (and NaN) = no data.
//   psuInjectionVolume(w, id): own query [section_data_set_id$eq{id}][is_injection$eqtrue] → the row
//     with structure_id 997 and hemisphere_id 3 → projection_volume (mm³); null when absent.
import { getBytes, queryRows } from './http.ts';
import { decodeNrrd } from './nrrd.ts';
import { MAX_CACHED_GRIDS, NX, NY, NZ, VOXELS } from './world.ts';
import type { OracleWorld } from './world.ts';
import { readZip } from './zip.ts';

export function nrrdGridUrl(w: OracleWorld, id: number): string {
  return `${w.baseUrl}/grid_data/download_file/${id}?image=projection_density&resolution=100`;
}

export function zipGridUrl(w: OracleWorld, id: number): string {
  return `${w.baseUrl}/grid_data/download/${id}?include=density`;
}

/** The NRRD route's grid, or the reason it cannot be had. */
export async function gridFromNrrd(w: OracleWorld, id: number): Promise<Float32Array | string> {
  const { status, bytes } = await getBytes(nrrdGridUrl(w, id));
  if (status !== 200) return `nrrd: HTTP ${status}`;
  try {
    const v = decodeNrrd(bytes);
    if (v.sizes.join(' ') !== `${NX} ${NY} ${NZ}`) return `nrrd: sizes ${v.sizes.join(' ')}`;
    if (v.type === 'float') return v.data as Float32Array;
    if (v.type === 'double') return Float32Array.from(v.data);
    return `nrrd: type ${v.type}`;
  } catch (e) {
    return `nrrd: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The zip route's density.raw, or the reason it cannot be had. */
export async function gridFromZip(w: OracleWorld, id: number): Promise<Float32Array | string> {
  const { status, bytes } = await getBytes(zipGridUrl(w, id));
  if (status !== 200) return `zip: HTTP ${status}`;
  try {
    const files = readZip(bytes);
    const name = [...files.keys()].find((n) => n === 'density.raw' || n.endsWith('/density.raw'));
    const raw = name === undefined ? undefined : files.get(name);
    if (!raw) return 'zip: no density.raw';
    if (raw.length !== VOXELS * 4) return `zip: density.raw is ${raw.length} bytes, expected ${VOXELS * 4}`;
    return new Float32Array(new Uint8Array(raw).buffer);
  } catch (e) {
    return `zip: ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function fetchGrid(w: OracleWorld, id: number): Promise<Float32Array | null> {
  const notes: string[] = [];
  const nrrd = await gridFromNrrd(w, id);
  if (typeof nrrd !== 'string') {
    w.gridRoutes.set(id, { route: 'nrrd', notes });
    return nrrd;
  }
  notes.push(nrrd);
  const zip = await gridFromZip(w, id);
  if (typeof zip !== 'string') {
    w.gridRoutes.set(id, { route: 'zip', notes });
    return zip;
  }
  notes.push(zip);
  w.gridRoutes.set(id, { route: 'failed', notes });
  return null;
}

/** Memoised grid of an experiment (NRRD, else zip), or null when neither route yields one. */
export function grid(w: OracleWorld, id: number): Promise<Float32Array | null> {
  const hit = w.gridCache.get(id);
  if (hit) return hit;
  const p = fetchGrid(w, id);
  w.gridCache.set(id, p);
  while (w.gridCache.size > MAX_CACHED_GRIDS) {
    const oldest = w.gridCache.keys().next().value;
    if (oldest === undefined) break;
    w.gridCache.delete(oldest);
  }
  return p;
}

interface PsuRow {
  structure_id: number;
  hemisphere_id: number;
  is_injection: boolean;
  projection_volume: number;
}

/** Memoised PSU injection volume (structure 997, hemisphere 3, is_injection), null when absent. */
export function psuInjectionVolume(w: OracleWorld, id: number): Promise<number | null> {
  const hit = w.psuCache.get(id);
  if (hit) return hit;
  const rma = `model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$eq${id}][is_injection$eqtrue],rma::options[num_rows$eq'all']`;
  const p = queryRows<PsuRow>(w.baseUrl, rma).then((rows) => {
    const row = rows.find((r) => r.structure_id === 997 && r.hemisphere_id === 3 && r.is_injection === true);
    return row ? row.projection_volume : null;
  });
  w.psuCache.set(id, p);
  return p;
}
