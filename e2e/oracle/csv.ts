// Parser for the app's CSV exports: leading '#' comment lines, then RFC 4180 CSV.
//   comments: every leading '#' line without the '#' and one following space;
//   header:   those of the form '# key: value' (key = text before the first ': ').
//   CSV: fields separated by ',', records by CRLF or LF; a field in double quotes may hold commas,
//   line breaks and "" (a quote). The first record is the column names; empty lines are skipped.
//   A leading byte-order mark is ignored.

export interface AppCsv {
  readonly header: Map<string, string>;
  readonly comments: string[];
  readonly columns: string[];
  readonly rows: string[][];
}

function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let touched = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      touched = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (touched || field !== '') {
        record.push(field);
        records.push(record);
      }
      record = [];
      field = '';
      touched = false;
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (touched || field !== '') {
    record.push(field);
    records.push(record);
  }
  return records;
}

export function parseAppCsv(text: string): AppCsv {
  let rest = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const header = new Map<string, string>();
  const comments: string[] = [];
  while (rest.startsWith('#')) {
    const nl = rest.indexOf('\n');
    const line = (nl < 0 ? rest : rest.slice(0, nl)).replace(/\r$/, '');
    rest = nl < 0 ? '' : rest.slice(nl + 1);
    const body = line.slice(1).replace(/^ /, '');
    comments.push(body);
    const at = body.indexOf(': ');
    if (at > 0) header.set(body.slice(0, at).trim(), body.slice(at + 2).trim());
  }
  const [columns = [], ...rows] = parseRecords(rest);
  return { header, comments, columns, rows };
}
