// The floor under the slider's "key → frame drawn on the GPU": the same probe and keys on a page
// that holds nothing but a range input and a WebGL1 canvas of the projectome canvas's size (the
// app's context attributes), drawing one flat full-canvas quad per step. What it measures is
// this browser's cost of presenting a canvas frame (in software WebGL: the compositor redraws the
// whole window, ~10 ms at 1280×800 here), which no renderer change can go below.
import type { Browser } from '@playwright/test';
import { installStepProbe, sliderStep } from './page-probes.ts';
import type { Size } from './slider-runs.ts';

const STEPS = 60;
const WARMUP = 4;

const page = (canvas: { width: number; height: number }): string => `<!doctype html><html><body style="margin:0">
<input type="range" min="0" max="100" value="50" aria-label="AP">
<span data-testid="ap-label">50</span>
<div data-testid="projectome-canvas" data-render-state="ready"><canvas style="width:${canvas.width}px;height:${canvas.height}px;display:block"></canvas></div>
<script>
const slider = document.querySelector('input');
const label = document.querySelector('[data-testid="ap-label"]');
const wrap = document.querySelector('[data-testid="projectome-canvas"]');
const c = wrap.querySelector('canvas');
c.width = ${canvas.width};
c.height = ${canvas.height};
const gl = c.getContext('webgl', { preserveDrawingBuffer: true, antialias: false, depth: false, stencil: false, premultipliedAlpha: false, alpha: true });
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
const t = gl.getUniformLocation(prog, 't');
const draw = () => {
  gl.clearColor(1, 1, 1, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  gl.uniform1f(t, Number(slider.value) / 100);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
};
draw();
slider.addEventListener('input', () => {
  wrap.setAttribute('data-render-state', 'loading');
  draw();
  label.textContent = slider.value;
  wrap.setAttribute('data-render-state', 'ready');
});
</script></body></html>`;

/** Key → frame drawn on the GPU on the floor page (ms per step, after a warm-up). */
export async function sliderFloor(browser: Browser, size: Size, canvas: { width: number; height: number }): Promise<number[]> {
  const ctx = await browser.newContext({ viewport: size });
  try {
    const p = await ctx.newPage();
    await p.setContent(page(canvas));
    await p.getByRole('slider').focus();
    await installStepProbe(p);
    const out: number[] = [];
    let dir: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight';
    for (let i = 0; i < WARMUP + STEPS; i++) {
      if (i % 40 === 39) dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
      const r = await sliderStep(p, dir);
      if (i >= WARMUP) out.push(r.gpuMs - r.keyMs);
    }
    return out;
  } finally {
    await ctx.close();
  }
}
