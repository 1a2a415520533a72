// Fault injection. Decisions are deterministic given the seed: the n-th request to a given URL
// always gets the same verdict, whatever the interleaving of other requests.
import { unitHash } from '../world/random.ts';

export interface FaultConfig {
  /** The first K requests to each distinct URL get HTTP `status` (default 500). */
  readonly failFirst: number;
  /** Probability (0..1) of an HTTP `status` error. */
  readonly failRate: number;
  /** Delay before answering, ms. */
  readonly latencyMs: number;
  /** query.json only: probability of HTTP 200 {success:false, "…Informatics service request failed"}. */
  readonly successFalseRate: number;
  /** Binary only: full Content-Length sent, then the socket is destroyed after half the body. */
  readonly truncateRate: number;
  /** Binary only: half the body with a matching Content-Length (only decoding can tell). */
  readonly shortBodyRate: number;
  /** Faults apply only to URLs containing this substring (raw or percent-decoded); null = all. */
  readonly match: string | null;
  /** Status code for failFirst / failRate / failAlways. */
  readonly status: number;
  /**
   * URLs containing any of these substrings always fail with `status`, whatever `match` says
   * (experiments that stay broken while random faults hit everything else).
   */
  readonly failAlways: readonly string[];
  /**
   * URLs containing any of these substrings are answered without CORS headers (whatever `match`
   * says), as a download host that sends none: a page on another origin cannot read them.
   */
  readonly noCors: readonly string[];
}

export const NO_FAULTS: FaultConfig = {
  failFirst: 0,
  failRate: 0,
  latencyMs: 0,
  successFalseRate: 0,
  truncateRate: 0,
  shortBodyRate: 0,
  match: null,
  status: 500,
  failAlways: [],
  noCors: [],
};

export type FaultKind = 'fail-always' | 'fail-first' | 'fail-rate' | 'success-false' | 'truncate' | 'short-body';
export type RouteKind = 'query' | 'binary' | 'json';

export interface FaultDecision {
  readonly fault: FaultKind | null;
  readonly latencyMs: number;
  readonly status: number;
}

const RATES = ['failRate', 'successFalseRate', 'truncateRate', 'shortBodyRate'] as const;

/** Merges a JSON patch into a config, validating every field; throws with a message on bad input. */
export function mergeFaults(base: FaultConfig, patch: unknown): FaultConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('fault config must be a JSON object');
  const p = patch as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(p)) {
    if (!(key in NO_FAULTS)) throw new Error(`unknown fault option '${key}'`);
    if (key === 'match') {
      if (value !== null && typeof value !== 'string') throw new Error('match must be a string or null');
      out.match = value === '' ? null : value;
      continue;
    }
    if (key === 'failAlways' || key === 'noCors') {
      if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v !== ''))
        throw new Error(`${key} must be an array of non-empty strings`);
      out[key] = [...value];
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a non-negative number`);
    if ((RATES as readonly string[]).includes(key) && value > 1) throw new Error(`${key} must be within 0..1`);
    if (key === 'status' && (value < 400 || value > 599)) throw new Error('status must be a 4xx or 5xx code');
    out[key] = key === 'failFirst' || key === 'status' ? Math.floor(value) : value;
  }
  return out as unknown as FaultConfig;
}

export class FaultState {
  config: FaultConfig = NO_FAULTS;
  private readonly attempts = new Map<string, number>();

  constructor(private readonly seed: number) {}

  reset(config: FaultConfig = NO_FAULTS): void {
    this.config = config;
    this.attempts.clear();
  }

  /** Requests decided since the last reset (control endpoints excluded). */
  get decided(): number {
    let n = 0;
    for (const k of this.attempts.values()) n += k;
    return n;
  }

  /** Answer this URL without CORS headers (noCors). */
  refusesCors(url: string): boolean {
    return this.config.noCors.some((m) => contains(url, m));
  }

  matches(url: string): boolean {
    const m = this.config.match;
    return m === null || contains(url, m);
  }

  /** Counts the request and decides its fault. */
  decide(url: string, kind: RouteKind): FaultDecision {
    const n = (this.attempts.get(url) ?? 0) + 1;
    this.attempts.set(url, n);
    const c = this.config;
    if (c.failAlways.some((m) => contains(url, m))) return { fault: 'fail-always', latencyMs: c.latencyMs, status: c.status };
    if (!this.matches(url)) return { fault: null, latencyMs: 0, status: 200 };
    const roll = (what: string): number => unitHash(this.seed, what, url, n);
    let fault: FaultKind | null = null;
    if (n <= c.failFirst) fault = 'fail-first';
    else if (c.failRate > 0 && roll('fail') < c.failRate) fault = 'fail-rate';
    else if (kind === 'query' && c.successFalseRate > 0 && roll('success-false') < c.successFalseRate) fault = 'success-false';
    else if (kind === 'binary' && c.truncateRate > 0 && roll('truncate') < c.truncateRate) fault = 'truncate';
    else if (kind === 'binary' && c.shortBodyRate > 0 && roll('short') < c.shortBodyRate) fault = 'short-body';
    const status = fault === 'fail-first' || fault === 'fail-rate' ? c.status : 200;
    return { fault, latencyMs: c.latencyMs, status };
  }
}

/** Does the URL, raw or percent-decoded, contain the substring? */
function contains(url: string, substring: string): boolean {
  if (url.includes(substring)) return true;
  try {
    return decodeURIComponent(url.replace(/\+/g, ' ')).includes(substring);
  } catch {
    return false;
  }
}
