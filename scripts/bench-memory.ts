// `npx tsx scripts/bench-memory.ts`: memory and responsiveness of a cold ~300-experiment
// projectome in headless Chromium, against a private fake Allen server (port 4698) and `vite
// preview` of an e2e build (port 4272). Samples the JS heap of the page and of its workers every
// 200 ms over CDP and records main-thread long tasks (PerformanceObserver 'longtask'). Prints the
// peaks next to the stated ceiling and to what holding every grid would take (N × 4.8 MB), and
// writes reports/bench-memory.json. Nothing is asserted: it is a measurement.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { fakeAllen } from '../e2e/fake-allen/control.ts';
import { plannedByAcronym } from '../e2e/planned-experiments.ts';
import { startHeapSampler, type HeapSample } from './bench-memory/heap-sampler.ts';
import { allRecentOutput, startBenchApp, stopAll } from './bench-browser/processes.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.ts';

const FAKE_PORT = Number(process.env.BENCH_FAKE_PORT ?? 4698);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4272);
const FAKE_URL = `http://127.0.0.1:${FAKE_PORT}`;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const TARGET_EXPERIMENTS = Number(process.env.BENCH_EXPERIMENTS ?? 300);
/** The stated ceiling: V8 heaps and ArrayBuffer backing stores of the page plus its workers. */
const CEILING_MB = 400;
const GRID_MB = (132 * 80 * 114 * 4) / 1e6;

/** Plain JS (tsx would wrap named functions in a helper the page lacks). */
const LONGTASK_SCRIPT = `(() => {
  window.__bsvLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bsvLongTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__bsvLongTasks = null; }
})();`;

/** Upstream sources of a big target, largest first, disjoint, until ≥ `want` planned experiments. */
async function pickSources(want: number): Promise<{ target: string; sources: string[]; planned: number }> {
  const fake = fakeAllen(FAKE_URL);
  const planned = await plannedByAcronym(FAKE_URL);
  for (const target of ['TH', 'SSp', 'CP']) {
    const up = await fake.upstream(target);
    const chosen: string[] = [];
    const ids = new Set<number>();
    const pool = up.sources
      .filter((s) => s.acronym !== target)
      .map((s) => ({ acronym: s.acronym, ids: planned.get(s.acronym)?.ids ?? [] }))
      .sort((a, b) => b.ids.length - a.ids.length);
    for (const s of pool) {
      if (ids.size >= want || chosen.length >= 8) break;
      if (s.ids.some((id) => ids.has(id)) || ids.size + s.ids.length > want * 1.1) continue;
      chosen.push(s.acronym);
      for (const id of s.ids) ids.add(id);
    }
    if (ids.size >= want * 0.9) return { target, sources: chosen, planned: ids.size };
  }
  throw new Error(`no target with about ${want} upstream experiments`);
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** BENCH_PROFILE=1: main-thread self time by function during the load (where long tasks come from). */
function printTopFunctions(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id);
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`\nmain-thread self time (ms):\n${top.map(([k, ms]) => `${ms.toFixed(0).padStart(7)}  ${k}`).join('\n')}`);
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bsv-bench-memory-'));
  const dist = join(tmp, 'dist');
  let browser: Browser | null = null;
  try {
    await startBenchApp(dist, FAKE_PORT, APP_PORT, ['--no-warm']);
    const pick = await pickSources(TARGET_EXPERIMENTS);
    const url = `${APP_URL}/?v=1&view=proj&t=${pick.target}&s=${pick.sources.join(',')}`;
    console.log(`${pick.target} ← ${pick.sources.join(', ')}: ${pick.planned} experiments planned`);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: LONGTASK_SCRIPT });
    const page = await context.newPage();
    await page.goto(`${APP_URL}/`);
    const sampler = await startHeapSampler(browser, page);
    const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const started = performance.now();
    await page.goto(url);
    await page.waitForSelector('[data-testid="projectome-canvas"][data-render-state="ready"]', { timeout: 600_000 });
    const loadSeconds = (performance.now() - started) / 1000;
    const samples = await sampler.stop();
    if (profiler) {
      const { profile } = (await profiler.send('Profiler.stop')) as { profile: CpuProfile };
      printTopFunctions(profile);
      mkdirSync('reports', { recursive: true });
      writeFileSync('reports/bench-memory.cpuprofile', JSON.stringify(profile));
    }
    const settled = await sampler.sampleNow(true);
    const legend = (await page.getByTestId('projectome-experiments').textContent()) ?? '';
    const longTasks = (await page.evaluate(() => (window as unknown as { __bsvLongTasks: Array<{ start: number; ms: number }> | null }).__bsvLongTasks)) ?? [];

    const total = (s: HeapSample): number => s.mainUsed + s.mainBacking + s.workersUsed + s.workersBacking;
    const peak = (f: (s: HeapSample) => number): number => Math.max(...samples.map(f));
    const peakTotal = peak(total);
    const longest = longTasks.reduce((a, t) => Math.max(a, t.ms), 0);
    const over200 = longTasks.filter((t) => t.ms > 200).length;
    const worst = [...longTasks]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((t) => `${t.ms.toFixed(0)} ms at ${(t.start / 1000).toFixed(1)} s`);
    const allGrids = pick.planned * GRID_MB;
    const rows: Array<[string, string]> = [
      ['projectome', `${pick.target} ← ${pick.sources.length} sources, ${legend}`],
      ['cold load to ready frame', `${loadSeconds.toFixed(1)} s`],
      ['samples (every 200 ms)', `${samples.length}, workers seen: ${peak((s) => s.workers)}`],
      ['peak page: V8 heap / buffers', `${mb(peak((s) => s.mainUsed))} MB / ${mb(peak((s) => s.mainBacking))} MB`],
      ['peak workers: V8 heap / buffers', `${mb(peak((s) => s.workersUsed))} MB / ${mb(peak((s) => s.workersBacking))} MB`],
      ['peak page + workers, all', `${mb(peakTotal)} MB (ceiling ${CEILING_MB} MB: ${peakTotal / 1e6 <= CEILING_MB ? 'within' : 'OVER'})`],
      ['after ready + GC, all', `${mb(total(settled))} MB`],
      ['holding every grid would take', `${pick.planned} × ${GRID_MB.toFixed(2)} MB = ${allGrids.toFixed(0)} MB`],
      ['long tasks (main thread)', `${longTasks.length}, longest ${longest.toFixed(0)} ms, ${over200} over 200 ms`],
      ['worst long tasks', worst.join('; ')],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}`);
    mkdirSync('reports', { recursive: true });
    writeFileSync(
      'reports/bench-memory.json',
      JSON.stringify({ pick, url, loadSeconds, legend, ceilingMb: CEILING_MB, peakTotal, settled, allGridsMb: allGrids, longTasks, samples }, null, 2),
    );
    console.log('\nwrote reports/bench-memory.json');
  } catch (e) {
    console.error(allRecentOutput());
    throw e;
  } finally {
    await browser?.close().catch(() => undefined);
    stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  stopAll();
  process.exit(1);
});
