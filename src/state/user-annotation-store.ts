// The user's own annotation volume for the subregions view ("your annotation"): imported from a
// file in the compute worker (validated, reduced to 100 µm), kept in this browser's IndexedDB
// (its own database; nothing is uploaded) so it survives reloads, and held in the worker under
// `meta.key`. One volume at a time; importing another replaces it.
import { createStore, del, get, set } from 'idb-keyval';
import { create } from 'zustand';
import * as Comlink from 'comlink';
import type { UserAnnotationInfo } from '../compute/user-annotation';
import { parseLabelNames, type LabelName } from '../compute/label-names';
import { getComputeWorker } from '../data/services';

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

export type UserAnnotationStatus = 'unknown' | 'restoring' | 'none' | 'importing' | 'ready';

export interface UserAnnotationState {
  readonly status: UserAnnotationStatus;
  readonly meta: UserAnnotationMeta | null;
  /** Why the last import failed (shown until the next import or removal). */
  readonly error: string | null;
  /** File being imported. */
  readonly importing: string | null;
}

const DB_KEY = 'current';
let idb: ReturnType<typeof createStore> | null = null;
const db = () => (idb ??= createStore('bsv-user-annotation', 'volumes'));

export const useUserAnnotation = create<UserAnnotationState>(() => ({ status: 'unknown', meta: null, error: null, importing: null }));

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Reads the stored volume's description once per page (the labels stay in IndexedDB until needed). */
export async function restoreUserAnnotation(): Promise<void> {
  if (useUserAnnotation.getState().status !== 'unknown') return;
  useUserAnnotation.setState({ status: 'restoring' });
  try {
    const stored = await get<Stored>(DB_KEY, db());
    if (useUserAnnotation.getState().status !== 'restoring') return;
    useUserAnnotation.setState(stored ? { status: 'ready', meta: stored.meta } : { status: 'none' });
  } catch (e) {
    useUserAnnotation.setState({ status: 'none', error: `Your stored annotation volume could not be read: ${message(e)}` });
  }
}

/** Imports `file` in the worker and keeps it; resolves true when it was accepted. */
export async function importUserAnnotation(file: File): Promise<boolean> {
  const before = useUserAnnotation.getState();
  useUserAnnotation.setState({ status: 'importing', importing: file.name, error: null });
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
    if (before.meta) void getComputeWorker().dropAnnotation(before.meta.key);
    useUserAnnotation.setState({ status: 'ready', meta, importing: null, error: kept });
    return true;
  } catch (e) {
    useUserAnnotation.setState({
      status: before.meta ? 'ready' : 'none',
      meta: before.meta,
      importing: null,
      error: `${file.name} was not loaded: ${message(e)}`,
    });
    return false;
  }
}

/** Most bytes a label-names file may have. */
const MAX_NAMES_BYTES = 5 * 1024 * 1024;

/** Names the labels of the loaded volume from a CSV/JSON file (compute/label-names.ts); kept with it. */
export async function setUserLabelNames(file: File): Promise<void> {
  const meta = useUserAnnotation.getState().meta;
  if (!meta) return;
  try {
    if (file.size > MAX_NAMES_BYTES) throw new Error(`it has ${file.size} bytes; a label-names file may have at most ${MAX_NAMES_BYTES}`);
    const names = parseLabelNames(await file.text());
    const next: UserAnnotationMeta = { ...meta, names: [...names], namesFile: file.name };
    const stored = await get<Stored>(DB_KEY, db());
    if (!stored || stored.meta.key !== meta.key) throw new Error('the annotation volume is no longer stored in this browser');
    await set(DB_KEY, { ...stored, meta: next } satisfies Stored, db());
    useUserAnnotation.setState({ meta: next, error: null });
  } catch (e) {
    useUserAnnotation.setState({ error: `${file.name} was not used for label names: ${message(e)}` });
  }
}

/** Forgets the volume (IndexedDB and worker). */
export async function removeUserAnnotation(): Promise<void> {
  const meta = useUserAnnotation.getState().meta;
  useUserAnnotation.setState({ status: 'none', meta: null, error: null });
  if (meta) await getComputeWorker().dropAnnotation(meta.key);
  try {
    await del(DB_KEY, db());
  } catch (e) {
    useUserAnnotation.setState({ error: `Your annotation volume could not be deleted from this browser's storage: ${message(e)}` });
  }
}

/** Makes sure the worker holds the volume (after a reload or an eviction) before it is used. */
export async function ensureUserAnnotationHeld(meta: UserAnnotationMeta): Promise<void> {
  const w = getComputeWorker();
  if (await w.hasAnnotation(meta.key)) return;
  const stored = await get<Stored>(DB_KEY, db());
  if (!stored || stored.meta.key !== meta.key) throw new Error('your annotation volume is no longer stored in this browser; load it again');
  await w.loadAnnotationRuns(meta.key, Comlink.transfer(stored.runs, [stored.runs]));
}
