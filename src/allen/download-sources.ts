// Where the annotation volumes come from. The download host may send no CORS headers, so the app
// tries, in order: the host directly, a same-origin path (the dev/preview proxy, or the files
// `npm run fetch-atlas` put next to a static build) and a configured mirror. The source that
// served is remembered and tried first next time, so a refused source is not asked again on every
// load; when every source fails, the error names each one tried and what it answered.
import { AllenError, isRetryable } from './errors.ts';

export type DownloadSourceKind = 'direct' | 'same-origin' | 'mirror';

export const DOWNLOAD_SOURCE_KINDS: readonly DownloadSourceKind[] = ['direct', 'same-origin', 'mirror'];

export interface DownloadSource {
  readonly kind: DownloadSourceKind;
  /** Absolute base URL of informatics-archive paths (no trailing slash). */
  readonly base: string;
}

export interface DownloadSourceSettings {
  /** The download host (VITE_ALLEN_DOWNLOAD). */
  readonly direct: string;
  /** This site's copy: `<page origin><base path>allen-download`. */
  readonly sameOrigin: string;
  /** VITE_ALLEN_DOWNLOAD_MIRROR; empty = none. */
  readonly mirror?: string;
  /** VITE_ALLEN_DOWNLOAD_SOURCES: comma-separated kinds in the order to try; empty = all three. */
  readonly order?: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** The sources to try, in order. Throws on an unknown kind in `order` (a build misconfiguration). */
export function configuredDownloadSources(settings: DownloadSourceSettings): DownloadSource[] {
  const raw = (settings.order ?? '').trim();
  const kinds = raw === '' ? DOWNLOAD_SOURCE_KINDS : raw.split(',').map((k) => k.trim());
  const out: DownloadSource[] = [];
  for (const kind of kinds) {
    if (kind === 'direct') out.push({ kind, base: trimSlash(settings.direct) });
    else if (kind === 'same-origin') out.push({ kind, base: trimSlash(settings.sameOrigin) });
    else if (kind === 'mirror') {
      const mirror = trimSlash(settings.mirror?.trim() ?? '');
      if (mirror !== '') out.push({ kind, base: mirror });
    } else throw new Error(`VITE_ALLEN_DOWNLOAD_SOURCES: unknown source "${kind}" (use direct, same-origin, mirror)`);
  }
  return out.filter((s, i) => out.findIndex((o) => o.kind === s.kind) === i);
}

export const sameSource = (a: DownloadSource, b: DownloadSource): boolean => a.kind === b.kind && a.base === b.base;

/** The remembered source first (when it is still configured), then the others in their order. */
export function orderSources(sources: readonly DownloadSource[], preferred: DownloadSource | null): DownloadSource[] {
  const first = preferred ? sources.find((s) => sameSource(s, preferred)) : undefined;
  return first ? [first, ...sources.filter((s) => s !== first)] : [...sources];
}

export const describeSource = (s: DownloadSource): string => `${s.kind} ${s.base}`;

/** Remembers the source that served last (per session; the worker also keeps it in IndexedDB). */
export interface DownloadSourceMemory {
  preferred(): DownloadSource | null;
  served(source: DownloadSource): void;
}

export function createSourceMemory(initial: DownloadSource | null = null): DownloadSourceMemory {
  let last = initial;
  return {
    preferred: () => last,
    served: (source) => {
      last = source;
    },
  };
}

export interface SourceFailure {
  readonly source: DownloadSource;
  readonly error: AllenError;
}

export interface Served<T> {
  readonly value: T;
  readonly source: DownloadSource;
  /** Sources tried before the one that served, with what they answered. */
  readonly failures: readonly SourceFailure[];
}

/**
 * One download through the sources. `attempt(source, attempts)` fetches from one source with at
 * most `attempts` tries (undefined = the client's retry policy). First pass: each source once, in
 * order (a refused CORS request fails at once, indistinguishable from a network error); second
 * pass: the sources whose failure may pass (network, 5xx) with the usual retries. Aborts are
 * rethrown at once. Every failure is an AllenError naming the sources tried.
 */
export async function fetchFromSources<T>(
  sources: readonly DownloadSource[],
  what: string,
  attempt: (source: DownloadSource, attempts: number | undefined) => Promise<T>,
): Promise<Served<T>> {
  if (sources.length === 0) {
    throw new AllenError({ kind: 'validation', what, url: '', detail: 'no download source is configured (VITE_ALLEN_DOWNLOAD_SOURCES)' });
  }
  const failures: SourceFailure[] = [];
  const tryOne = async (source: DownloadSource, attempts: number | undefined): Promise<Served<T> | null> => {
    try {
      return { value: await attempt(source, attempts), source, failures: [...failures] };
    } catch (e) {
      if (!(e instanceof AllenError)) throw e;
      if (e.kind === 'aborted') throw e;
      failures.push({ source, error: e });
      return null;
    }
  };
  for (const source of sources) {
    const served = await tryOne(source, 1);
    if (served) return served;
  }
  const again = failures.filter((f) => isRetryable(f.error)).map((f) => f.source);
  for (const source of again) {
    const served = await tryOne(source, undefined);
    if (served) return served;
  }
  throw allSourcesFailed(what, sources, failures);
}

/** Why a failure probably happened and what fixes it, per kind of source. */
function hint(f: SourceFailure): string {
  if (f.source.kind === 'direct' && f.error.kind === 'network') return ' (a host that sends no CORS headers fails like this)';
  if (f.source.kind === 'same-origin' && (f.error.status === 404 || f.error.kind === 'validation')) {
    return ' (run `npm run fetch-atlas` after the build, or serve the download host under this path)';
  }
  return '';
}

function allSourcesFailed(what: string, sources: readonly DownloadSource[], failures: readonly SourceFailure[]): AllenError {
  // the last answer of each source (a source tried twice keeps its second)
  const last = new Map<DownloadSourceKind, SourceFailure>();
  for (const f of failures) last.set(f.source.kind, f);
  const tried = [...last.values()].map((f) => `${describeSource(f.source)}: ${f.error.detail}${hint(f)}`);
  const notConfigured = DOWNLOAD_SOURCE_KINDS.filter((k) => !sources.some((s) => s.kind === k));
  const missing = notConfigured.length > 0 ? `; not configured: ${notConfigured.join(', ')}` : '';
  const lastFailure = failures[failures.length - 1];
  return new AllenError({
    kind: lastFailure?.error.kind ?? 'network',
    what,
    url: lastFailure?.error.url ?? '',
    status: lastFailure?.error.status,
    attempts: failures.reduce((n, f) => n + f.error.attempts, 0),
    detail: `every download source failed — ${tried.join('; ')}${missing}`,
    cause: lastFailure?.error,
  });
}
