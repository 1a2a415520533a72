// `npm run bench:ab -- <other checkout> [runs]`: this checkout and another one (a worktree of the
// change's parent, with node_modules) built and served side by side against one fake Allen
// server, their warm first frames measured alternately in one browser, so both meet the same
// machine. On the 2-core bench machine a single build's bench:browser medians move by 20–25 %
// between runs an hour apart (a new combination: 1.17–1.67 s for one unchanged build), far more
// than most changes: compare builds with this, not with two bench:browser runs.
//
// Each build gets its own browser context (its own IndexedDB): a cold load of the bench's
// 4-source set, then `runs` warm loads of a new order of those sources (every source mean
// stored, the combination new) and, with BENCH_AB_NEW_TARGET=1, of the same sources into other
// targets (the target's mask and sections not stored), or with BENCH_AB_NEVER_AVERAGED=1 of
// sources never averaged (the stored means and links' frames deleted before each load, through a
// static file of the build's origin: every grid is read from IndexedDB and averaged), or with
// BENCH_AB_REPEAT=1 of the cold load's own link (its stored first frame drawn first, then the
// checked one; both are printed). Every load starts from a blank tab (no old
// page to tear down, nothing of the other build's running) and the builds take turns, first and
// second alternating. Prints each build's median and runs, and the median timeline of the
// page's and the worker's bsv: measures (ms from navigation start). Asserts nothing.
//
// git worktree add ../base HEAD~1 --detach && ln -s "$PWD/node_modules" ../base/node_modules
// npm run bench:ab -- ../base 8
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { fakeAllen } from '../e2e/fake-allen/control.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.ts';
import { FIRST_READY_SCRIPT, deleteStoredMeans, legendCounts, openAndTimeFirstFrame } from './bench-browser/page-probes.ts';
import { chooseSets, pickCandidates } from './bench-browser/pick-sources.ts';
import { runToCompletion, startChild, stopAll, waitForHttp } from './bench-browser/processes.ts';
import { median } from './bench-browser/report.ts';

const FAKE_PORT = Number(process.env.BENCH_FAKE_PORT ?? 4698);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4280);
const NEW_TARGET = process.env.BENCH_AB_NEW_TARGET === '1';
const NEVER_AVERAGED = process.env.BENCH_AB_NEVER_AVERAGED === '1';
const REPEAT = process.env.BENCH_AB_REPEAT === '1';

type Timeline = Record<string, Array<readonly [number, number]>>;

/** Builds `dir` for the e2e mode (API → the fake) and serves it on `port`; resolves to its URL. */
async function serve(dir: string, port: number, fakeUrl: string): Promise<string> {
  const env = { ...process.env, VITE_ALLEN_API: fakeUrl, VITE_ALLEN_DOWNLOAD: fakeUrl };
  const dist = join(mkdtempSync(join(tmpdir(), 'bsv-bench-ab-')), 'dist');
  console.log(`building ${dir} …`);
  // BENCH_NO_MINIFY=1 keeps function names (for a profile, or V8's --trace-opt)
  const minify = process.env.BENCH_NO_MINIFY ? ['--minify', 'false'] : [];
  runToCompletion('npx', ['vite', 'build', dir, '--mode', 'e2e', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn', ...minify], env);
  const preview = startChild(
    `preview ${port}`,
    'npx',
    ['vite', 'preview', dir, '--mode', 'e2e', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    env,
  );
  await waitForHttp(`http://127.0.0.1:${port}`, preview, 60_000);
  return `http://127.0.0.1:${port}`;
}

async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await ctx.addInitScript({ content: FIRST_READY_SCRIPT });
  return ctx.newPage();
}

/** The page's and the worker's bsv: measures (first of each name) and the app's start, ms from navigation start. */
async function measures(page: Page): Promise<Record<string, readonly [number, number]>> {
  return page.evaluate(async () => {
    type M = { name: string; startTime: number; duration: number };
    const get = (window as unknown as { __bsvWorkerMeasures?: (prefix: string) => Promise<M[]> }).__bsvWorkerMeasures;
    const all: M[] = [...(get ? await get('bsv:') : []), ...performance.getEntriesByType('measure').filter((e) => e.name.startsWith('bsv:'))];
    const out: Record<string, readonly [number, number]> = {};
    for (const e of all) out[e.name] ??= [e.startTime, e.startTime + e.duration];
    const app = performance.getEntriesByName('bsv:app-start', 'mark')[0];
    if (app) out['bsv:app-start'] = [app.startTime, app.startTime];
    return out;
  });
}

async function main(): Promise<void> {
  const [otherArg, runsArg] = process.argv.slice(2);
  if (!otherArg) throw new Error('usage: npm run bench:ab -- <other checkout with node_modules> [runs]');
  const dirs = [process.cwd(), resolve(otherArg)];
  const runs = Number(runsArg ?? 8);
  const fakeUrl = `http://127.0.0.1:${FAKE_PORT}`;
  const apps: string[] = [];
  for (const [i, dir] of dirs.entries()) apps.push(await serve(dir, APP_PORT + i, fakeUrl));
  const fakeProc = startChild('fake-allen', 'npx', ['tsx', 'e2e/fake-allen/main.ts', '--port', String(FAKE_PORT)]);
  await waitForHttp(`${fakeUrl}/__fake/health`, fakeProc, 60_000);
  const fake = fakeAllen(fakeUrl);
  // the fake computes per-experiment statistics in the background after startup: not during the runs
  for (let i = 0; i < 600; i++) {
    const t = (await fetch(`${fakeUrl}/__fake/timings`).then((r) => r.json())) as Record<string, number>;
    if (t.psu_warmup !== undefined) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const cand = await pickCandidates(fake);
    const url = (app: string, target: string, sources: readonly string[]): string => `${app}/?v=1&view=proj&t=${target}&s=${sources.join(',')}`;
    // as bench:browser: the fake synthesises each grid once (primed here), the sets come from the app's own plan
    const planned: Record<string, number> = {};
    for (const half of [cand.sources.slice(0, 8), cand.sources.slice(8)]) {
      const page = await newPage(browser);
      await openAndTimeFirstFrame(page, url(apps[0] ?? '', cand.target, half));
      for (const [a, c] of Object.entries(await legendCounts(page))) planned[a] = c.planned;
      await page.context().close();
    }
    const { sources4 } = chooseSets(cand.sources, planned);
    const orders: string[][] = [];
    const permute = (rest: readonly string[], head: readonly string[]): void => {
      if (rest.length === 0) orders.push([...head]);
      rest.forEach((x, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...head, x]));
    };
    permute(sources4, []);
    const fresh = orders.filter((o) => o.join() !== sources4.join());
    const targets = (await fake.world()).goodTargets.map((t) => t.acronym).filter((a) => a !== cand.target);
    const pages: Page[] = [];
    for (const app of apps) {
      const page = await newPage(browser);
      await openAndTimeFirstFrame(page, url(app, cand.target, sources4));
      pages.push(page);
    }
    // the cold loads' deferred writes (means, masks, sections, the link's frame) land first
    await new Promise((r) => setTimeout(r, 4000));
    for (const page of pages) await page.goto('about:blank');
    const what = REPEAT
      ? `the link ${sources4.join(',')} into ${cand.target} again`
      : NEW_TARGET
        ? 'new targets'
        : `new orders of ${sources4.join(',')} into ${cand.target}${NEVER_AVERAGED ? ', never averaged' : ''}`;
    console.log(`${what}, ${runs} runs per build, from a blank tab …`);
    const ready: number[][] = apps.map(() => []);
    const drawn: number[][] = apps.map(() => []);
    const timelines: Timeline[] = apps.map(() => ({}));
    for (let k = 0; k < runs; k++) {
      const target = NEW_TARGET ? (targets[k % targets.length] ?? cand.target) : cand.target;
      const sources = NEW_TARGET || REPEAT ? sources4 : (fresh[k % fresh.length] ?? sources4);
      for (let n = 0; n < apps.length; n++) {
        const i = k % 2 === 0 ? n : apps.length - 1 - n;
        const page = pages[i];
        if (!page) continue;
        if (NEVER_AVERAGED) {
          await page.goto(`${apps[i] ?? ''}/favicon.svg`);
          if ((await deleteStoredMeans(page)) === 0) console.log('  (no stored means found to delete)');
          await page.goto('about:blank');
        }
        // BENCH_AB_TRACE=file.json: a Chromium trace of this checkout's second load, every thread (scripts/trace-summary.ts reads it)
        const trace = k === 1 && i === 0 ? process.env.BENCH_AB_TRACE : undefined;
        if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
        const r = await openAndTimeFirstFrame(page, url(apps[i] ?? '', target, sources));
        if (trace) await browser.stopTracing();
        ready[i]?.push(r.pageMs);
        drawn[i]?.push(r.firstDrawnMs);
        const tl = timelines[i] ?? {};
        for (const [name, span] of Object.entries(await measures(page))) (tl[name] ??= []).push(span);
        await page.goto('about:blank');
      }
    }
    for (const [i, dir] of dirs.entries()) {
      const v = ready[i] ?? [];
      console.log(`\n${dir}: first ready frame median ${median(v).toFixed(0)} ms [${v.map((x) => x.toFixed(0)).join(', ')}]`);
      const d = drawn[i] ?? [];
      if (REPEAT) console.log(`  first frame drawn (the stored one) median ${median(d).toFixed(0)} ms [${d.map((x) => x.toFixed(0)).join(', ')}]`);
      const rows = Object.entries(timelines[i] ?? {}).map(([name, spans]) => ({
        name,
        start: median(spans.map((s) => s[0])),
        end: median(spans.map((s) => s[1])),
        n: spans.length,
      }));
      for (const r of rows.sort((a, b) => a.start - b.start))
        console.log(`  ${r.start.toFixed(0).padStart(6)}–${r.end.toFixed(0).padEnd(6)} ${r.name} (n=${r.n})`);
    }
  } finally {
    await browser.close();
    stopAll();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  stopAll();
  process.exit(1);
});
