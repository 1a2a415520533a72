// Shared helpers for the fake server's own Vitest tests (not used by the server).
import { gunzipSync } from 'fflate';

export interface ParsedNrrd {
  readonly fields: Map<string, string>;
  readonly headerText: string;
  readonly payload: Uint8Array;
}

/** Splits an NRRD file at the first blank line; the payload is left encoded. */
export function parseNrrd(bytes: Uint8Array): ParsedNrrd {
  let end = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no blank line after the NRRD header');
  const headerText = new TextDecoder().decode(bytes.subarray(0, end));
  const fields = new Map<string, string>();
  for (const line of headerText.split('\n').slice(1)) {
    if (line.startsWith('#')) continue;
    const at = line.indexOf(': ');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 2));
  }
  return { fields, headerText, payload: bytes.subarray(end + 2) };
}

export function gunzip(payload: Uint8Array): Uint8Array {
  return gunzipSync(payload);
}

/** Uncompressed size recorded in a gzip member's trailer (ISIZE, mod 2^32). */
export function gzipDeclaredSize(payload: Uint8Array): number {
  const n = payload.length;
  return ((payload[n - 4] ?? 0) | ((payload[n - 3] ?? 0) << 8) | ((payload[n - 2] ?? 0) << 16) | ((payload[n - 1] ?? 0) << 24)) >>> 0;
}

export async function getBytes(url: string): Promise<{ response: Response; bytes: Uint8Array }> {
  const response = await fetch(url);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** query.json URL with the RMA string percent-encoded as a client would send it. */
export function queryUrl(base: string, rma: string, param: 'criteria' | 'q' = 'criteria'): string {
  return `${base}/api/v2/data/query.json?${param}=${encodeURIComponent(rma)}`;
}
