// In-memory log of the requests the fake served (control endpoints excluded), newest last.

export interface RequestLogEntry {
  readonly seq: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Path and query string as requested. */
  readonly url: string;
  readonly status: number;
  readonly fault: string | null;
  /** Body bytes actually written. */
  readonly bytes: number;
  readonly ms: number;
  readonly experimentId?: number;
  /** Wall clock (Date.now(), epoch ms) when the request arrived. */
  readonly startedAt: number;
  /** The client went away (aborted fetch) before the answer was sent; status is then 0. */
  readonly aborted: boolean;
}

const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
  }

  /** Entries whose URL (raw or percent-decoded) contains the substring. */
  list(pathContains?: string | null): RequestLogEntry[] {
    if (!pathContains) return [...this.entries];
    return this.entries.filter((e) => e.url.includes(pathContains) || decoded(e.url).includes(pathContains));
  }

  clear(): void {
    this.entries = [];
  }
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}
