import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { envelope, fakeClient } from '../allen/fake-fetch.ts';
import type { RawStructureNode } from '../allen/index.ts';
import type { ComputeWorkerApi } from '../protocol/compute-contract.ts';
import { createVolumeCache } from './cache/index.ts';
import { createDataApi } from './data-api.ts';

const ROOTS: RawStructureNode[] = [
  { id: 997, acronym: 'root', name: 'root', color_hex_triplet: 'ffffff', graph_order: 0, st_level: 0, parent_structure_id: null, children: [] },
];

describe('data API', () => {
  it('a cancelled ontology job does not cancel the shared load another job waits for (React StrictMode in development)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { fake, client } = fakeClient(async () => {
      await gate;
      return envelope(ROOTS);
    });
    const cache = createVolumeCache({ store: createStore('data-api-onto', 'volumes') });
    const api = createDataApi({} as ComputeWorkerApi, { client, cache });
    api.configure({ apiBase: 'http://allen.test', downloadBase: 'http://allen.test', release: 'test' });
    const first = api.loadOntology('job-1');
    const second = api.loadOntology('job-2');
    api.cancel('job-1');
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    release();
    expect((await second).map((r) => r.acronym)).toEqual(['root']);
    expect(fake.calls).toHaveLength(1);
  });
});
