// The AP slider part of `npm run bench:browser`: per window size, 60 keyboard steps through the
// target (key → ready, key → GPU done, key → AP label) and a 3 s play of the sweep (frames drawn
// per second), with the app's own performance measures of the steps.
import type { Page } from '@playwright/test';
import { clearFrameMeasures, frameMeasures, installStepProbe, playRun, sliderStep } from './page-probes.ts';
import { median, quantile, type Row } from './report.ts';
import type { FloorResult } from './slider-floor.ts';

export const SLIDER_STEPS = 60;
const SLIDER_WARMUP = 4;
const PLAY_SECONDS = 3;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** BENCH_SIZES="1280x800,1920x1200" (the default). */
export function benchSizes(spec = process.env.BENCH_SIZES ?? '1280x800,1920x1200'): Size[] {
  return spec.split(',').map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s.trim());
    if (!m) throw new Error(`BENCH_SIZES: "${s}" is not WIDTHxHEIGHT`);
    return { width: Number(m[1]), height: Number(m[2]) };
  });
}

/** Resizes the page and waits until it has laid out and presented two frames at the new size, ready. */
async function resizeTo(page: Page, size: Size): Promise<void> {
  await page.setViewportSize(size);
  await page.waitForFunction((w) => w === innerWidth, size.width, { timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForSelector('[data-testid="projectome-canvas"][data-render-state="ready"]', { state: 'attached', timeout: 30_000 });
}

export async function sliderRun(page: Page, size: Size) {
  await resizeTo(page, size);
  const slider = page.getByRole('slider');
  await slider.focus();
  const [min, max, start] = await slider.evaluate((el: HTMLInputElement) => [Number(el.min), Number(el.max), Number(el.value)]);
  const canvas = await page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="projectome-canvas"] canvas');
    return c ? { width: c.width, height: c.height } : null;
  });
  await installStepProbe(page);
  let ap = start;
  let dir: 1 | -1 = 1;
  const step = async () => {
    if (ap + dir > max || ap + dir < min) dir = dir === 1 ? -1 : 1;
    const r = await sliderStep(page, dir === 1 ? 'ArrowRight' : 'ArrowLeft');
    ap += dir;
    return r;
  };
  for (let i = 0; i < SLIDER_WARMUP; i++) await step();
  await clearFrameMeasures(page);
  const inputToReady: number[] = [];
  const inputToGpu: number[] = [];
  const inputToLabel: number[] = [];
  const labels = new Set<string>();
  for (let i = 0; i < SLIDER_STEPS; i++) {
    const r = await step();
    inputToReady.push(r.readyMs - r.keyMs);
    inputToGpu.push(r.gpuMs - r.keyMs);
    if (r.labelMs !== null) inputToLabel.push(r.labelMs - r.keyMs);
    labels.add(r.apLabel);
  }
  const measures = {
    draw: await frameMeasures(page, 'bsv:draw'),
  };
  await slider.focus();
  const play = await playRun(page, PLAY_SECONDS);
  return { size, canvas, inputToReady, inputToGpu, inputToLabel, ...measures, play, apRange: [min, max], distinctAps: labels.size };
}

export type SliderResult = Awaited<ReturnType<typeof sliderRun>> & {
  /** The floor page (slider-floor.ts), when measured: drawn by the page's thread, and by a worker. */
  readonly floor?: FloorResult;
  readonly workerFloor?: FloorResult;
};

const pq = (v: readonly number[], digits = 1): string =>
  v.length === 0 ? 'n/a' : `p50 ${median(v).toFixed(digits)} / p95 ${quantile(v, 0.95).toFixed(digits)} ms`;

/** Table rows of one size (measures the app does not record are left out). */
export function sliderRows(r: SliderResult, experiments: number): Row[] {
  const at = `${r.size.width}×${r.size.height}`;
  const buffer = r.canvas ? `, canvas ${r.canvas.width}×${r.canvas.height}` : '';
  const p95Gpu = quantile(r.inputToGpu, 0.95);
  const p95Ready = quantile(r.inputToReady, 0.95);
  const fps = r.play.drawnFrames / r.play.seconds;
  const info = (name: string, v: readonly number[], digits = 1): Row[] => (v.length > 0 ? [{ name, budget: '—', value: pq(v, digits), pass: null }] : []);
  return [
    {
      name: `AP slider ${at}: key → frame drawn on the GPU (${experiments} exp., 8 src${buffer}, n=${r.inputToGpu.length})`,
      budget: '≤ 16 ms p95',
      value: pq(r.inputToGpu),
      pass: p95Gpu <= 16,
    },
    { name: `  key → data-render-state ready`, budget: '≤ 16 ms p95', value: pq(r.inputToReady), pass: p95Ready <= 16 },
    ...info('  key → AP label updated', r.inputToLabel),
    ...info(`  floor: the same keys on a page with only a WebGL canvas of that size (slider-floor.ts)`, r.floor?.steps ?? []),
    ...info(`  floor drawn by a worker (OffscreenCanvas; worker's answer after readPixels)`, r.workerFloor?.steps ?? []),
    ...(r.floor && r.workerFloor
      ? [
          {
            name: '  floor pages: longest task of the page while the context is made (page / worker)',
            budget: '—',
            value: `${r.floor.longestTaskMs.toFixed(0)} / ${r.workerFloor.longestTaskMs.toFixed(0)} ms`,
            pass: null,
          },
        ]
      : []),
    ...info('  regl draw call (CPU side; SwiftShader here)', r.draw),
    {
      name: `AP sweep (play) ${at}: frames drawn per second`,
      budget: '≥ 30 fps',
      value: `${fps.toFixed(1)} fps (${r.play.drawnFrames} of ${r.play.animationFrames} animation frames in ${r.play.seconds.toFixed(1)} s, ${r.play.distinctAps} APs)`,
      pass: fps >= 30,
    },
  ];
}
