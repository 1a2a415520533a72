// Oracle HTTP helpers: plain global fetch against the fake server's real Allen paths. No retries:
// reset the fake's faults before using the oracle. A non-2xx JSON answer or success:false throws.

export interface Envelope {
  readonly success: boolean;
  readonly total_rows: number;
  readonly msg: unknown;
}

export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** /api/v2/data/query.json?criteria=<rma> with the RMA string percent-encoded. */
export function rmaUrl(baseUrl: string, rma: string): string {
  return `${trimBase(baseUrl)}/api/v2/data/query.json?criteria=${encodeURIComponent(rma)}`;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`oracle: HTTP ${response.status} for ${url}`);
  return (await response.json()) as T;
}

/** Rows of an RMA query; msg {} (no rows) is an empty list; success:false throws. */
export async function queryRows<T>(baseUrl: string, rma: string): Promise<T[]> {
  const env = await getJson<Envelope>(rmaUrl(baseUrl, rma));
  if (!env.success) throw new Error(`oracle: query failed (${String(env.msg)}): ${rma}`);
  return Array.isArray(env.msg) ? (env.msg as T[]) : [];
}

export async function getBytes(url: string): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(url);
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}
