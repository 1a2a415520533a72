// Every exported CSV is one document: a header block of '#' lines saying what produced the
// numbers, then one RFC 4180 table. A scientist can reproduce the table from the header alone:
// the app version and data release, the exact link, every processing parameter, and per group the
// experiments used and those left out with the reason. Readers skip the block with
// pandas.read_csv(path, comment='#') or R read.csv(path, comment.char = '#').
//   # Brain Street View for the browser 0.1.0
//   # view: <what the table is>
//   # data release: ccf2017-mcc2019
//   # url: <the exact view>
//   # exported: <ISO 8601 time of the export>
//   # <parameter>: <value>                   (one line each)
//   # group <label>: <n> used: <ids …>; <m> excluded: <id> (<reason>); …
//   # note: <definition or convention>
//   <column>,<column>,…
// Header values never contain line breaks (they are replaced by spaces).
import { APP_NAME, APP_VERSION, DATA_RELEASE } from '../config/app.ts';
import { toCsv, type CsvTable } from '../compute/metadata-csv.ts';

export interface CsvGroup {
  readonly label: string;
  /** Experiments whose data entered the numbers of this group. */
  readonly used: readonly number[];
  /** Planned for this group but left out, with the reason (failed download, no injection record…). */
  readonly excluded: ReadonlyArray<{ readonly experimentId: number; readonly reason: string }>;
  /** Extra facts about the group (e.g. its AP bin edges and centre). */
  readonly detail?: string;
}

export interface CsvDocument {
  /** What the table holds, e.g. "Upstream projectome — per-AP target statistics". */
  readonly view: string;
  /** The exact link to the view (window.location.href at export time). */
  readonly url: string;
  /** Processing and display parameters, in the order shown. */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly groups?: readonly CsvGroup[];
  /** Definitions and conventions the numbers follow. */
  readonly notes?: readonly string[];
  readonly table: CsvTable;
  /** When the file was made (default: now). */
  readonly exportedAt?: Date;
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

export function groupLine(g: CsvGroup): string {
  const used = `${g.used.length} used${g.used.length > 0 ? `: ${g.used.join(' ')}` : ''}`;
  const excluded =
    g.excluded.length > 0 ? `; ${g.excluded.length} excluded: ${g.excluded.map((x) => `${x.experimentId} (${x.reason})`).join('; ')}` : '; 0 excluded';
  return `group ${g.label}: ${used}${excluded}${g.detail ? `; ${g.detail}` : ''}`;
}

export function csvDocument(doc: CsvDocument): string {
  const lines = [
    `${APP_NAME} ${APP_VERSION}`,
    `view: ${doc.view}`,
    `data release: ${DATA_RELEASE}`,
    `url: ${doc.url}`,
    `exported: ${(doc.exportedAt ?? new Date()).toISOString()}`,
    ...doc.parameters.map(([k, v]) => `${k}: ${v}`),
    ...(doc.groups ?? []).map(groupLine),
    ...(doc.notes ?? []).map((n) => `note: ${n}`),
  ].map((l) => `# ${oneLine(l)}`);
  return `${lines.join('\r\n')}\r\n${toCsv(doc.table)}`;
}

/** The AP convention, stated in every CSV that has an AP column (DESIGN §4). */
export const AP_CONVENTION_NOTE =
  "ap_um = AP grid index × 100 µm, the anterior face of the 100 µm coronal slice (bsv's label); the slice spans [ap_um, ap_um + 100). CCF coordinates, not bregma.";

/** Full precision in tables; this on screen (4 significant digits, no exponent in 0.001–9999). */
export function formatValue(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}
