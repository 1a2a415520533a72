// JS heap of a page and of its dedicated workers, sampled over CDP while the page works.
// Main thread: Runtime.getHeapUsage (V8 heap + ArrayBuffer backing stores). Workers: a browser-level CDP session
// attaches to every 'worker' target (non-flattened) and asks Runtime.getHeapUsage through
// Target.sendMessageToTarget. measureUserAgentSpecificMemory would need cross-origin isolation,
// which the preview server does not set.
import type { Browser, CDPSession, Page } from '@playwright/test';

/** Bytes. `used` is the V8 heap; `backing` is ArrayBuffer backing stores (typed arrays live there). */
export interface HeapSample {
  readonly ms: number;
  readonly mainUsed: number;
  readonly mainBacking: number;
  readonly workersUsed: number;
  readonly workersBacking: number;
  readonly workers: number;
}

interface HeapUsage {
  readonly usedSize?: number;
  readonly backingStorageSize?: number;
}

interface TargetInfo {
  readonly targetId: string;
  readonly type: string;
  readonly url: string;
}

export interface HeapSampler {
  stop(): Promise<HeapSample[]>;
  /** One sample now (after a forced GC in the page when gc = true). */
  sampleNow(gc?: boolean): Promise<HeapSample>;
}

export async function startHeapSampler(browser: Browser, page: Page, intervalMs = 200): Promise<HeapSampler> {
  const pageCdp: CDPSession = await page.context().newCDPSession(page);
  await pageCdp.send('HeapProfiler.enable');
  const browserCdp = await browser.newBrowserCDPSession();
  const sessions = new Map<string, string>(); // targetId → sessionId
  const pending = new Map<number, (usage: HeapUsage) => void>();
  let nextId = 1;
  browserCdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    const msg = JSON.parse(event.message) as { id?: number; result?: HeapUsage };
    if (msg.id === undefined) return;
    pending.get(msg.id)?.(msg.result ?? {});
    pending.delete(msg.id);
  });
  browserCdp.on('Target.detachedFromTarget', (event: { sessionId: string }) => {
    for (const [t, s] of sessions) if (s === event.sessionId) sessions.delete(t);
  });

  async function workerHeaps(gc: boolean): Promise<HeapUsage[]> {
    const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    const workers = targetInfos.filter((t) => t.type === 'worker');
    const out: HeapUsage[] = [];
    for (const w of workers) {
      let sessionId = sessions.get(w.targetId);
      if (!sessionId) {
        try {
          sessionId = ((await browserCdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false })) as { sessionId: string }).sessionId;
          sessions.set(w.targetId, sessionId);
        } catch {
          continue; // the worker ended meanwhile
        }
      }
      const ask = (method: string): Promise<HeapUsage> =>
        new Promise<HeapUsage>((resolve) => {
          const id = nextId++;
          pending.set(id, resolve);
          setTimeout(() => {
            if (pending.delete(id)) resolve({});
          }, 2000);
          void browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve({}));
        });
      if (gc) await ask('HeapProfiler.collectGarbage');
      out.push(await ask('Runtime.getHeapUsage'));
    }
    return out;
  }

  const t0 = performance.now();
  async function sampleNow(gc = false): Promise<HeapSample> {
    if (gc) await pageCdp.send('HeapProfiler.collectGarbage');
    const main = (await pageCdp.send('Runtime.getHeapUsage')) as HeapUsage;
    const heaps = await workerHeaps(gc);
    return {
      ms: performance.now() - t0,
      mainUsed: main.usedSize ?? 0,
      mainBacking: main.backingStorageSize ?? 0,
      workersUsed: heaps.reduce((a, h) => a + (h.usedSize ?? 0), 0),
      workersBacking: heaps.reduce((a, h) => a + (h.backingStorageSize ?? 0), 0),
      workers: heaps.length,
    };
  }

  const samples: HeapSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await sampleNow().catch(() => ({ ms: performance.now() - t0, mainUsed: 0, mainBacking: 0, workersUsed: 0, workersBacking: 0, workers: 0 })));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    sampleNow,
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
