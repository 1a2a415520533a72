// Real Allen data (shared/allen, read-only; skipped when absent): the 2,992 ApiConnectivity
// experiments as injection sites, and the real 25 µm VISp mask through isosurface → decimation
// → silhouette, the path the 3D and injection views take.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiConnectivityRowSchema, experimentFromApiConnectivityRow } from '../allen/experiment-rows';
import { decodeNrrd } from '../compute/decode-nrrd';
import { isosurfaceFromMask } from '../compute/isosurface';
import { CCF_EXTENT_UM, injectionSites } from './injection-sites';
import { clusterDecimate } from '../compute/mesh-decimate';
import { projectSilhouette } from './silhouette';

function sharedFile(rel: string): string | null {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  for (const root of [process.env.BSV_SHARED_ALLEN, resolve(repo, '../shared/allen'), '/work/shared/allen']) {
    if (root && existsSync(resolve(root, rel))) return resolve(root, rel);
  }
  return null;
}
const EXPERIMENTS = sharedFile('experiments/api_connectivity_experiments.json');
const VISP = sharedFile('volumes/structure_385_VISp_25um.nrrd');

describe.skipIf(!EXPERIMENTS)('injection sites of the real experiments', () => {
  it('every experiment is either drawn inside the CCF volume or excluded with a reason', () => {
    const rows = JSON.parse(readFileSync(EXPERIMENTS ?? '', 'utf8')) as unknown[];
    const experiments = rows.map((r) => experimentFromApiConnectivityRow(apiConnectivityRowSchema.parse(r)));
    expect(experiments.length).toBe(2992);
    const r = injectionSites([{ label: 'all', name: 'all', color: [0, 0, 0], experiments }]);
    expect(r.sites.length + r.excluded.length).toBe(experiments.length);
    expect(new Set([...r.sites.map((s) => s.experimentId), ...r.excluded.map((e) => e.experimentId)]).size).toBe(experiments.length);
    for (const s of r.sites) {
      s.coordUm.forEach((c, k) => expect(c >= 0 && c <= (CCF_EXTENT_UM[k] ?? 0)).toBe(true));
      expect(s.volumeMm3).toBeGreaterThan(0);
    }
    // real metadata: almost every experiment has a coordinate and a volume
    expect(r.sites.length).toBeGreaterThan(0.95 * experiments.length);
  });
});

describe.skipIf(!VISP)('real VISp 25 µm mask → surface → decimation → top-view silhouette', () => {
  it('keeps the silhouette area within 10 % after decimation and lies in the left/right cortex', () => {
    const bytes = readFileSync(VISP ?? '');
    const vol = decodeNrrd(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const [nx = 0, ny = 0, nz = 0] = vol.header.sizes;
    expect([nx, ny, nz]).toEqual([528, 320, 456]);
    const mask = new Uint8Array(nx * ny * nz);
    for (let i = 0; i < mask.length; i++) mask[i] = Number(vol.data[i] ?? 0) > 0 ? 1 : 0;
    const mesh = isosurfaceFromMask(mask, { nx, ny, nz, resolutionUm: 25 });
    expect(mesh.indices.length).toBeGreaterThan(0);
    const light = clusterDecimate(mesh.positions, mesh.indices, 100);
    expect(light.indices.length).toBeLessThan(mesh.indices.length / 4);
    const spec = { u: 0, v: 2, uMaxUm: 13200, vMaxUm: 11400, binUm: 50 } as const;
    const area = (p: Float32Array, i: Uint32Array) => projectSilhouette(p, i, spec).data.reduce((s, v) => s + v, 0);
    const full = area(mesh.positions, mesh.indices);
    const dec = area(light.positions, light.indices);
    expect(Math.abs(dec - full) / full).toBeLessThan(0.1);
    // VISp is posterior dorsal cortex in both hemispheres: no silhouette cell anterior of AP 6 mm
    const top = projectSilhouette(light.positions, light.indices, spec);
    for (let r = 0; r < top.rows; r++) for (let c = 0; c < 6000 / 50; c++) expect(top.data[r * top.cols + c]).toBe(0);
  });
});
