// `npx tsx scripts/trace-summary.ts trace.json [minMs]`: per thread of a Chromium trace (e.g.
// BENCH_TRACE of bench:data), the top-level tasks of at least minMs (default 15), in time order,
// each with its largest direct children, and the page's/worker's bsv: user timings. For finding
// where a start-up goes; prints, asserts nothing.
import { readFileSync } from 'node:fs';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly cat?: string;
  readonly args?: { name?: string; data?: { url?: string; functionName?: string; frame?: string } };
}

const [file, minArg] = process.argv.slice(2);
if (!file) throw new Error('usage: trace-summary.ts trace.json [minMs]');
const minUs = Number(minArg ?? 15) * 1000;
const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
const events = (Array.isArray(raw) ? raw : (raw as { traceEvents: TraceEvent[] }).traceEvents) as TraceEvent[];
const names = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTiming' || e.name === 'CommitLoad');
const t0 = nav?.ts ?? Math.min(...complete.map((e) => e.ts));
const ms = (us: number): string => (us / 1000).toFixed(0).padStart(6);
const label = (e: TraceEvent): string => {
  const d = e.args?.data;
  const where = d?.functionName || d?.url ? ` ${d.functionName ?? ''}${d.url ? ` ${d.url.split('/').pop()}` : ''}` : '';
  return `${e.name}${where}`;
};
const byThread = new Map<string, TraceEvent[]>();
for (const e of complete) {
  const k = `${e.pid}:${e.tid}`;
  const list = byThread.get(k) ?? [];
  list.push(e);
  byThread.set(k, list);
}
for (const [k, list] of byThread) {
  const thread = names.get(k) ?? k;
  if (!/CrRendererMain|DedicatedWorker|Compositor|VizCompositor|CrGpuMain/.test(thread)) continue;
  const tops = list.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) >= minUs).sort((a, b) => a.ts - b.ts);
  if (tops.length === 0) continue;
  const busy = list.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').reduce((a, e) => a + (e.dur ?? 0), 0);
  console.log(`\n== ${thread} (${k}): tasks ≥ ${minUs / 1000} ms: ${tops.length}; all tasks ${ms(busy)} ms`);
  for (const t of tops) {
    const end = t.ts + (t.dur ?? 0);
    const kids = list.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && e.name !== 'RunTask' && (e.dur ?? 0) >= minUs / 3);
    kids.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
    console.log(
      `${ms(t.ts - t0)} ms +${ms(t.dur ?? 0)} ms  ${kids
        .slice(0, 4)
        .map((c) => `${label(c)} ${((c.dur ?? 0) / 1000).toFixed(0)}`)
        .join(' | ')}`,
    );
  }
}
const marks = events.filter((e) => (e.cat ?? '').includes('blink.user_timing') && e.name.startsWith('bsv:') && e.ph === 'b');
for (const m of marks.sort((a, b) => a.ts - b.ts)) console.log(`${ms(m.ts - t0)} ms  ${m.name} (${names.get(`${m.pid}:${m.tid}`) ?? m.tid})`);
