// Experiment search on the real Allen metadata (2,992 ApiConnectivity rows and the real ontology),
// through the fallback route. Skips cleanly when /work/shared/allen is absent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeClient, envelope, serviceFailure } from './fake-fetch.ts';
import { ontologyFromRows } from './ontology-fetch.ts';
import type { ExperimentQuery } from './types.ts';

function sharedFile(rel: string): string | null {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  for (const root of [process.env.BSV_SHARED_ALLEN, resolve(repo, '../shared/allen'), '/work/shared/allen']) {
    if (root && existsSync(resolve(root, rel))) return resolve(root, rel);
  }
  return null;
}
const ONTOLOGY_FILE = sharedFile('ontology/structure_graph_1_msg.json');
const EXPERIMENTS_FILE = sharedFile('experiments/api_connectivity_experiments.json');
const isService = (url: string): boolean => (new URL(url).searchParams.get('criteria') ?? '').startsWith('service::');

describe.skipIf(!ONTOLOGY_FILE || !EXPERIMENTS_FILE)('fallback filtering on the real 2,992 experiments', () => {
  const rawRows = EXPERIMENTS_FILE ? (JSON.parse(readFileSync(EXPERIMENTS_FILE, 'utf8')) as Array<Record<string, unknown>>) : [];
  // When the file is absent the suite is skipped; a root-only tree keeps the setup valid.
  const rootOnly = [
    {
      id: 997,
      acronym: 'root',
      name: 'root',
      color_hex_triplet: 'FFFFFF',
      graph_order: 0,
      parent_structure_id: null,
      children: [],
    },
  ];
  const ontology = ontologyFromRows(ONTOLOGY_FILE ? (JSON.parse(readFileSync(ONTOLOGY_FILE, 'utf8')) as unknown[]) : rootOnly);
  const id = (a: string): number => ontology.byAcronym(a)?.id ?? -1;
  const search = async (q: ExperimentQuery) => {
    const { client } = fakeClient((url) => (isService(url) ? serviceFailure() : envelope(rawRows)));
    return client.searchExperiments(q, ontology);
  };

  it('VISp primary-only = the rows whose primary abbrev is exactly VISp (every product), all inside VISp', async () => {
    const res = await search({
      regionIds: [id('VISp')],
      line: { kind: 'all' },
      primaryOnly: true,
    });
    const expected = rawRows.filter((r) => r.structure_abbrev === 'VISp').length;
    expect(expected).toBeGreaterThan(0);
    expect(res.experiments).toHaveLength(expected);
    const visp = ontology.expand([id('VISp')]);
    expect(res.experiments.every((e) => visp.has(e.structureId))).toBe(true);
  });

  it('VIS wild type excludes VISC; MO excludes MOB', async () => {
    const vis = await search({
      regionIds: [id('VIS')],
      line: { kind: 'wild-type' },
      primaryOnly: true,
    });
    expect(vis.experiments.length).toBeGreaterThan(0);
    expect(vis.experiments.some((e) => e.structureAcronym === 'VISC')).toBe(false);
    expect(vis.experiments.every((e) => e.structureAcronym.startsWith('VIS') && e.transgenicLine === null)).toBe(true);
    const mo = await search({ regionIds: [id('MO')], line: { kind: 'all' }, primaryOnly: true });
    expect(mo.experiments.length).toBeGreaterThan(0);
    expect(mo.experiments.every((e) => e.structureAcronym === 'MOp' || e.structureAcronym === 'MOs')).toBe(true);
  });
});
