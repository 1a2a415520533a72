// Typed helper for Playwright specs and Vitest tests to drive the fake Allen server over HTTP.
// Dependency-free (global fetch only). Usage:
//   const fake = fakeAllen('http://127.0.0.1:4599');
//   await fake.reset();
//   await fake.configure({ failFirst: 1, match: 'grid_data' });
//   const log = await fake.requests({ path: '/grid_data/' });

export interface FakeFaults {
  failFirst?: number;
  failRate?: number;
  latencyMs?: number;
  successFalseRate?: number;
  truncateRate?: number;
  shortBodyRate?: number;
  match?: string | null;
  status?: number;
  /** URLs containing any of these always fail with `status`, whatever `match` says. */
  failAlways?: readonly string[];
  /** URLs containing any of these are answered without CORS headers (a download host that sends none). */
  noCors?: readonly string[];
}

export interface FakeRequest {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly status: number;
  readonly fault: 'fail-always' | 'fail-first' | 'fail-rate' | 'success-false' | 'truncate' | 'short-body' | null;
  readonly bytes: number;
  readonly ms: number;
  readonly experimentId?: number;
  /** Date.now() when the request arrived. */
  readonly startedAt: number;
  /** The client went away before the answer (an aborted fetch); status is 0. */
  readonly aborted: boolean;
}

export interface RequestFilter {
  /** Substring of the path + query string. */
  readonly path?: string;
  readonly method?: string;
  readonly status?: number;
  readonly fault?: FakeRequest['fault'];
}

export interface UpstreamSourceInfo {
  readonly structureId: number;
  readonly acronym: string;
  readonly experimentIds: readonly number[];
  readonly summedVolumeMm3: number;
}

export interface UpstreamInfo {
  readonly targetId: number;
  readonly acronym: string;
  readonly minVolumeMm3: number;
  readonly experiments: ReadonlyArray<{ readonly experimentId: number; readonly structureId: number; readonly projectionVolumeMm3: number }>;
  readonly sources: readonly UpstreamSourceInfo[];
}

/**
 * Quirk experiments (world properties, always on, unaffected by reset), all primary injections
 * into one structure: see e2e/fake-allen/README.md "Quirk experiments".
 */
export interface WorldQuirksInfo {
  readonly structureId: number;
  readonly acronym: string;
  /** Both grid routes answer 404; metadata and PSU rows exist. */
  readonly missingGrid: readonly number[];
  /** The NRRD's gzip payload does not inflate; the zip route is fine. */
  readonly corruptNrrd: readonly number[];
  /** That NRRD, and a zip whose density.raw is 528 bytes short: the grid cannot be had. */
  readonly corruptBoth: readonly number[];
  /** No is_injection=true PSU rows at all (the metadata injection volume stays). */
  readonly noInjectionRecord: readonly number[];
}

export interface WorldInfo {
  readonly mode: 'real' | 'builtin';
  readonly seed: number;
  readonly experimentCount: number;
  readonly structureCount: number;
  readonly structuresWithVoxels: number;
  readonly minVolumeMm3: number;
  readonly lines: ReadonlyArray<{ readonly name: string; readonly count: number }>;
  readonly structuresWithExperiments: ReadonlyArray<{ readonly id: number; readonly acronym: string; readonly count: number; readonly hasVoxels: boolean }>;
  readonly traps: ReadonlyArray<{ readonly acronym: string; readonly id: number; readonly notUnder: string; readonly notUnderId: number }>;
  readonly goodTargets: ReadonlyArray<{
    readonly id: number;
    readonly acronym: string;
    readonly experimentCount: number;
    readonly sources: readonly UpstreamSourceInfo[];
  }>;
  readonly quirks: WorldQuirksInfo;
  /** Parents with voxels only through their descendants (no voxel carries their own id); TH first when present. */
  readonly descendantOnlyTargets: ReadonlyArray<{ readonly id: number; readonly acronym: string }>;
}

export interface FakeAllenControl {
  readonly baseUrl: string;
  health(): Promise<{ ok: boolean; mode: 'real' | 'builtin'; seed: number; experiments: number }>;
  /** Clears faults, per-URL counters and the request log. */
  reset(): Promise<void>;
  /** Merges into the current fault config; returns the resulting config. */
  configure(faults: FakeFaults): Promise<Required<FakeFaults>>;
  config(): Promise<Required<FakeFaults>>;
  requests(filter?: RequestFilter): Promise<FakeRequest[]>;
  world(minVolumeMm3?: number): Promise<WorldInfo>;
  upstream(target: string | number, minVolumeMm3?: number): Promise<UpstreamInfo>;
  /** Ids of experiments whose projection_volume in the target (both hemispheres, outside the injection) exceeds the threshold. */
  experimentIdsForTarget(target: string | number, minVolumeMm3?: number): Promise<number[]>;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`fake-allen control: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export function fakeAllen(baseUrl: string): FakeAllenControl {
  const base = baseUrl.replace(/\/+$/, '');
  const get = <T>(path: string): Promise<T> => fetch(`${base}${path}`).then((r) => json<T>(r));
  const post = <T>(path: string, body: unknown): Promise<T> =>
    fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => json<T>(r));
  const volumeParam = (v: number | undefined): string => (v === undefined ? '' : `&minVolume=${v}`);
  const upstream = (target: string | number, minVolumeMm3?: number): Promise<UpstreamInfo> =>
    get<UpstreamInfo>(`/__fake/upstream?target=${encodeURIComponent(String(target))}${volumeParam(minVolumeMm3)}`);
  return {
    baseUrl: base,
    health: () => get('/__fake/health'),
    reset: async () => {
      await post('/__fake/reset', {});
    },
    configure: (faults) => post('/__fake/config', faults),
    config: () => get('/__fake/config'),
    requests: async (filter = {}) => {
      const all = await get<FakeRequest[]>(`/__fake/requests${filter.path ? `?path=${encodeURIComponent(filter.path)}` : ''}`);
      return all.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method) &&
          (filter.status === undefined || r.status === filter.status) &&
          (filter.fault === undefined || r.fault === filter.fault),
      );
    },
    world: (minVolumeMm3) => get(`/__fake/world${minVolumeMm3 === undefined ? '' : `?minVolume=${minVolumeMm3}`}`),
    upstream,
    experimentIdsForTarget: async (target, minVolumeMm3) => (await upstream(target, minVolumeMm3)).experiments.map((e) => e.experimentId),
  };
}
