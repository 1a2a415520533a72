// The floor under the slider's "key → frame drawn on the GPU": the same probe and keys on a page
// that holds nothing but a range input and a WebGL1 canvas of the projectome canvas's size (the
// app's context attributes), drawing one flat full-canvas quad per step. What it measures is
// this browser's cost of presenting a canvas frame (in software WebGL: the compositor redraws the
// whole window, ~10 ms at 1280×800 here), which no renderer change can go below.
//
// The worker floor: the same page with the canvas handed to a worker (transferControlToOffscreen),
// where the context is made and each step drawn, as a renderer in a worker would. A step is
// "drawn" when the page has the worker's answer, sent after its draw and a 1-pixel readPixels (the
// GPU has executed it), so both floors end at the same point. It also reports the page's longest
// task while the context is made (none on the worker's page, the context's creation on the
// other's): the trade a worker renderer makes, measured on the machine the bench runs on.
import type { Browser } from '@playwright/test';
import { installStepProbe, sliderStep } from './page-probes.ts';
import type { Size } from './slider-runs.ts';

const STEPS = 60;
const WARMUP = 4;

/** Where the floor page draws: the page's own thread, or a worker holding the canvas. */
export type FloorThread = 'page' | 'worker';

export interface FloorResult {
  /** Key → frame drawn on the GPU, ms per step after a warm-up. */
  readonly steps: number[];
  /** The page's longest task (ms) up to the first frame drawn: the context's creation on the page's thread. */
  readonly longestTaskMs: number;
}

const ATTRIBUTES = `{ preserveDrawingBuffer: true, antialias: false, depth: false, stencil: false, premultipliedAlpha: false, alpha: true }`;

/** The GL of both floors (plain JS text run in the page or the worker). */
const GL = `
let gl = null;
let t = null;
const init = (canvas) => {
  gl = canvas.getContext('webgl', ${ATTRIBUTES});
  const shader = (type, src) => { const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); return s; };
  const prog = gl.createProgram();
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, 'attribute vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }'));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, 'precision mediump float; uniform float t; void main() { gl_FragColor = vec4(t, 0.5, 0.5, 1.0); }'));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  t = gl.getUniformLocation(prog, 't');
};
const draw = (value) => {
  gl.clearColor(1, 1, 1, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  gl.uniform1f(t, value / 100);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
};
const executed = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
`;

const WORKER = `${GL}
self.onmessage = (e) => {
  if (e.data.canvas) init(e.data.canvas);
  draw(e.data.value);
  executed();
  self.postMessage(e.data.value);
};`;

/**
 * The page's thread draws in the input's task, and the probe's own readPixels (page-probes.ts)
 * waits for the GPU. The worker's page keeps the canvas outside the probed wrapper (the page
 * cannot open a context on a transferred canvas): the worker's answer is the GPU's.
 */
const page = (canvas: { width: number; height: number }, thread: FloorThread): string => `<!doctype html><html><body style="margin:0">
<input type="range" min="0" max="100" value="50" aria-label="AP">
<span data-testid="ap-label">50</span>
<div data-testid="projectome-canvas" data-render-state="loading">${thread === 'page' ? '<canvas></canvas>' : ''}</div>
${thread === 'worker' ? '<canvas></canvas>' : ''}
<script>
window.__longest = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });
const slider = document.querySelector('input');
const label = document.querySelector('[data-testid="ap-label"]');
const wrap = document.querySelector('[data-testid="projectome-canvas"]');
const c = document.querySelector('canvas');
c.style.cssText = 'width:${canvas.width}px;height:${canvas.height}px;display:block';
c.width = ${canvas.width};
c.height = ${canvas.height};
window.__drawn = new Promise((drawn) => {
${
  thread === 'page'
    ? `${GL}
  setTimeout(() => {
    init(c);
    draw(Number(slider.value));
    executed();
    wrap.setAttribute('data-render-state', 'ready');
    drawn();
  }, 0);
  slider.addEventListener('input', () => {
    wrap.setAttribute('data-render-state', 'loading');
    draw(Number(slider.value));
    label.textContent = slider.value;
    wrap.setAttribute('data-render-state', 'ready');
  });`
    : `const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WORKER)}], { type: 'text/javascript' })));
  const offscreen = c.transferControlToOffscreen();
  worker.postMessage({ canvas: offscreen, value: Number(slider.value) }, [offscreen]);
  worker.onmessage = (e) => {
    drawn();
    if (e.data === Number(slider.value)) wrap.setAttribute('data-render-state', 'ready');
  };
  slider.addEventListener('input', () => {
    wrap.setAttribute('data-render-state', 'loading');
    worker.postMessage({ value: Number(slider.value) });
    label.textContent = slider.value;
  });`
}
});
</script></body></html>`;

/** Key → frame drawn on the GPU on the floor page, and the page's longest task while the context was made. */
export async function sliderFloor(browser: Browser, size: Size, canvas: { width: number; height: number }, thread: FloorThread = 'page'): Promise<FloorResult> {
  const ctx = await browser.newContext({ viewport: size });
  try {
    const p = await ctx.newPage();
    await p.setContent(page(canvas, thread));
    await p.evaluate(() => (window as unknown as { __drawn: Promise<void> }).__drawn);
    const longestTaskMs = await p.evaluate(() => (window as unknown as { __longest: number }).__longest);
    await p.getByRole('slider').focus();
    await installStepProbe(p);
    const steps: number[] = [];
    let dir: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight';
    for (let i = 0; i < WARMUP + STEPS; i++) {
      if (i % 40 === 39) dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
      const r = await sliderStep(p, dir);
      if (i >= WARMUP) steps.push(r.gpuMs - r.keyMs);
    }
    return { steps, longestTaskMs };
  } finally {
    await ctx.close();
  }
}
