// How much the definitions of issue #11 move the numbers, measured on the fake Allen world (real
// ontology and metadata when ../shared/allen exists, synthetic grids): the old definition against
// the new one for the same experiments. Uses the independent oracle (e2e/oracle) for the new
// numbers and small inline variants for the old ones. Prints a table; not a test.
//   npx tsx scripts/measure-definitions.ts [--sources 8]
import { startFakeAllen } from '../e2e/fake-allen/server/server.ts';
import {
  assignToRegions,
  decodeNrrd,
  grid,
  groupMeans,
  isValid,
  loadOracleWorld,
  psuInjectionVolume,
  regionMask,
  searchExperiments,
  targetStats,
  NX,
  NY,
  NZ,
  VOXELS,
  type OracleWorld,
} from '../e2e/oracle/index.ts';

const TARGETS = ['Isocortex', 'OLF', 'HPF', 'STR', 'CP', 'ACB', 'PAL', 'TH', 'HY', 'MB', 'SCs', 'CB'];

function quantiles(xs: number[]): string {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return 'n/a';
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] ?? NaN;
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  return `median ${pct(q(0.5))}, 90th ${pct(q(0.9))}, max ${pct(q(1))} (n = ${v.length})`;
}

/** Coverage (0…1) of each 100 µm voxel by a structure's 50 µm mask: the old numeric masks. */
function coverage50(labels50: Uint32Array, subtree: ReadonlySet<number>): Float64Array {
  const cov = new Float64Array(VOXELS);
  const nx = NX * 2,
    ny = NY * 2,
    nz = NZ * 2;
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (!subtree.has(labels50[i] ?? 0)) continue;
        const k = (x >> 1) + NX * ((y >> 1) + NY * (z >> 1));
        cov[k] = (cov[k] ?? 0) + 1 / 8;
      }
  return cov;
}

function weightedStats(vol: Float64Array, w: Float64Array): { mean: number; max: number } {
  let sw = 0,
    swd = 0,
    max = -Infinity;
  for (let i = 0; i < VOXELS; i++) {
    const wi = w[i] ?? 0;
    const d = vol[i] ?? NaN;
    if (wi === 0 || Number.isNaN(d)) continue;
    sw += wi;
    swd += wi * d;
    if (d > max) max = d;
  }
  return { mean: sw > 0 ? swd / sw : NaN, max: sw > 0 ? max : NaN };
}

/** The old subtraction: the other half NaN where either side had no data (now a valid 0). */
async function oldSubtractedMean(w: OracleWorld, ids: readonly number[]): Promise<Float64Array> {
  const sum = new Float64Array(VOXELS);
  const n = new Float64Array(VOXELS);
  for (const id of ids) {
    const d = await grid(w, id);
    const e = w.experimentById.get(id);
    if (!d || !e) continue;
    const left = e.z < 5700;
    for (let ml = 0; ml < NZ; ml++) {
      const mirror = NZ - 1 - ml;
      const injected = left ? ml < 57 : ml >= 57;
      for (let j = 0; j < NX * NY; j++) {
        const a = d[ml * NX * NY + j] ?? NaN;
        const b = d[mirror * NX * NY + j] ?? NaN;
        if (!isValid(a) || !isValid(b)) continue;
        const k = ml * NX * NY + j;
        sum[k] = (sum[k] ?? 0) + (injected ? a - b : 0);
        n[k] = (n[k] ?? 0) + 1;
      }
    }
  }
  return Float64Array.from(sum, (s, i) => ((n[i] ?? 0) > 0 ? s / (n[i] ?? 1) : NaN));
}

function hasAcronym(w: OracleWorld, acronym: string): boolean {
  try {
    w.ontology.idOf(acronym);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const nSources = Number(process.argv[process.argv.indexOf('--sources') + 1] ?? 8) || 8;
  const fake = await startFakeAllen({ port: 0, seed: 1, cacheDir: null, warm: false });
  const base = `http://127.0.0.1:${fake.port}`;
  try {
    const w = await loadOracleWorld(base);
    const rel = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? Math.abs(a - b) / Math.abs(b) : NaN);
    console.log(`fake world: ${w.experiments.length} experiments`);

    // 1. the hidden product filter
    const notProjection = w.experiments.filter((e) => e.productId !== 5).length;
    const cpUpstream = (await (await fetch(`${base}/__fake/upstream?target=CP`)).json()) as { experiments: Array<{ experimentId: number }> };
    const upIds = cpUpstream.experiments.map((e) => e.experimentId);
    const upDropped = upIds.filter((id) => w.experimentById.get(id)?.productId !== 5).length;
    console.log(
      `products: ${notProjection} of ${w.experiments.length} experiments (${((100 * notProjection) / w.experiments.length).toFixed(1)} %) are not product 5 and were dropped; of CP's upstream experiments ${upDropped} of ${upIds.length} (${((100 * upDropped) / upIds.length).toFixed(1)} %)`,
    );

    // 2. the divisor: metadata injection-volume → PSU injection volume
    const ratios: number[] = [];
    for (const id of upIds) {
      const psu = await psuInjectionVolume(w, id);
      const meta = w.experimentById.get(id)?.injectionVolume ?? NaN;
      if (psu !== null && psu > 0) ratios.push(meta / psu - 1);
    }
    console.log(
      `divisor: a per-experiment normalised value moves by metadata/PSU − 1: ${quantiles(ratios.map(Math.abs))} (signed: ${Math.min(...ratios).toFixed(3)} … ${Math.max(...ratios).toFixed(3)})`,
    );

    // sources: structures with 3–8 experiments among CP's upstream
    const counts = new Map<number, number>();
    for (const id of upIds) {
      const s = w.experimentById.get(id)?.structureId;
      if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const sources = [...counts]
      .filter(([, n]) => n >= 3 && n <= 8)
      .map(([s]) => w.ontology.acronymOf(s) ?? String(s))
      .slice(0, nSources);
    const ids = searchExperiments(w, { regions: sources, products: [], line: { kind: 'all' }, primaryOnly: true });
    const groups = assignToRegions(w, sources, ids, true)
      .regions.filter((r) => r.ids.length > 0)
      .map((r) => ({ label: r.region, ids: r.ids }));
    const means = await groupMeans(w, groups, { normalization: 'none', subtract: false });

    // 3. numeric masks: 50 µm coverage-weighted (old) → exact 100 µm (new)
    const ann50 = decodeNrrd(
      new Uint8Array(await (await fetch(`${base}/informatics-archive/current-release/mouse_ccf/annotation/ccf_2017/annotation_50.nrrd`)).arrayBuffer()),
    );
    const labels50 = ann50.data as Uint32Array;
    const meanMoves: number[] = [],
      maxMoves: number[] = [];
    for (const t of TARGETS.filter((a) => hasAcronym(w, a))) {
      const cov = coverage50(labels50, w.ontology.subtree(w.ontology.idOf(t)));
      const mask = regionMask(w, t, 'both');
      for (const m of means) {
        const now = targetStats(m.mean, mask);
        const old = weightedStats(m.mean, cov);
        meanMoves.push(rel(old.mean, now.mean));
        maxMoves.push(rel(old.max, now.max));
      }
    }
    console.log(
      `masks (matrix cells, ${groups.length} sources × ${TARGETS.length} targets): mean moves ${quantiles(meanMoves)}; max moves ${quantiles(maxMoves)}`,
    );

    // 4. subtraction: the other half a valid 0 (new) instead of no data where either side had none (old)
    const subMoves: number[] = [];
    for (const g of groups) {
      const [now] = await groupMeans(w, [g], { normalization: 'none', subtract: true });
      const old = await oldSubtractedMean(w, g.ids);
      for (const t of TARGETS.filter((a) => hasAcronym(w, a))) {
        for (const hemisphere of ['left', 'right'] as const) {
          const mask = regionMask(w, t, hemisphere);
          subMoves.push(rel(targetStats(old, mask).mean, targetStats(now?.mean ?? old, mask).mean));
        }
      }
    }
    console.log(`subtraction (per-hemisphere target means): ${quantiles(subMoves)}`);
    console.log(
      'AP labels: hover and CSV said index × 100 + 50 (the slab centre); now index × 100 like the slider: −50 µm. A link with ap=5550 opened index 56 (5600), now 55 (5500).',
    );
  } finally {
    await fake.close();
  }
}

await main();
