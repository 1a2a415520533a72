// Parser for RMA stage strings (allen-api.md §1.2), e.g.
//   model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in1,2][is_injection$eqfalse],
//   rma::include,structure,rma::options[num_rows$eq'all'][start_row$eq0]
//   service::mouse_connectivity_injection_structure[injection_structures$eqVISp][primary_structure_only$eqtrue]
// Segments are split at top-level commas; each is `axis::name[filters]`, `name[filters]`, or `[filters]`.

export type RmaOperator = 'eq' | 'ne' | 'li' | 'gt' | 'lt' | 'ge' | 'le' | 'in' | 'il';

export interface RmaFilter {
  readonly field: string;
  readonly op: RmaOperator;
  /** Comma-separated values, unquoted. */
  readonly values: readonly string[];
}

export interface RmaSegment {
  /** 'model' | 'service' | 'rma' | 'pipe' | 'attribute', or null for a bare association / filters. */
  readonly axis: string | null;
  readonly name: string | null;
  readonly filters: readonly RmaFilter[];
  readonly text: string;
}

export class RmaSyntaxError extends Error {}

const AXES = new Set(['model', 'service', 'rma', 'pipe', 'attribute', 'criteria']);
const OPERATORS = new Set<string>(['eq', 'ne', 'li', 'gt', 'lt', 'ge', 'le', 'in', 'il']);

function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth += 1;
    else if (c === ']' || c === ')') {
      depth -= 1;
      if (depth < 0) throw new RmaSyntaxError(`unbalanced '${c}' at ${i}`);
    } else if (c === separator && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new RmaSyntaxError('unterminated quote');
  if (depth !== 0) throw new RmaSyntaxError('unbalanced brackets');
  out.push(text.slice(start));
  return out;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === "'" || v[0] === '"') && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

function parseFilter(body: string): RmaFilter {
  const m = /^\s*([A-Za-z_][\w.-]*)\$([a-z]{2})([\s\S]*)$/.exec(body);
  if (!m) throw new RmaSyntaxError(`cannot parse filter [${body}]`);
  const [, field = '', op = '', rest = ''] = m;
  if (!OPERATORS.has(op)) throw new RmaSyntaxError(`unknown operator $${op} in [${body}]`);
  const values = splitTopLevel(rest, ',').map(unquote);
  return { field, op: op as RmaOperator, values };
}

function parseSegment(raw: string): RmaSegment {
  const text = raw.trim();
  if (text === '') throw new RmaSyntaxError('empty stage');
  const bracket = text.indexOf('[');
  const head = bracket < 0 ? text : text.slice(0, bracket);
  let rest = bracket < 0 ? '' : text.slice(bracket);
  let axis: string | null = null;
  let name: string | null = null;
  if (head.includes('::')) {
    const [a = '', n = ''] = head.split('::');
    if (!AXES.has(a)) throw new RmaSyntaxError(`unknown axis '${a}::'`);
    axis = a;
    name = n.trim();
  } else if (head.trim() !== '') {
    name = head.trim();
  }
  if (name !== null && !/^[A-Za-z_][\w.]*(\(.*\))?$/.test(name)) throw new RmaSyntaxError(`bad name '${name}'`);
  const filters: RmaFilter[] = [];
  while (rest.length > 0) {
    if (rest[0] !== '[') throw new RmaSyntaxError(`unexpected '${rest.slice(0, 20)}'`);
    const parts = rest;
    let depth = 0;
    let end = -1;
    let quote: string | null = null;
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[') depth += 1;
      else if (c === ']') {
        depth -= 1;
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) throw new RmaSyntaxError('unterminated [');
    filters.push(parseFilter(rest.slice(1, end)));
    rest = rest.slice(end + 1);
  }
  return { axis, name, filters, text };
}

export function parseRma(query: string): RmaSegment[] {
  if (query.trim() === '') throw new RmaSyntaxError('empty query');
  return splitTopLevel(query, ',').map(parseSegment);
}

/** First filter on `field` (case-sensitive), if any. */
export function findFilter(filters: readonly RmaFilter[], field: string): RmaFilter | undefined {
  return filters.find((f) => f.field === field);
}
