// The user's own annotation volume for the subregions view ("your annotation"), as react-query
// state: imported from a file in the compute worker (validated, reduced to 100 µm), kept in this
// browser's IndexedDB (its own database; nothing is uploaded) so it survives reloads, and held in
// the worker under `meta.key`. One volume at a time; importing another replaces it.
// The query reads the stored volume's description once per page (the labels stay in IndexedDB
// until a computation needs them: ensureUserAnnotationHeld); the mutations (import, label names,
// remove) write IndexedDB and the worker and then set the query's data, so every view sees the
// change. Their outcome is the field's message (userAnnotationNote): shown until the next one.
// No network here, so none of it waits for the browser to be online.
import { mutationOptions, queryOptions, type Mutation, type QueryClient } from '@tanstack/react-query';
import { createStore, del, get, set } from 'idb-keyval';
import * as Comlink from 'comlink';
import type { UserAnnotationInfo } from '../compute/user-annotation.ts';
import { parseLabelNames, type LabelName } from '../compute/label-names.ts';
import { getComputeWorker } from './services.ts';

export interface UserAnnotationMeta extends UserAnnotationInfo {
  readonly fileName: string;
  /** Worker key of the held 100 µm labels. */
  readonly key: string;
  readonly importedAt: string;
  /** Optional names of the labels (label-names file), [id, name] pairs. */
  readonly names?: readonly (readonly [number, LabelName])[];
  readonly namesFile?: string;
}

interface Stored {
  readonly meta: UserAnnotationMeta;
  /** The 100 µm labels, run-length encoded (compute/label-runs.ts). */
  readonly runs: ArrayBuffer;
}

/** What an import gives: the volume, and a note when this browser refused to store it. */
export interface ImportedAnnotation {
  readonly meta: UserAnnotationMeta;
  readonly kept: string | null;
}

const DB_KEY = 'current';
let idb: ReturnType<typeof createStore> | null = null;
const db = () => (idb ??= createStore('bsv-user-annotation', 'volumes'));

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The stored volume's description (null: none stored). */
export const userAnnotationQuery = queryOptions({
  queryKey: ['user-annotation'],
  queryFn: async (): Promise<UserAnnotationMeta | null> => {
    try {
      return (await get<Stored>(DB_KEY, db()))?.meta ?? null;
    } catch (e) {
      throw new Error(`Your stored annotation volume could not be read: ${message(e)}`, { cause: e });
    }
  },
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
  // read once per page: a failed read is not tried again by each reader that mounts
  retryOnMount: false,
  networkMode: 'always',
});

/** Key shared by the three mutations (their notes are read together). */
export const USER_ANNOTATION_MUTATION = ['user-annotation'] as const;

/** Sets the volume every view reads; a read still under way (a first mount) is dropped, not let to overwrite it. */
async function setMeta(client: QueryClient, meta: UserAnnotationMeta | null): Promise<void> {
  await client.cancelQueries({ queryKey: userAnnotationQuery.queryKey });
  client.setQueryData(userAnnotationQuery.queryKey, meta);
}

/** Only the latest settled mutation's note is shown: older ones are forgotten as a new one starts. */
function forgetOlderNotes(client: QueryClient): void {
  const cache = client.getMutationCache();
  const settled = cache.findAll({ mutationKey: USER_ANNOTATION_MUTATION, predicate: (m) => m.state.status === 'success' || m.state.status === 'error' });
  for (const m of settled.slice(0, -1)) cache.remove(m);
}

const common = {
  // kept after the field unmounts, so its message is still there when the view comes back
  gcTime: Infinity,
  networkMode: 'always',
  onMutate: (_: unknown, { client }: { client: QueryClient }) => forgetOlderNotes(client),
} as const;

/** Imports a file in the worker and keeps it (replacing the previous volume). */
export const importUserAnnotationMutation = mutationOptions({
  ...common,
  mutationKey: [...USER_ANNOTATION_MUTATION, 'import'],
  mutationFn: async (file: File, { client }): Promise<ImportedAnnotation> => {
    const before = client.getQueryData(userAnnotationQuery.queryKey) ?? null;
    const key = `user-annotation|${Date.now().toString(36)}`;
    try {
      const { info, runs } = await getComputeWorker().importAnnotationVolume(key, file);
      const meta: UserAnnotationMeta = { ...info, fileName: file.name, key, importedAt: new Date().toISOString() };
      let kept: string | null = null;
      try {
        await set(DB_KEY, { meta, runs } satisfies Stored, db());
      } catch (e) {
        // storage refused (private mode, quota): the worker holds it for this page only
        kept = `${file.name} is loaded for this page only: this browser refused to store it (${message(e)}).`;
      }
      if (before) void getComputeWorker().dropAnnotation(before.key);
      return { meta, kept };
    } catch (e) {
      throw new Error(`${file.name} was not loaded: ${message(e)}`, { cause: e });
    }
  },
  onSuccess: ({ meta }, _file, _r, { client }) => setMeta(client, meta),
});

/** Most bytes a label-names file may have. */
const MAX_NAMES_BYTES = 5 * 1024 * 1024;

/** Names the labels of the loaded volume from a CSV/JSON file (compute/label-names.ts); kept with it. */
export const userLabelNamesMutation = mutationOptions({
  ...common,
  mutationKey: [...USER_ANNOTATION_MUTATION, 'names'],
  mutationFn: async (file: File, { client }): Promise<UserAnnotationMeta | null> => {
    const meta = client.getQueryData(userAnnotationQuery.queryKey);
    if (!meta) return null;
    try {
      if (file.size > MAX_NAMES_BYTES) throw new Error(`it has ${file.size} bytes; a label-names file may have at most ${MAX_NAMES_BYTES}`);
      const names = parseLabelNames(await file.text());
      const next: UserAnnotationMeta = { ...meta, names: [...names], namesFile: file.name };
      const stored = await get<Stored>(DB_KEY, db());
      if (!stored || stored.meta.key !== meta.key) throw new Error('the annotation volume is no longer stored in this browser');
      await set(DB_KEY, { ...stored, meta: next } satisfies Stored, db());
      return next;
    } catch (e) {
      throw new Error(`${file.name} was not used for label names: ${message(e)}`, { cause: e });
    }
  },
  onSuccess: (next, _file, _r, { client }) => (next ? setMeta(client, next) : undefined),
});

/** Forgets the volume (every view at once, then the worker and IndexedDB); given the one shown. */
export const removeUserAnnotationMutation = mutationOptions({
  ...common,
  mutationKey: [...USER_ANNOTATION_MUTATION, 'remove'],
  mutationFn: async (meta: UserAnnotationMeta, { client }): Promise<void> => {
    await setMeta(client, null);
    await getComputeWorker().dropAnnotation(meta.key);
    try {
      await del(DB_KEY, db());
    } catch (e) {
      throw new Error(`Your annotation volume could not be deleted from this browser's storage: ${message(e)}`, { cause: e });
    }
  },
});

/**
 * The field's message after a mutation: its failure, an import's "for this page only", or null.
 * undefined while a label-names file is read: the previous message stays (an import or a removal
 * clears it as it starts).
 */
export function userAnnotationNote(m: Mutation<unknown, Error, unknown, unknown>): string | null | undefined {
  const { status, error, data } = m.state;
  const kind = m.options.mutationKey?.at(-1);
  if (status === 'error') return error?.message ?? null;
  if (status === 'success') return kind === 'import' ? ((data as ImportedAnnotation).kept ?? null) : null;
  return kind === 'names' ? undefined : null;
}

/** The field's message: the latest mutation's note, else why the stored volume could not be read. */
export function pickUserAnnotationMessage(notes: readonly (string | null | undefined)[], readError: Error | null): string | null {
  const settled = notes.filter((n) => n !== undefined);
  return settled.length > 0 ? (settled.at(-1) ?? null) : (readError?.message ?? null);
}

/** Makes sure the worker holds the volume (after a reload or an eviction) before it is used. */
export async function ensureUserAnnotationHeld(meta: UserAnnotationMeta): Promise<void> {
  const w = getComputeWorker();
  if (await w.hasAnnotation(meta.key)) return;
  const stored = await get<Stored>(DB_KEY, db());
  if (!stored || stored.meta.key !== meta.key) throw new Error('your annotation volume is no longer stored in this browser; load it again');
  await w.loadAnnotationRuns(meta.key, Comlink.transfer(stored.runs, [stored.runs]));
}
