// Allen's JSON envelope: {success, id, start_row, num_rows, total_rows, msg}. Failures are HTTP 200
// with success:false and msg an error string ("Error in query: ...").

export interface Envelope {
  readonly success: boolean;
  readonly id: number;
  readonly start_row: number;
  readonly num_rows: number;
  readonly total_rows: number;
  readonly msg: unknown;
}

/** A query Allen would answer with success:false; the message follows "Error in query: ". */
export class QueryError extends Error {}

export function okEnvelope(page: readonly unknown[], startRow: number, totalRows: number): Envelope {
  return { success: true, id: 0, start_row: startRow, num_rows: page.length, total_rows: totalRows, msg: page };
}

export function failEnvelope(message: string): Envelope {
  return { success: false, id: -1, start_row: 0, num_rows: 0, total_rows: 0, msg: `Error in query: ${message}` };
}

export interface Paging {
  readonly startRow: number;
  /** null = all rows */
  readonly numRows: number | null;
}

export function pageOf<T>(rows: readonly T[], paging: Paging): T[] {
  const end = paging.numRows === null ? rows.length : paging.startRow + paging.numRows;
  return rows.slice(paging.startRow, end);
}

/** 'all' -> null; a non-negative integer; anything else is a query error. */
export function parseRowCount(value: string, what: string): number | null {
  const v = value.replace(/^['"]|['"]$/g, '');
  if (v === 'all') return null;
  if (!/^\d+$/.test(v)) throw new QueryError(`${what} must be a non-negative integer or 'all', got '${value}'`);
  return Number(v);
}
