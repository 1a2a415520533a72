// Per-experiment metadata table that bsv `fetch_connectivity_data` exports
// (<file_name>_metadata.csv), plus an RFC 4180 CSV writer. bsv columns first (ExperimentID,
// MouseLine with empty → "Wild-type", InjectionRegion, InjectionRegionID, InjectionAP/DV/ML in CCF
// µm, InjectionVolume in mm³, InjectionIntensity), then Sex (bsv looked for a `sex` column that does
// not exist, Q17), Group and Excluded (the reason, empty when used). Unknown values are empty cells.

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly CsvCell[]>;
}

export interface MetadataExperiment {
  readonly id: number;
  readonly transgenicLine: string | null;
  readonly structureAcronym: string | null;
  readonly structureId: number | null;
  /** CCF µm [AP, DV, ML]. */
  readonly injectionCoordUm: readonly [number, number, number] | null;
  readonly injectionVolumeMm3: number | null;
  /** sum_pixel_intensity of the structure-997, hemisphere-3 injection record, when known. */
  readonly injectionIntensity?: number | null;
  readonly gender?: string | null;
}

export interface MetadataOptions {
  /** Group label per experiment id (e.g. from an aggregate plan). */
  readonly groupOf?: ReadonlyMap<number, string>;
  /** Exclusion reason per experiment id. */
  readonly excludedReason?: ReadonlyMap<number, string>;
}

export const METADATA_COLUMNS = [
  'ExperimentID',
  'MouseLine',
  'InjectionRegion',
  'InjectionRegionID',
  'InjectionAP',
  'InjectionDV',
  'InjectionML',
  'InjectionVolume',
  'InjectionIntensity',
  'Sex',
  'Group',
  'Excluded',
] as const;

export function buildMetadataTable(experiments: readonly MetadataExperiment[], options: MetadataOptions = {}): CsvTable {
  const rows = experiments.map((e): CsvCell[] => [
    e.id,
    e.transgenicLine === null || e.transgenicLine === '' ? 'Wild-type' : e.transgenicLine,
    e.structureAcronym,
    e.structureId,
    e.injectionCoordUm?.[0],
    e.injectionCoordUm?.[1],
    e.injectionCoordUm?.[2],
    e.injectionVolumeMm3,
    e.injectionIntensity,
    e.gender,
    options.groupOf?.get(e.id),
    options.excludedReason?.get(e.id),
  ]);
  return { columns: [...METADATA_COLUMNS], rows };
}

/**
 * One CSV field. Numbers use the shortest text that round-trips (String(n)); non-finite numbers,
 * null and undefined are empty. Text is quoted when it contains a comma, quote, CR or LF or has
 * leading/trailing spaces; quotes are doubled.
 */
export function formatCsvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = typeof v === 'boolean' ? String(v) : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with CRLF line endings and a header row. */
export function toCsv(table: CsvTable): string {
  const lines = [table.columns.map(formatCsvField).join(','), ...table.rows.map((r) => r.map(formatCsvField).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** Minimal RFC 4180 parser (for round-trip tests and re-import); returns rows of raw strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
