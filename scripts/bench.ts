// `npm run bench`: times every compute bench case and prints one table with the DESIGN.md §6
// budget next to each measurement. Budgets are printed, never asserted. A plain memory copy
// (Float32Array.prototype.set over 100 grids' worth of bytes) is measured in the same run so
// throughputs can be read as a fraction of this machine's copy bandwidth.
import { DENSITY_SHAPE, voxelCount } from '../src/compute/grid';
import { cases as computeACases } from './bench/cases-compute-a';
import { cases as computeBCases } from './bench/cases-compute-b';
import { cases as workerCases } from './bench/cases-worker';
import type { BenchCase } from './bench/types';

interface Row {
  readonly name: string;
  readonly budget: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly gbps: number | null;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? NaN) + ((sorted[hi] ?? NaN) - (sorted[lo] ?? NaN)) * (pos - lo);
}

async function time(c: BenchCase): Promise<Row> {
  const fn = await c.prepare();
  const runs = c.runs ?? 20;
  for (let i = 0; i < Math.min(3, runs); i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  await c.cleanup?.();
  ms.sort((a, b) => a - b);
  const medianMs = quantile(ms, 0.5);
  return {
    name: c.name,
    budget: c.budget,
    medianMs,
    p95Ms: quantile(ms, 0.95),
    gbps: c.bytesPerRun === undefined ? null : c.bytesPerRun / (medianMs / 1000) / 1e9,
  };
}

function copyBaseline(): BenchCase {
  const n = voxelCount(DENSITY_SHAPE);
  return {
    name: 'memory copy baseline (Float32Array.set, 100 grids)',
    budget: '— (reference)',
    bytesPerRun: 100 * n * 4,
    runs: 20,
    prepare() {
      const src = Array.from({ length: 16 }, (_, k) => new Float32Array(n).fill(k));
      const dst = new Float32Array(n);
      return () => {
        for (let k = 0; k < 100; k++) dst.set(src[k % 16] ?? dst);
      };
    },
  };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const copy = await time(copyBaseline());
  const rows: Row[] = [copy];
  // BENCH_FILTER=text runs only the cases whose name contains it (the copy baseline always runs).
  const filter = process.env.BENCH_FILTER ?? '';
  for (const c of [...computeACases, ...computeBCases, ...workerCases].filter((x) => x.name.includes(filter))) {
    console.log(`running: ${c.name}`);
    rows.push(await time(c));
  }
  const copyGbps = copy.gbps ?? NaN;
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log('');
  console.log(`${pad('case', w)} | ${pad('median ms', 10, true)} | ${pad('p95 ms', 9, true)} | ${pad('GB/s', 6, true)} | ${pad('% copy', 7, true)} | budget`);
  console.log(`${'-'.repeat(w)}-|-${'-'.repeat(10)}-|-${'-'.repeat(9)}-|-${'-'.repeat(6)}-|-${'-'.repeat(7)}-|-------`);
  for (const r of rows) {
    const gb = r.gbps === null ? '—' : r.gbps.toFixed(2);
    const pct = r.gbps === null || r === copy ? '—' : `${((100 * r.gbps) / copyGbps).toFixed(0)}%`;
    console.log(
      `${pad(r.name, w)} | ${pad(r.medianMs.toFixed(2), 10, true)} | ${pad(r.p95Ms.toFixed(2), 9, true)} | ${pad(gb, 6, true)} | ${pad(pct, 7, true)} | ${r.budget}`,
    );
  }
}

await main();
