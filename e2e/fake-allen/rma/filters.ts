// Generic RMA criteria on flat rows: $eq $ne $in $gt $lt $ge $le $li $il, values coerced to the
// row value's type (numbers numerically, booleans from 'true'/'false', strings exactly or by
// '*' wildcards for $li / $il).
import type { RmaFilter } from './parser.ts';

type Scalar = string | number | boolean | null | undefined;

function coerce(rowValue: Scalar, value: string): Scalar {
  if (typeof rowValue === 'number') return Number(value);
  if (typeof rowValue === 'boolean') return value === 'true' || value === 't';
  if (rowValue === null || rowValue === undefined) return value === 'null' ? null : value;
  return value;
}

function like(rowValue: Scalar, pattern: string, caseInsensitive: boolean): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '').test(String(rowValue ?? ''));
}

export function matchesFilter(rowValue: Scalar, filter: RmaFilter): boolean {
  const values = filter.values.map((v) => coerce(rowValue, v));
  const first = values[0];
  switch (filter.op) {
    case 'eq':
    case 'in':
      return values.some((v) => v === rowValue);
    case 'ne':
      return values.every((v) => v !== rowValue);
    case 'gt':
      return typeof rowValue === 'number' && typeof first === 'number' && rowValue > first;
    case 'lt':
      return typeof rowValue === 'number' && typeof first === 'number' && rowValue < first;
    case 'ge':
      return typeof rowValue === 'number' && typeof first === 'number' && rowValue >= first;
    case 'le':
      return typeof rowValue === 'number' && typeof first === 'number' && rowValue <= first;
    case 'li':
      return filter.values.some((v) => like(rowValue, v, false));
    case 'il':
      return filter.values.some((v) => like(rowValue, v, true));
  }
}

export function rowMatches(row: Readonly<Record<string, unknown>>, filters: readonly RmaFilter[]): boolean {
  return filters.every((f) => {
    const value = row[f.field];
    const scalar: Scalar = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null ? value : undefined;
    return matchesFilter(scalar, f);
  });
}
