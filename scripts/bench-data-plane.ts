// `npm run bench:data` (also run by `npm run bench:browser`): the data-plane budgets of issue #12,
// measured in headless Chromium on projectome links. The app talks to a loopback mirror that
// serves pre-built files (every answer of the fake Allen server, fetched once while priming, then
// served from memory), so a cold start measures the app, not the fake's on-demand synthesis.
//   - cold start, ~100 experiments, empty IndexedDB: in-page ms to the first ready frame, against
//     max(bytes ÷ measured loopback throughput, total decode time ÷ decoding threads)
//   - warm start for sources never averaged before: the same link with every grid in IndexedDB
//     but no stored means or first frame (deleted before each run) and a fresh worker (page reload)
//   - IndexedDB bytes per cached experiment (grid records only)
//   - the longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms) during a cold load
//     of ~300 experiments
// Medians of 3. Budgets are printed, never asserted. Writes reports/bench-data-plane.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { fakeAllen } from '../e2e/fake-allen/control.ts';
import { FIRST_READY_SCRIPT, deleteStoredMeans, legendCounts, openAndTimeFirstFrame } from './bench-browser/page-probes.ts';
import { pickCandidates } from './bench-browser/pick-sources.ts';
import { allRecentOutput, runToCompletion, startChild, stopAll, waitForHttp } from './bench-browser/processes.ts';
import { formatTable, median, referenceThroughput } from './bench-browser/report.ts';
import type { Row } from './bench-browser/report.ts';
import { startStaticMirror, type StaticMirror } from './bench-browser/static-mirror.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.ts';
import { DEFAULT_MAX_CONCURRENT_PER_HOST } from '../src/allen/http.ts';
import { decodeDensityNrrdInto } from '../src/compute/decode-into.ts';
import { DENSITY_SHAPE, voxelCount } from '../src/compute/grid.ts';

const FAKE_PORT = Number(process.env.BENCH_FAKE_PORT ?? 4699);
const MIRROR_PORT = Number(process.env.BENCH_MIRROR_PORT ?? 4698);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4273);
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_LATENCY_MS: every answer of the mirror held back this long (a network's round trip); default 0. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
/**
 * Threads that inflate downloaded grids in the app: its grid fetchers, one per core but one, 1–4
 * (src/data/services.ts gridFetcherPoolSize, from the page's navigator.hardwareConcurrency);
 * BENCH_DECODE_THREADS overrides it.
 */
let DECODE_THREADS = Number(process.env.BENCH_DECODE_THREADS ?? NaN);

const LONG_TASK_SCRIPT = `(() => {
  const t = { max: 0, count: 0, total: 0, list: [] };
  window.__bsvLongTasks = t;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { t.max = Math.max(t.max, e.duration); t.count++; t.total += e.duration; t.list.push([e.startTime, e.duration]); }
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { t.unsupported = String(e); }
})();`;

const projUrl = (target: string, sources: readonly string[]): string => `${APP_URL}/?v=1&view=proj&t=${target}&s=${sources.join(',')}`;

async function newContext(browser: Browser): Promise<BrowserContext> {
  // no app-shell service worker: the shell comes from the loopback preview server, as in earlier stops
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await ctx.addInitScript({ content: FIRST_READY_SCRIPT });
  await ctx.addInitScript({ content: LONG_TASK_SCRIPT });
  return ctx;
}

/** Sizes of the stored density-grid records (float32 'density' before #12, 'grid' after). */
async function gridRecordBytes(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('bsv-cache');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const store = db.transaction('volumes').objectStore('volumes');
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = store.getAllKeys();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const grid = keys.map(String).filter((k) => !k.startsWith('meta|') && /\|(grid|density)\|/.test(k));
    const sizes = await Promise.all(
      grid.map(
        (k) =>
          new Promise<number>((resolve, reject) => {
            const req = store.get(k);
            req.onsuccess = () => resolve(req.result instanceof ArrayBuffer ? req.result.byteLength : 0);
            req.onerror = () => reject(req.error);
          }),
      ),
    );
    db.close();
    return sizes;
  });
}

/** Waits until the number of stored grid records stops growing (writes follow the first frame). */
async function settledGridRecords(page: Page, expected: number): Promise<number[]> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const sizes = await gridRecordBytes(page);
    if (sizes.length >= expected || (sizes.length === last && sizes.length > 0)) return sizes;
    last = sizes.length;
    await page.waitForTimeout(300);
  }
  return gridRecordBytes(page);
}

interface LongTasks {
  readonly max: number;
  readonly count: number;
  readonly total: number;
  /** [startTime, duration] of each, page clock (ms) */
  readonly list: ReadonlyArray<readonly [number, number]>;
  readonly unsupported?: string;
}
const longTasks = (page: Page): Promise<LongTasks> => page.evaluate(() => (window as unknown as { __bsvLongTasks: LongTasks }).__bsvLongTasks);

/** Sources (from the candidates, by the app's own counts) whose total is at least `goal`. */
function sourcesFor(candidates: readonly string[], counts: Readonly<Record<string, number>>, goal: number): string[] {
  const out: string[] = [];
  let total = 0;
  for (const s of [...candidates].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))) {
    if (total >= goal) break;
    if ((counts[s] ?? 0) === 0) continue;
    out.push(s);
    total += counts[s] ?? 0;
  }
  return out;
}

/** The worker's bsv: measures (page clock), one line each, in start order. */
async function workerTimeline(page: Page): Promise<string> {
  const list = await page.evaluate(async () => {
    const get = (window as unknown as { __bsvWorkerMeasures?: (p: string) => Promise<Array<{ name: string; startTime: number; duration: number }>> })
      .__bsvWorkerMeasures;
    return get ? get('bsv:') : null;
  });
  if (!list) return '    (this build exposes no worker measures)';
  // per-grid measures (bsv:grid-*) are summed: count, total, median
  const perGrid = new Map<string, number[]>();
  for (const m of list) if (m.name.startsWith('bsv:grid-')) perGrid.set(m.name, [...(perGrid.get(m.name) ?? []), m.duration]);
  const sums = [...perGrid].map(([name, d]) => `    ${name}: ${d.length} × median ${median(d).toFixed(1)} ms = ${d.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
  return [
    ...[...list]
      .filter((m) => !m.name.startsWith('bsv:grid-'))
      .sort((a, b) => a.startTime - b.startTime)
      .map((m) => `    ${m.startTime.toFixed(0).padStart(6)} ms +${m.duration.toFixed(0).padStart(5)} ms  ${m.name}`),
    ...sums,
  ].join('\n');
}

/**
 * BENCH_PROFILE=1: a CPU profile of the page's main thread; the returned function stops it and
 * lists the top self and inclusive times, then, given the page's long tasks, the functions that
 * took most of each of the longest (BENCH_NO_MINIFY=1 keeps their names). A task's samples are
 * found through the page clock read as the profile stops, so its edges are approximate (~ms).
 */
async function startProfile(page: Page): Promise<(longs?: LongTasks['list']) => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async (longs = []) => {
    const pageNow = await page.evaluate(() => performance.now());
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: {
        nodes: Array<{ id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }>;
        samples: number[];
        timeDeltas: number[];
        startTime: number;
        endTime: number;
      };
    };
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const nameOf = (id: number): string => {
      const n = byNode.get(id);
      return n ? `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber}` : '?';
    };
    // each sample's time on the page clock (ms), and the names on its stack, leaf first
    const offset = profile.endTime / 1000 - pageNow;
    let at = profile.startTime;
    const samples = profile.samples.map((id, k) => {
      const dt = (profile.timeDeltas[k] ?? 0) / 1000;
      at += profile.timeDeltas[k] ?? 0;
      const stack = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.add(nameOf(n));
      return { t: at / 1000 - offset, dt, leaf: nameOf(id), stack };
    });
    const inclusiveOf = (from: number, to: number): Map<string, number> => {
      const m = new Map<string, number>();
      for (const s of samples) if (s.t >= from && s.t <= to) for (const f of s.stack) m.set(f, (m.get(f) ?? 0) + s.dt);
      return m;
    };
    const self = new Map<string, number>();
    for (const s of samples) self.set(s.leaf, (self.get(s.leaf) ?? 0) + s.dt);
    const notFrames = (f: string): boolean => !/^\((idle|root|program)\)/.test(f);
    const top = (m: Map<string, number>, n: number, keep: (f: string) => boolean = notFrames) =>
      [...m]
        .filter(([f]) => keep(f))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n);
    const lines = (m: Map<string, number>, n: number) =>
      top(m, n)
        .map(([f, ms]) => `  ${ms.toFixed(0).padStart(7)} ms  ${f}`)
        .join('\n');
    // React's and the scheduler's own frames name no component: left out of the per-task lists
    const reactInternal =
      /^(perform|render|workLoop|begin|complete|commit|flush|recursively|process|runWithFiber|updateFunctionComponent|mountIndeterminate|callComponent|reconcile|scheduler|Passive|finishConcurrent|run\w*Microtasks)|Work(Until|Loop)|(Root|Effects?|Fiber|Unit)( |$)/;
    const perTask = [...longs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([s, d]) => {
        const named = top(inclusiveOf(s, s + d), 10, (f) => notFrames(f) && !reactInternal.test(f));
        return `  ${s.toFixed(0).padStart(6)} ms +${d.toFixed(0)} ms: ${named.map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(' | ')}`;
      });
    return [
      `self:\n${lines(self, 25)}`,
      `inclusive:\n${lines(inclusiveOf(-Infinity, Infinity), 40)}`,
      ...(perTask.length ? ['the longest tasks, inclusive ms of their heaviest named functions:', ...perTask] : []),
    ].join('\n');
  };
}

/**
 * Total Node decode time of the grids the mirror served, ms, with the app's own decoder (a gzip
 * NRRD inflated into one reused grid, as the grid fetcher does; a zip with fflate): the ideal's
 * stand-in for the app's decode, so a faster decoder lowers the ideal too.
 */
async function decodeTime(mirror: StaticMirror, paths: readonly string[]): Promise<number> {
  const grid = new Float32Array(voxelCount(DENSITY_SHAPE));
  let ms = 0;
  for (const p of paths) {
    const bytes = new Uint8Array(await (await fetch(`${mirror.url}${p}`)).arrayBuffer());
    const t = performance.now();
    if (bytes[0] === 0x50) unzipSync(bytes);
    else if (!decodeDensityNrrdInto(bytes, grid)) throw new Error(`bench: ${p} is not a float32 gzip NRRD of a whole grid`);
    ms += performance.now() - t;
  }
  return ms;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bsv-bench-data-'));
  const dist = join(tmp, 'dist');
  let browser: Browser | null = null;
  let mirror: StaticMirror | null = null;
  try {
    const fakeUrl = `http://127.0.0.1:${FAKE_PORT}`;
    mirror = await startStaticMirror(fakeUrl, MIRROR_PORT, { latencyMs: LATENCY_MS });
    if (LATENCY_MS > 0) console.log(`the mirror holds every answer back ${LATENCY_MS} ms (BENCH_LATENCY_MS)`);
    const env = { ...process.env, VITE_ALLEN_API: mirror.url, VITE_ALLEN_DOWNLOAD: mirror.url };
    console.log(`building the e2e app into ${dist} (API → the mirror ${mirror.url} → the fake ${fakeUrl}) …`);
    // BENCH_NO_MINIFY=1 keeps function names for BENCH_PROFILE
    const minify = process.env.BENCH_NO_MINIFY ? ['--minify', 'false'] : [];
    runToCompletion('npx', ['vite', 'build', '--mode', 'e2e', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn', ...minify], env);
    const fakeProc = startChild('fake-allen', 'npx', ['tsx', 'e2e/fake-allen/main.ts', '--port', String(FAKE_PORT)]);
    const previewProc = startChild(
      'preview',
      'npx',
      ['vite', 'preview', '--mode', 'e2e', '--outDir', dist, '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'],
      env,
    );
    await waitForHttp(`${fakeUrl}/__fake/health`, fakeProc, 60_000);
    await waitForHttp(APP_URL, previewProc, 60_000);
    const fake = fakeAllen(fakeUrl);
    const cand = await pickCandidates(fake);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

    // Prime through the mirror (the fake synthesises each grid once; the mirror keeps it), and
    // learn the experiments the app plans per source from its legend.
    console.log(`priming the mirror: ${cand.target} ← ${cand.sources.length} candidate sources …`);
    const counts: Record<string, number> = {};
    for (const half of [cand.sources.slice(0, 8), cand.sources.slice(8)]) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await openAndTimeFirstFrame(page, projUrl(cand.target, half));
      for (const [a, c] of Object.entries(await legendCounts(page))) counts[a] = c.planned;
      await ctx.close();
    }
    const s100 = sourcesFor(cand.sources, counts, 100);
    const s300 = sourcesFor(cand.sources, counts, 300);
    const n100 = s100.reduce((a, s) => a + (counts[s] ?? 0), 0);
    const n300 = s300.reduce((a, s) => a + (counts[s] ?? 0), 0);
    const url100 = projUrl(cand.target, s100);
    const url300 = projUrl(cand.target, s300);
    console.log(`~100: ${s100.join(',')} (${n100} exp.); ~300: ${s300.join(',')} (${n300} exp.)`);

    console.log(`cold start (${n100} exp.), ${RUNS} runs …`);
    const cold: Array<{ pageMs: number; bytes: number; fromMemory: number; fetched: number; longMax: number }> = [];
    let recordSizes: number[] = [];
    let coldGridPaths: string[] = [];
    let warmCtx: BrowserContext | null = null;
    let warmPage: Page | null = null;
    for (let i = 0; i < RUNS; i++) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      mirror.resetStats();
      // BENCH_TRACE_COLD=file.json: a Chromium trace of the first cold run, every thread (scripts/trace-summary.ts)
      const tracing = i === 0 && process.env.BENCH_TRACE_COLD ? browser.startTracing(page, { path: process.env.BENCH_TRACE_COLD, screenshots: false }) : null;
      if (tracing) await tracing;
      const r = await openAndTimeFirstFrame(page, url100);
      if (tracing) await browser.stopTracing();
      if (!Number.isFinite(DECODE_THREADS)) DECODE_THREADS = Math.max(1, Math.min(4, (await page.evaluate(() => navigator.hardwareConcurrency || 1)) - 1));
      const st = mirror.stats();
      coldGridPaths = st.paths.filter((p) => p.includes('/grid_data/'));
      if (i === 0) console.log(`  worker timeline of cold run 1 (ready at ${r.pageMs.toFixed(0)} ms):\n${await workerTimeline(page)}`);
      cold.push({ pageMs: r.pageMs, bytes: st.bytes, fromMemory: st.fromMemory, fetched: st.fetched, longMax: (await longTasks(page)).max });
      if (i === RUNS - 1) {
        recordSizes = await settledGridRecords(page, n100);
        warmCtx = ctx;
        warmPage = page;
      } else await ctx.close();
    }
    if (!warmCtx || !warmPage) throw new Error('no warm context');

    console.log(`warm start, sources never averaged (${n100} exp. in IndexedDB, stored means and first frame deleted), ${RUNS} runs …`);
    const warm: number[] = [];
    const warmGrids: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // off the app first (a same-origin page with no script): the last page's worker may still be
      // storing means or its frame after 'ready', and a write landing after the delete would turn
      // this warm start into a partly restored one
      await warmPage.goto(`${APP_URL}/favicon.svg`);
      const deleted = await deleteStoredMeans(warmPage);
      if (deleted === 0 && i === 0) console.log('  (no stored means found to delete)');
      mirror.resetStats();
      await warmPage.goto('about:blank');
      // BENCH_TRACE=file.json: a Chromium trace of the first warm run, every thread (scripts/trace-summary.ts reads it)
      const tracing = i === 0 && process.env.BENCH_TRACE ? browser.startTracing(warmPage, { path: process.env.BENCH_TRACE, screenshots: false }) : null;
      if (tracing) await tracing;
      const profile = i === 0 && process.env.BENCH_PROFILE ? await startProfile(warmPage) : null;
      const r = await openAndTimeFirstFrame(warmPage, url100);
      if (tracing) await browser.stopTracing();
      if (profile) console.log(`main-thread self time during the first warm start (top 25):\n${await profile((await longTasks(warmPage)).list)}`);
      if (i === 0) console.log(`  worker timeline of warm run 1 (ready at ${r.pageMs.toFixed(0)} ms):\n${await workerTimeline(warmPage)}`);
      warm.push(r.pageMs);
      warmGrids.push(mirror.stats().paths.filter((p) => p.includes('/grid_data/')).length);
    }
    await warmCtx.close();

    // with a latency, at the app's own cap of requests per host (a network's round trips bound
    // what any client gets at that cap); on bare loopback, 6 connections as in earlier stops
    const ref = await referenceThroughput(mirror.url, coldGridPaths, LATENCY_MS > 0 ? DEFAULT_MAX_CONCURRENT_PER_HOST : 6);
    console.log(`reference: ${coldGridPaths.length} grid paths, ${(ref.bytes / 1e6).toFixed(2)} MB at ${(ref.bytesPerSec / 1e6).toFixed(1)} MB/s`);
    const decodeMs = await decodeTime(mirror, coldGridPaths);

    console.log(`cold load of ${n300} experiments: main-thread long tasks …`);
    const big: Array<{ pageMs: number; max: number; count: number; total: number }> = [];
    for (let i = 0; i < (process.env.BENCH_SKIP_BIG ? 0 : RUNS); i++) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      const profile = i === 0 && process.env.BENCH_PROFILE ? await startProfile(page) : null;
      // BENCH_TRACE_BIG=file.json: a Chromium trace of the first big cold load (scripts/trace-summary.ts)
      const tracing = i === 0 && process.env.BENCH_TRACE_BIG ? browser.startTracing(page, { path: process.env.BENCH_TRACE_BIG, screenshots: false }) : null;
      if (tracing) await tracing;
      const r = await openAndTimeFirstFrame(page, url300);
      if (tracing) await browser.stopTracing();
      const lt = await longTasks(page);
      if (profile) console.log(`main-thread self time during the first ${n300}-experiment load (top 25):\n${await profile(lt.list)}`);
      if (lt.unsupported) console.log(`  longtask observer unsupported: ${lt.unsupported}`);
      big.push({ pageMs: r.pageMs, max: lt.max, count: lt.count, total: lt.total });
      await ctx.close();
    }

    const coldMs = median(cold.map((c) => c.pageMs));
    const coldBytes = median(cold.map((c) => c.bytes));
    const netMs = (coldBytes / ref.bytesPerSec) * 1000;
    const decodeShare = decodeMs / DECODE_THREADS;
    const ideal = Math.max(netMs, decodeShare);
    const perExp = recordSizes.length ? recordSizes.reduce((a, b) => a + b, 0) / recordSizes.length : NaN;
    const longMax = big.length ? median(big.map((b) => b.max)) : NaN;
    const rows: Row[] = [
      {
        name: `Warm start, sources never averaged (${n100} exp. in IndexedDB)`,
        budget: '≤ 1.0 s',
        value: `median ${(median(warm) / 1000).toFixed(2)} s [${warm.map((v) => (v / 1000).toFixed(2)).join(', ')}]; grid requests ${warmGrids.join('/')}`,
        pass: median(warm) <= 1000,
      },
      {
        name: `Cold start (${n100} exp., pre-built files on loopback)`,
        budget: '≤ 1.5 × ideal',
        value: `median ${(coldMs / 1000).toFixed(2)} s [${cold.map((c) => (c.pageMs / 1000).toFixed(2)).join(', ')}] = ${(coldMs / ideal).toFixed(2)} × ideal`,
        pass: coldMs <= 1.5 * ideal,
      },
      {
        name: `  ideal = max(bytes ÷ throughput, decode ÷ ${DECODE_THREADS} thread(s))`,
        budget: '—',
        value: `max(${(coldBytes / 1e6).toFixed(1)} MB ÷ ${(ref.bytesPerSec / 1e6).toFixed(0)} MB/s = ${(netMs / 1000).toFixed(2)} s, ${(decodeMs / 1000).toFixed(2)} s ÷ ${DECODE_THREADS}) = ${(ideal / 1000).toFixed(2)} s`,
        pass: null,
      },
      {
        name: 'IndexedDB bytes per cached experiment (grid records)',
        budget: '≤ 0.5 MB',
        value: `${(perExp / 1e6).toFixed(3)} MB (${recordSizes.length} records)`,
        pass: perExp <= 0.5e6,
      },
      {
        name: `Longest main-thread task, cold load of ${n300} exp.`,
        budget: '≤ 50 ms',
        value: `median ${longMax.toFixed(0)} ms [${big.map((b) => `${b.max.toFixed(0)} (${b.count} ≥ 50 ms)`).join(', ')}]; load ${big.map((b) => (b.pageMs / 1000).toFixed(1)).join('/')} s`,
        pass: longMax <= 50,
      },
    ];
    console.log('');
    console.log(formatTable(rows));
    console.log('\nlongest task 0 ms = no task of 50 ms or more was reported (the longtask threshold)');
    mkdirSync('reports', { recursive: true });
    writeFileSync(
      'reports/bench-data-plane.json',
      `${JSON.stringify({ date: new Date().toISOString(), target: cand.target, s100, s300, n100, n300, cold, warm, warmGrids, recordSizes, reference: ref, decodeMs, decodeThreads: DECODE_THREADS, big, rows }, null, 2)}\n`,
    );
    console.log('wrote reports/bench-data-plane.json');
  } finally {
    await browser?.close().catch(() => undefined);
    await mirror?.close().catch(() => undefined);
    stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:data failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  console.error(`recent output of the child processes:\n${allRecentOutput()}`);
  stopAll();
  process.exit(1);
});
