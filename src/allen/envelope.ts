// The Allen JSON envelope {success, id?, start_row?, num_rows?, total_rows?, msg} and row
// validation. success:false carries an error string in msg (HTTP 200!) → kind 'service'
// (retryable). msg: {} (an empty object) means "no rows". Rows are validated with zod against
// only the fields we use.
import { z } from 'zod';
import { AllenError } from './errors.ts';
import type { Http, RequestSpec } from './http.ts';

/** A finite number, accepting numeric strings ("12.5"); rejects "", NaN and ±Infinity. */
export const numeric = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value.trim());
  if (!Number.isFinite(n)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a finite number, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return n;
});

/** An integer id (number or numeric string). */
export const intId = numeric.refine((n) => Number.isInteger(n), 'expected an integer');

/** A boolean that may arrive as "true"/"false". */
export const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

const envelopeSchema = z.object({
  success: boolish,
  id: z.unknown().optional(),
  start_row: numeric.optional(),
  num_rows: numeric.optional(),
  total_rows: numeric.optional(),
  msg: z.unknown(),
});

export interface EnvelopePage {
  readonly rows: readonly unknown[];
  readonly startRow: number;
  /** total_rows when the envelope states it, else the rows of this page. */
  readonly totalRows: number;
}

function specError(spec: RequestSpec, kind: AllenError['kind'], detail: string): AllenError {
  return new AllenError({
    kind,
    what: spec.what,
    detail,
    url: spec.url,
    experimentId: spec.experimentId,
  });
}

/** Parse an envelope. Throws AllenError 'service' on success:false, 'validation' on a bad shape. */
export function parseEnvelope(json: unknown, spec: RequestSpec): EnvelopePage {
  const env = envelopeSchema.safeParse(json);
  if (!env.success) {
    throw specError(spec, 'validation', `response from ${spec.url} is not an Allen envelope (${z.prettifyError(env.error)})`);
  }
  const { success, msg } = env.data;
  if (!success) {
    const text = typeof msg === 'string' ? msg : JSON.stringify(msg);
    throw specError(spec, 'service', `Allen service error "${text}" from ${spec.url}`);
  }
  let rows: readonly unknown[];
  if (Array.isArray(msg)) rows = msg;
  else if (msg !== null && typeof msg === 'object' && Object.keys(msg).length === 0) rows = [];
  else throw specError(spec, 'validation', `msg of the envelope from ${spec.url} is neither a list nor {}`);
  return {
    rows,
    startRow: env.data.start_row ?? 0,
    totalRows: env.data.total_rows ?? rows.length,
  };
}

/** Validate every row; a bad row fails the whole page with kind 'validation' (not retried). */
export function parseRows<T>(rows: readonly unknown[], schema: z.ZodType<T>, spec: RequestSpec): T[] {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = schema.safeParse(rows[i]);
    if (!r.success) {
      throw specError(spec, 'validation', `row ${i} from ${spec.url} is invalid: ${z.prettifyError(r.error)}`);
    }
    out.push(r.data);
  }
  return out;
}

export interface PagedRows<T> {
  readonly rows: T[];
  readonly totalRows: number;
}

/**
 * Fetch every page: `urlFor(startRow)` builds the URL of the page starting at startRow. Pages
 * until total_rows rows were received; stops on an empty page (never loops forever).
 */
export async function fetchAllRows<T>(
  http: Http,
  base: Omit<RequestSpec, 'url'>,
  urlFor: (startRow: number) => string,
  schema: z.ZodType<T>,
  maxPages = 1000,
): Promise<PagedRows<T>> {
  const rows: T[] = [];
  let total = 0;
  for (let page = 0; page < maxPages; page++) {
    const spec: RequestSpec = { ...base, url: urlFor(rows.length) };
    const got = await http.json(spec, (json) => {
      const env = parseEnvelope(json, spec);
      return { rows: parseRows(env.rows, schema, spec), totalRows: env.totalRows };
    });
    rows.push(...got.rows);
    total = Math.max(total, got.totalRows);
    if (got.rows.length === 0 || rows.length >= total) break;
  }
  return { rows, totalRows: total };
}

/** `{apiBase}/api/v2/data/query.json?criteria=<criteria>` with the criteria URL-encoded. */
export function queryUrl(apiBase: string, criteria: string): string {
  return `${apiBase}/api/v2/data/query.json?criteria=${encodeURIComponent(criteria)}`;
}
