// Locates the real Allen fixtures (read-only, never copied into the repo): BSV_SHARED_ALLEN, then
// <repo>/../shared/allen, then /work/shared/allen.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const ONTOLOGY_FILE = 'ontology/structure_graph_1_msg.json';
const EXPERIMENTS_FILE = 'experiments/api_connectivity_experiments.json';

export function findSharedAllen(): string | null {
  const candidates = [process.env.BSV_SHARED_ALLEN, join(REPO_ROOT, '../shared/allen'), '/work/shared/allen'];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, ONTOLOGY_FILE)) && existsSync(join(dir, EXPERIMENTS_FILE))) return dir;
  }
  return null;
}

/** One row of model::ApiConnectivity exactly as Allen sends it (allen-api.md §1.3b). */
export interface ApiConnectivityRow {
  data_set_id: number;
  gender: string | null;
  /** Slash-separated structure ids, e.g. "985/993"; the first is NOT the primary. */
  injection_structures: string;
  /** mm³ */
  injection_volume: number;
  /** CCF µm */
  injection_x: number;
  injection_y: number;
  injection_z: number;
  product_id: number;
  specimen_name: string | null;
  storage_directory: string | null;
  strain: string | null;
  structure_abbrev: string;
  structure_id: number;
  structure_name: string;
  transgenic_line: { id: number; name: string; description: string | null; [key: string]: unknown } | null;
  transgenic_line_id: number | null;
}

export interface SharedAllenData {
  readonly dir: string;
  /** Text of the msg array of structure_graph_download/1.json. */
  readonly ontologyText: string;
  readonly experiments: ApiConnectivityRow[];
}

export function loadSharedAllen(dir: string): SharedAllenData {
  const ontologyText = readFileSync(join(dir, ONTOLOGY_FILE), 'utf8');
  const experiments = JSON.parse(readFileSync(join(dir, EXPERIMENTS_FILE), 'utf8')) as ApiConnectivityRow[];
  return { dir, ontologyText, experiments };
}
