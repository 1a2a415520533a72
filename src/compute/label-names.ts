// Names for the labels of a user's annotation volume, from a small CSV or JSON file:
//   CSV with a header naming an `id` column and a `name` and/or `acronym` column (any order, e.g.
//   the Kim-lab UnifiedAtlas_Label_ontology_v2.csv), or two headerless columns id,name;
//   JSON {"<id>": "name"} or [{"id": 1, "name": "…", "acronym": "…"}].
// Quoted CSV cells ("a, b" and "" escapes) are understood. Bad input throws an Error saying why.

export interface LabelName {
  readonly name: string;
  readonly acronym?: string;
}

export const MAX_LABEL_NAMES = 100_000;

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    cell = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((v) => v.trim() !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  if (row.some((v) => v.trim() !== '')) rows.push(row);
  return rows;
}

const labelId = (raw: unknown): number | null => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 0xffffffff ? n : null;
};

function fromCsv(text: string): Map<number, LabelName> {
  const rows = csvRows(text);
  const head = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const hasHeader = head.includes('id');
  const idCol = hasHeader ? head.indexOf('id') : 0;
  const nameCol = hasHeader ? head.indexOf('name') : 1;
  const acrCol = hasHeader ? head.indexOf('acronym') : -1;
  if (nameCol < 0 && acrCol < 0) throw new Error('the CSV header has an "id" column but no "name" or "acronym" column');
  const out = new Map<number, LabelName>();
  for (const [k, r] of rows.slice(hasHeader ? 1 : 0).entries()) {
    const id = labelId(r[idCol]);
    if (id === null) throw new Error(`row ${k + (hasHeader ? 2 : 1)}: "${(r[idCol] ?? '').slice(0, 20)}" is not a label id (an integer > 0)`);
    const name = (nameCol >= 0 ? r[nameCol] : undefined)?.trim() ?? '';
    const acronym = (acrCol >= 0 ? r[acrCol] : undefined)?.trim() ?? '';
    if (!name && !acronym) throw new Error(`label ${id} has no name`);
    out.set(id, { name: name || acronym, ...(acronym ? { acronym } : {}) });
  }
  return out;
}

function fromJson(value: unknown): Map<number, LabelName> {
  const out = new Map<number, LabelName>();
  const entries: [unknown, unknown, unknown][] = Array.isArray(value)
    ? value.map((e: unknown) => {
        const o = (e ?? {}) as Record<string, unknown>;
        return [o.id, o.name, o.acronym];
      })
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [k, v, undefined])
      : [];
  if (entries.length === 0) throw new Error('the JSON is neither {"<id>": "name", …} nor [{"id": …, "name": …}, …]');
  for (const [rawId, rawName, rawAcr] of entries) {
    const id = labelId(rawId);
    if (id === null) throw new Error(`"${String(rawId).slice(0, 20)}" is not a label id (an integer > 0)`);
    const name = typeof rawName === 'string' ? rawName.trim() : '';
    const acronym = typeof rawAcr === 'string' ? rawAcr.trim() : '';
    if (!name && !acronym) throw new Error(`label ${id} has no name`);
    out.set(id, { name: name || acronym, ...(acronym ? { acronym } : {}) });
  }
  return out;
}

/** Label id → name (and acronym) from the text of a CSV or JSON file. */
export function parseLabelNames(text: string): Map<number, LabelName> {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '') throw new Error('the file is empty');
  let names: Map<number, LabelName>;
  if (t.startsWith('{') || t.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      throw new Error(`the JSON does not parse (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    names = fromJson(value);
  } else names = fromCsv(t);
  if (names.size === 0) throw new Error('the file names no label');
  if (names.size > MAX_LABEL_NAMES) throw new Error(`the file names ${names.size} labels; at most ${MAX_LABEL_NAMES}`);
  return names;
}
