// /__fake/* control endpoints (never faulted, never logged):
//   GET  /__fake/health                  200 {ok, mode, experiments} once the world is built
//   GET  /__fake/config                  current fault config
//   POST /__fake/config   {…}            merge into the fault config (400 on bad fields)
//   POST /__fake/reset                   clear faults, per-URL counters and the request log
//   GET  /__fake/requests[?path=substr]  request log
//   GET  /__fake/world[?minVolume=mm3]   world summary (structures, lines, traps, good targets,
//                                        quirks, descendantOnlyTargets)
//   GET  /__fake/upstream?target=CP[&minVolume=mm3]   experiments/sources upstream of a target
//   GET  /__fake/timings                 generation timings (ms)
import { upstreamOf, worldSummary } from '../psu/world-summary.ts';
import { jsonAnswer } from '../routes/router.ts';
import type { Answer } from '../routes/router.ts';
import type { Downloads } from '../routes/downloads.ts';
import type { World } from '../world/world.ts';
import { mergeFaults, NO_FAULTS } from './faults.ts';
import type { FaultState } from './faults.ts';
import type { RequestLog } from './request-log.ts';

export interface ControlContext {
  readonly world: World;
  readonly faults: FaultState;
  readonly log: RequestLog;
  readonly downloads: Downloads;
  readonly timingsMs: Map<string, number>;
}

const DEFAULT_MIN_VOLUME = 0.001;

function minVolume(url: URL): number {
  const v = Number(url.searchParams.get('minVolume') ?? DEFAULT_MIN_VOLUME);
  return Number.isFinite(v) ? v : DEFAULT_MIN_VOLUME;
}

export function controlRoute(ctx: ControlContext, method: string, url: URL, body: string): Answer {
  const path = url.pathname;
  if (path === '/__fake/health') {
    return jsonAnswer(200, { ok: true, mode: ctx.world.mode, seed: ctx.world.seed, experiments: ctx.world.experiments.length });
  }
  if (path === '/__fake/config' && method === 'GET') return jsonAnswer(200, ctx.faults.config);
  if (path === '/__fake/config' && method === 'POST') {
    try {
      ctx.faults.config = mergeFaults(ctx.faults.config, body.trim() === '' ? {} : JSON.parse(body));
      return jsonAnswer(200, ctx.faults.config);
    } catch (e) {
      return jsonAnswer(400, { error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (path === '/__fake/reset' && method === 'POST') {
    ctx.faults.reset(NO_FAULTS);
    ctx.log.clear();
    return jsonAnswer(200, { ok: true });
  }
  if (path === '/__fake/requests') return jsonAnswer(200, ctx.log.list(url.searchParams.get('path')));
  if (path === '/__fake/world') return jsonAnswer(200, worldSummary(ctx.world, minVolume(url)));
  if (path === '/__fake/upstream') {
    const token = url.searchParams.get('target') ?? '';
    const id = ctx.world.ontology.resolve(token);
    if (id === undefined) return jsonAnswer(400, { error: `unknown target structure '${token}'` });
    return jsonAnswer(200, upstreamOf(ctx.world, id, minVolume(url)));
  }
  if (path === '/__fake/timings') {
    return jsonAnswer(200, Object.fromEntries([...ctx.timingsMs, ...ctx.downloads.timingsMs]));
  }
  return jsonAnswer(404, { error: `unknown control endpoint ${method} ${path}` });
}
