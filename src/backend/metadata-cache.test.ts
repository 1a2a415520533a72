import 'fake-indexeddb/auto';
import { createStore, set } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { envelope, fakeClient } from '../allen/fake-fetch.ts';
import type { RawStructureNode } from '../allen/index.ts';
import { createVolumeCache } from './cache/index.ts';
import { groupUpstream, Ontology } from '../allen/index.ts';
import { loadAllExperiments, loadOntology, loadProductNames, loadUpstreamRows, metadataWritten } from './metadata-cache.ts';

const leaf = (id: number, acronym: string, parent: number): RawStructureNode => ({
  id,
  acronym,
  name: `${acronym} area`,
  color_hex_triplet: 'ff0000',
  graph_order: id,
  st_level: 1,
  parent_structure_id: parent,
  children: [],
});
const ROOTS: RawStructureNode[] = [
  {
    id: 997,
    acronym: 'root',
    name: 'root',
    color_hex_triplet: 'ffffff',
    graph_order: 0,
    st_level: 0,
    parent_structure_id: null,
    children: [leaf(1, 'CTX', 997), leaf(2, 'TH', 997)],
  },
];

// An ApiConnectivity row as Allen sends it.
const ROW = {
  data_set_id: 42,
  structure_id: 1,
  structure_abbrev: 'CTX',
  structure_name: 'CTX area',
  injection_structures: '1',
  transgenic_line: null,
  transgenic_line_id: null,
  injection_volume: 0.2,
  injection_x: 8000,
  injection_y: 2000,
  injection_z: 7000,
  product_id: 5,
  gender: 'M',
  strain: 'C57BL/6J',
  specimen_name: 'x-1',
};

function setup(name: string) {
  const store = createStore(`meta-${name}`, 'volumes');
  const cache = createVolumeCache({ store });
  const { fake, client } = fakeClient((url) => (url.includes('structure_graph') ? envelope(ROOTS) : envelope([ROW])));
  return { store, cache, fake, client };
}

describe('metadata cache', () => {
  it('downloads the ontology once, then serves it from IndexedDB', async () => {
    const { cache, fake, client } = setup('onto');
    const first = await loadOntology(client, cache);
    const second = await loadOntology(client, cache);
    expect(fake.calls).toHaveLength(1);
    expect(second.byAcronym('TH')?.id).toBe(2);
    expect(second.size).toBe(first.size);
  });

  it('downloads the experiment list once and returns the same rows from the cache', async () => {
    const { cache, fake, client } = setup('exps');
    const first = await loadAllExperiments(client, cache, undefined);
    const second = await loadAllExperiments(client, cache, undefined);
    expect(fake.calls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second[0]?.injectionCoordUm).toEqual([8000, 2000, 7000]);
  });

  it('a download is answered before it is stored; a read of it in the same session waits for the write', async () => {
    const { cache, fake, client } = setup('behind');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const put = cache.put.bind(cache);
    const slow: typeof cache = { ...cache, put: async (...args: Parameters<typeof cache.put>) => (await gate, put(...args)) };
    const first = await loadAllExperiments(client, slow, undefined);
    expect([first.length, (await cache.list()).length]).toEqual([1, 0]);
    const second = loadAllExperiments(client, slow, undefined);
    release();
    await expect(second).resolves.toEqual(first);
    expect(fake.calls).toHaveLength(1);
  });

  it('the experiment list downloads while the structure graph loads, which names its structures', async () => {
    const { cache, fake, client } = setup('parallel');
    let giveOntology: (o: Ontology) => void = () => undefined;
    const ontology = new Promise<Ontology>((resolve) => (giveOntology = resolve));
    const loading = loadAllExperiments(client, cache, () => ontology);
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));
    giveOntology(new Ontology(ROOTS));
    const got = await loading;
    expect(got[0]?.id).toBe(42);
  });

  it('a structure graph that fails while the list downloads (a cancelled job) rejects the load, never unhandled', async () => {
    const { cache, client } = setup('graph-fails');
    // the lazy client looks at the ontology only once its own chunk has loaded
    const lazy: typeof client = {
      ...client,
      fetchAllExperiments: async (opts, ontology) => {
        await new Promise((r) => setTimeout(r, 20));
        return client.fetchAllExperiments(opts, ontology);
      },
    };
    const cancelled = () => Promise.reject(new Error('job job-1 was cancelled'));
    await expect(loadAllExperiments(lazy, cache, cancelled)).rejects.toThrow('job job-1 was cancelled');
  });

  it('treats a record that does not match the schema as a miss and fetches again', async () => {
    const { cache, fake, client } = setup('bad');
    await loadAllExperiments(client, cache, undefined);
    await metadataWritten(cache);
    // A well-formed record (valid checksum) whose JSON is not an experiment list.
    const bytes = new TextEncoder().encode(JSON.stringify([{ id: 'not a number' }]));
    const key = (await cache.list()).find((e) => e.parts?.kind === 'metadata')?.key;
    expect(key).toBeDefined();
    await cache.put(key ?? '', bytes, { dtype: 'uint8', dims: [bytes.byteLength, 1, 1] });
    const again = await loadAllExperiments(client, cache, undefined);
    expect(fake.calls).toHaveLength(2);
    expect(again[0]?.id).toBe(42);
  });

  it('a corrupt record (bad checksum) is evicted by the cache and refetched', async () => {
    const { store, cache, fake, client } = setup('corrupt');
    await loadOntology(client, cache);
    await metadataWritten(cache);
    const key = (await cache.list()).find((e) => e.parts?.kind === 'metadata')?.key ?? '';
    await set(key, new Uint8Array([1, 2, 3]).buffer, store);
    const o = await loadOntology(client, cache);
    expect(o.byAcronym('CTX')?.id).toBe(1);
    expect(fake.calls).toHaveLength(2);
  });

  it('product names: downloaded once, then served from IndexedDB (offline too); new ids are fetched and merged', async () => {
    const store = createStore('meta-products', 'volumes');
    const cache = createVolumeCache({ store });
    let offline = false;
    const names: Record<number, string> = { 5: 'Mouse Connectivity: Projection', 31: 'Cre target-defined', 35: 'Mouse Connectivity: Projection Cre' };
    const { fake, client } = fakeClient((url) => {
      if (offline) return new TypeError('Failed to fetch');
      const ids = /id\$in([\d,]+)/.exec(decodeURIComponent(url))?.[1]?.split(',').map(Number) ?? [];
      return envelope(ids.map((id) => ({ id, name: names[id] ?? null })));
    });
    expect(await loadProductNames(client, cache, [31, 5, 5])).toEqual([
      { id: 5, name: names[5] },
      { id: 31, name: names[31] },
    ]);
    expect(fake.calls).toHaveLength(1);
    offline = true;
    // everything asked is stored: no request, offline or not
    expect((await loadProductNames(client, cache, [5])).map((p) => p.name)).toEqual([names[5]]);
    expect(fake.calls).toHaveLength(1);
    // an id never stored while the network fails: the stored names that were asked for, not an error
    expect((await loadProductNames(client, cache, [5, 35])).map((p) => p.id)).toEqual([5]);
    // nothing stored for what is asked: the failure is reported
    await expect(loadProductNames(client, cache, [35])).rejects.toThrow();
    offline = false;
    expect((await loadProductNames(client, cache, [35, 5])).map((p) => p.id)).toEqual([5, 35]);
    offline = true;
    expect((await loadProductNames(client, cache, [31, 35])).map((p) => p.name)).toEqual([names[31], names[35]]);
  });

  it('upstream rows: downloaded once per (target, minimum), then read from IndexedDB (offline too) and grouped the same', async () => {
    const store = createStore('meta-upstream', 'volumes');
    const cache = createVolumeCache({ store });
    let offline = false;
    const unionize = (experiment: number, volume: number, extra: Record<string, unknown> = {}) => ({
      section_data_set_id: experiment,
      structure_id: 2,
      hemisphere_id: 3,
      is_injection: false,
      projection_volume: volume,
      ...extra,
    });
    const { fake, client } = fakeClient(() => {
      if (offline) return new TypeError('Failed to fetch');
      // a page as Allen sends it; the rows the criteria exclude are left out by the query itself
      return envelope([unionize(42, 0.5), unionize(43, 0.02), unionize(44, 0.3, { is_injection: 'false' })]);
    });
    const online = await loadUpstreamRows(client, cache, 2, 0.01, 'TH');
    expect(fake.calls).toHaveLength(1);
    expect(decodeURIComponent(fake.calls[0] ?? '')).toContain('[structure_id$eq2][is_injection$eqfalse][hemisphere_id$eq3][projection_volume$gt0.01]');
    offline = true;
    const stored = await loadUpstreamRows(client, cache, 2, 0.01, 'TH');
    expect(fake.calls).toHaveLength(1);
    expect(stored).toEqual(online);
    expect(stored.map((r) => [r.section_data_set_id, r.projection_volume])).toEqual([
      [42, 0.5],
      [43, 0.02],
      [44, 0.3],
    ]);
    // what the source table shows is the same from the stored rows as from the downloaded ones
    const ontology = new Ontology(ROOTS);
    const experiments = [
      {
        id: 42,
        structureId: 1,
        structureAcronym: 'CTX',
        structureName: 'CTX area',
        injectionStructureIds: [1],
        transgenicLine: null,
        injectionVolumeMm3: 0.2,
        injectionCoordUm: [8000, 2000, 7000] as [number, number, number],
        productId: 5,
        gender: null,
        strain: null,
        specimenName: null,
      },
    ];
    expect(groupUpstream(2, stored, {}, ontology, experiments)).toEqual(groupUpstream(2, online, {}, ontology, experiments));
    expect(groupUpstream(2, stored, {}, ontology, experiments).map((g) => [g.acronym, g.experimentIds])).toEqual([['CTX', [42]]]);
    // another minimum is another list: offline and never stored, the failure is reported
    await expect(loadUpstreamRows(client, cache, 2, 0.05, 'TH')).rejects.toThrow(/Upstream search for TH/);
  });
});
