import 'fake-indexeddb/auto';
import { MutationObserver, QueryClient, type MutationObserverOptions } from '@tanstack/react-query';
import type * as IdbKeyval from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserAnnotationInfo } from '../compute/user-annotation.ts';
import {
  ensureUserAnnotationHeld,
  importUserAnnotationMutation,
  pickUserAnnotationMessage,
  removeUserAnnotationMutation,
  USER_ANNOTATION_MUTATION,
  userAnnotationNote,
  userAnnotationQuery,
  userLabelNamesMutation,
  type UserAnnotationMeta,
} from './user-annotation.ts';

// The worker, as the compute worker answers: a file named bad-* is refused with a reason.
const worker = vi.hoisted(() => {
  const held = new Map<string, ArrayBuffer>();
  return {
    held,
    importAnnotationVolume: vi.fn(async (key: string, file: Blob & { name: string }) => {
      if (file.name.startsWith('bad')) throw new Error('the volume holds float32 values');
      const runs = new Uint8Array([1, 2, 3, 4]).buffer;
      held.set(key, runs.slice(0));
      const info: UserAnnotationInfo = {
        resolutionUm: 50,
        sizes: [264, 160, 228],
        type: 'uint16',
        encoding: 'gzip',
        labels: [
          { id: 1, voxels: 10 },
          { id: 2, voxels: 20 },
          { id: 3, voxels: 30 },
        ],
      };
      return { info, runs, importMs: 1 };
    }),
    dropAnnotation: vi.fn(async (key: string) => void held.delete(key)),
    hasAnnotation: vi.fn(async (key: string) => held.has(key)),
    loadAnnotationRuns: vi.fn(async (key: string, runs: ArrayBuffer) => void held.set(key, runs)),
  };
});
vi.mock('./services.ts', () => ({ getComputeWorker: () => worker }));

// IndexedDB is fake-indexeddb; a test can make one read or write of it fail (quota, private mode).
const idbFail = vi.hoisted(() => ({ get: null as Error | null, set: null as Error | null, del: null as Error | null, getGate: null as Promise<void> | null }));
vi.mock('idb-keyval', async (load) => {
  const real = await load<typeof IdbKeyval>();
  const once = (op: 'get' | 'set' | 'del') => {
    const e = idbFail[op];
    idbFail[op] = null;
    if (e) throw e;
  };
  return {
    ...real,
    get: async (...a: Parameters<typeof real.get>) => {
      // a gated read answers what was stored when it started, once the gate opens
      const gate = idbFail.getGate;
      idbFail.getGate = null;
      once('get');
      const value = await real.get(...a);
      await gate;
      return value;
    },
    set: async (...a: Parameters<typeof real.set>) => (once('set'), real.set(...a)),
    del: async (...a: Parameters<typeof real.del>) => (once('del'), real.del(...a)),
  };
});

const nrrd = (name: string) => new File([new Uint8Array(16)], name);
const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

function run<TData, TVariables, TOnMutate>(
  client: QueryClient,
  options: MutationObserverOptions<TData, Error, TVariables, TOnMutate>,
  variables: TVariables,
): Promise<TData> {
  return new MutationObserver(client, options).mutate(variables);
}

/** What the field shows, as useUserAnnotation reads it (useMutationState is findAll + select). */
function shown(client: QueryClient): string | null {
  const notes = client.getMutationCache().findAll({ mutationKey: USER_ANNOTATION_MUTATION }).map(userAnnotationNote);
  return pickUserAnnotationMessage(notes, client.getQueryState(userAnnotationQuery.queryKey)?.error ?? null);
}

/** A page (re)loaded: a new cache reads what this browser stored. */
async function reload(): Promise<{ client: QueryClient; meta: UserAnnotationMeta | null }> {
  const client = new QueryClient();
  return { client, meta: await client.fetchQuery(userAnnotationQuery) };
}

beforeEach(async () => {
  const { client, meta } = await reload();
  if (meta) await run(client, removeUserAnnotationMutation, meta);
  worker.held.clear();
  vi.clearAllMocks();
});

describe('your annotation volume (react-query)', () => {
  it('an import is kept in the worker and in this browser, and every reader of the query sees it', async () => {
    const { client, meta: none } = await reload();
    expect(none).toBeNull();
    const { meta, kept } = await run(client, importUserAnnotationMutation, nrrd('slabs-50um.nrrd'));
    expect(kept).toBeNull();
    expect(meta).toMatchObject({ fileName: 'slabs-50um.nrrd', resolutionUm: 50, sizes: [264, 160, 228] });
    expect(worker.importAnnotationVolume).toHaveBeenCalledWith(meta.key, expect.any(File));
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(meta);
    expect(shown(client)).toBeNull();
    expect((await reload()).meta).toEqual(meta);
  });

  it('another import replaces the volume and drops the old one from the worker', async () => {
    const { client } = await reload();
    const first = await run(client, importUserAnnotationMutation, nrrd('a.nrrd'));
    await new Promise((r) => setTimeout(r, 2)); // keys are made of the time in ms
    const second = await run(client, importUserAnnotationMutation, nrrd('b.nrrd'));
    expect(second.meta.key).not.toBe(first.meta.key);
    expect(worker.dropAnnotation).toHaveBeenCalledWith(first.meta.key);
    expect((await reload()).meta?.fileName).toBe('b.nrrd');
  });

  it('a refused file says why, keeps the loaded volume, and the next import clears the message', async () => {
    const { client } = await reload();
    const { meta } = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    await expect(run(client, importUserAnnotationMutation, nrrd('bad-density.nrrd'))).rejects.toThrow(
      'bad-density.nrrd was not loaded: the volume holds float32 values',
    );
    expect(shown(client)).toBe('bad-density.nrrd was not loaded: the volume holds float32 values');
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(meta);
    expect(worker.dropAnnotation).not.toHaveBeenCalled();
    const pending = run(client, importUserAnnotationMutation, nrrd('again.nrrd'));
    expect(shown(client)).toBeNull(); // cleared as the import starts
    await pending;
    expect(shown(client)).toBeNull();
    expect(client.getQueryData(userAnnotationQuery.queryKey)?.fileName).toBe('again.nrrd');
    // older notes are forgotten as a mutation starts: three imports leave the last two
    expect(
      client
        .getMutationCache()
        .findAll({ mutationKey: USER_ANNOTATION_MUTATION })
        .map((m) => (m.state.variables as File).name),
    ).toEqual(['bad-density.nrrd', 'again.nrrd']);
  });

  it('storage refused: loaded for this page only, with the reason; a reload has none', async () => {
    const { client } = await reload();
    idbFail.set = new Error('QuotaExceededError');
    const { meta, kept } = await run(client, importUserAnnotationMutation, nrrd('big.nrrd'));
    expect(kept).toBe('big.nrrd is loaded for this page only: this browser refused to store it (QuotaExceededError).');
    expect(shown(client)).toBe(kept);
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(meta);
    expect(worker.held.has(meta.key)).toBe(true);
    expect((await reload()).meta).toBeNull();
  });

  it('label names are kept with the volume; a bad file says why and changes nothing', async () => {
    const { client } = await reload();
    const { meta } = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    const named = await run(client, userLabelNamesMutation, csv('names.csv', 'id,name,acronym\n1,rostral slab,R\n2,"middle, slab",M\n'));
    expect(named).toMatchObject({ key: meta.key, namesFile: 'names.csv' });
    expect(named?.names).toEqual([
      [1, { name: 'rostral slab', acronym: 'R' }],
      [2, { name: 'middle, slab', acronym: 'M' }],
    ]);
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(named);
    expect((await reload()).meta).toEqual(named);

    await expect(run(client, userLabelNamesMutation, csv('empty.csv', ''))).rejects.toThrow(/^empty\.csv was not used for label names: /);
    expect(shown(client)).toMatch(/^empty\.csv was not used for label names: /);
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(named);
    // while another names file is read, the message stays; its success clears it
    const pending = run(client, userLabelNamesMutation, csv('names2.csv', 'id,name\n3,caudal slab\n'));
    expect(shown(client)).toMatch(/^empty\.csv was not used/);
    await pending;
    expect(shown(client)).toBeNull();
    expect(client.getQueryData(userAnnotationQuery.queryKey)?.namesFile).toBe('names2.csv');
  });

  it('names for a volume no longer stored are refused', async () => {
    const { client } = await reload();
    idbFail.set = new Error('QuotaExceededError');
    await run(client, importUserAnnotationMutation, nrrd('page-only.nrrd'));
    await expect(run(client, userLabelNamesMutation, csv('names.csv', 'id,name\n1,a\n'))).rejects.toThrow(
      'names.csv was not used for label names: the annotation volume is no longer stored in this browser',
    );
  });

  it('Remove forgets it everywhere; a failed delete says so', async () => {
    const { client } = await reload();
    const { meta } = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    await run(client, removeUserAnnotationMutation, meta);
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toBeNull();
    expect(worker.held.has(meta.key)).toBe(false);
    expect(shown(client)).toBeNull();
    expect((await reload()).meta).toBeNull();

    const again = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    idbFail.del = new Error('InvalidStateError');
    await expect(run(client, removeUserAnnotationMutation, again.meta)).rejects.toThrow();
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toBeNull();
    expect(shown(client)).toBe("Your annotation volume could not be deleted from this browser's storage: InvalidStateError");
  });

  it('a stored volume that cannot be read says so until an import replaces it', async () => {
    idbFail.get = new Error('UnknownError');
    const client = new QueryClient();
    await expect(client.fetchQuery(userAnnotationQuery)).rejects.toThrow('Your stored annotation volume could not be read: UnknownError');
    expect(shown(client)).toBe('Your stored annotation volume could not be read: UnknownError');
    await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    expect(client.getQueryState(userAnnotationQuery.queryKey)?.status).toBe('success');
    expect(shown(client)).toBeNull();
  });

  it('a read still under way does not overwrite an import that finished first', async () => {
    let open: () => void = () => undefined;
    idbFail.getGate = new Promise<void>((r) => (open = r));
    const client = new QueryClient();
    const read = client.fetchQuery(userAnnotationQuery).catch(() => 'cancelled');
    const { meta } = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    open();
    await read;
    await new Promise((r) => setTimeout(r, 10));
    expect(client.getQueryData(userAnnotationQuery.queryKey)).toEqual(meta);
  });

  it('ensureUserAnnotationHeld gives the worker the stored labels after a reload', async () => {
    const { client } = await reload();
    const { meta } = await run(client, importUserAnnotationMutation, nrrd('slabs.nrrd'));
    worker.held.clear(); // a new page's worker
    await ensureUserAnnotationHeld(meta);
    expect(worker.loadAnnotationRuns).toHaveBeenCalledWith(meta.key, expect.any(ArrayBuffer));
    expect(new Uint8Array(worker.held.get(meta.key) ?? new ArrayBuffer(0))).toEqual(new Uint8Array([1, 2, 3, 4]));
    await expect(ensureUserAnnotationHeld({ ...meta, key: 'user-annotation|other' })).rejects.toThrow('no longer stored in this browser');
  });
});
