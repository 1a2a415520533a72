import { describe, expect, it } from 'vitest';
import { createAllenClient } from './client.ts';
import { AllenError } from './errors.ts';
import { asciiBytes, bytesResponse, createFakeFetch, envelope, jsonResponse } from './fake-fetch.ts';
import type { FakeHandler } from './fake-fetch.ts';

const NRRD = asciiBytes('NRRD0004\ntype: float\n', 256);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);

function clientWith(handler: FakeHandler) {
  const fake = createFakeFetch(handler);
  const client = createAllenClient({
    apiBase: 'https://api.test',
    downloadBase: '/allen-download',
    fetch: fake.fetch,
    sleep: async () => undefined,
    attemptTimeoutMs: 0,
  });
  return { fake, client };
}

describe('fetchDensityGrid', () => {
  it('returns the NRRD route bytes when they start with NRRD', async () => {
    const { fake, client } = clientWith(() => bytesResponse(NRRD));
    const got = await client.fetchDensityGrid(100141219);
    expect(got.format).toBe('nrrd');
    expect(got.experimentId).toBe(100141219);
    expect(new Uint8Array(got.bytes)).toEqual(NRRD);
    expect(fake.calls).toEqual(['https://api.test/grid_data/download_file/100141219?image=projection_density&resolution=100']);
  });

  it('falls back to the zip route when the NRRD route keeps failing', async () => {
    const { fake, client } = clientWith((url) => (url.includes('download_file') ? jsonResponse({}, 502) : bytesResponse(ZIP)));
    const got = await client.fetchDensityGrid(7);
    expect(got.format).toBe('zip');
    expect(got.url).toBe('https://api.test/grid_data/download/7?include=density');
    expect(fake.calls.filter((u) => u.includes('download_file'))).toHaveLength(4);
  });

  it("route 'zip' asks only the zip route (an NRRD that arrived but did not decode)", async () => {
    const { fake, client } = clientWith(() => bytesResponse(ZIP));
    const got = await client.fetchDensityGrid(7, { route: 'zip' });
    expect(got.format).toBe('zip');
    expect(fake.calls).toEqual(['https://api.test/grid_data/download/7?include=density']);
  });

  it('falls back to the zip route at once when the NRRD route returns something else', async () => {
    const { fake, client } = clientWith((url) => (url.includes('download_file') ? bytesResponse(asciiBytes('<html>oops</html>')) : bytesResponse(ZIP)));
    expect((await client.fetchDensityGrid(7)).format).toBe('zip');
    expect(fake.calls).toHaveLength(2);
  });

  it('re-downloads a truncated NRRD body', async () => {
    const { fake, client } = clientWith((_, i) => (i === 0 ? bytesResponse(NRRD.subarray(0, 100), 256) : bytesResponse(NRRD)));
    const got = await client.fetchDensityGrid(7);
    expect(got.bytes.byteLength).toBe(256);
    expect(fake.calls).toHaveLength(2);
  });

  it('when both routes fail, the error carries the experiment id and both reasons', async () => {
    const { client } = clientWith((url) => (url.includes('download_file') ? jsonResponse({}, 503) : jsonResponse({}, 404)));
    const err = await client.fetchDensityGrid(100141219).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllenError);
    const e = err as AllenError;
    expect(e.experimentId).toBe(100141219);
    expect(e.message).toContain('Download of experiment 100141219 failed after 5 attempts');
    expect(e.message).toContain('NRRD route: HTTP 503 from https://api.test/grid_data/download_file/100141219');
    expect(e.message).toContain('zip route: HTTP 404 from https://api.test/grid_data/download/100141219?include=density');
  });

  it('reports progress', async () => {
    const { client } = clientWith(() => bytesResponse(NRRD));
    let last: [number, number | null] = [0, null];
    await client.fetchDensityGrid(7, { onProgress: (r, t) => (last = [r, t]) });
    expect(last).toEqual([256, 256]);
  });
});

describe('fetchAnnotation', () => {
  it('downloads annotation_{res}.nrrd from the download base and checks the magic', async () => {
    const { fake, client } = clientWith(() => bytesResponse(NRRD));
    await client.fetchAnnotation(50);
    expect(fake.calls).toEqual(['/allen-download/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_50.nrrd']);
    const bad = clientWith(() => bytesResponse(asciiBytes('NoSuchKey')));
    const err = await bad.client.fetchAnnotation(25).catch((e: unknown) => e);
    expect((err as AllenError).kind).toBe('validation');
  });
});

describe('fetchInjectionSummary', () => {
  const psu = (structure: number, hemisphere: number | string, volume: number | string) => ({
    section_data_set_id: 5,
    structure_id: structure,
    hemisphere_id: hemisphere,
    is_injection: true,
    projection_volume: volume,
    projection_density: 0.5,
    max_voxel_x: 9000,
    max_voxel_y: '1500',
    max_voxel_z: 3000,
  });

  it('injection volume is the root (997) both-hemisphere row', async () => {
    const { fake, client } = clientWith(() => envelope([psu(997, 1, 0.2), psu(997, 3, '0.3'), psu(385, 3, 0.25)]));
    const s = await client.fetchInjectionSummary(5);
    expect(s.injectionVolumeMm3).toBe(0.3);
    expect(s.rows).toHaveLength(3);
    expect(s.rows[0]).toEqual({
      structureId: 997,
      hemisphereId: 1,
      projectionVolumeMm3: 0.2,
      projectionDensity: 0.5,
      maxVoxelUm: [9000, 1500, 3000],
    });
    expect(new URL(fake.calls[0] ?? '').searchParams.get('criteria')).toBe(
      "model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$eq5][is_injection$eqtrue],rma::options[num_rows$eq'all']",
    );
  });

  it('no injection rows is an empty error naming the experiment', async () => {
    const { client } = clientWith(() => envelope({}));
    const err = (await client.fetchInjectionSummary(5).catch((e: unknown) => e)) as AllenError;
    expect(err.kind).toBe('empty');
    expect(err.experimentId).toBe(5);
    expect(err.message).toContain('Injection summary of experiment 5 failed');
  });
});
