// The projectome canvas outside React: owns the renderer for one mount of the canvas, loads once
// per prepared projectome what the slider draws over the target's whole AP extent (two worker
// calls, cached sections), and draws. An AP step is a store update → this subscription → one
// renderer.draw (uniforms only) in the same task; a second step in the same animation frame is
// drawn at the next one. No React render per frame, no worker round trip per step.
//
// data-render-state on the wrapper: "ready" (or "partial" for a preview, "cached" for a link's
// stored first frame not yet checked against the current data) only while the frame on
// screen is the one for the current inputs and AP, drawn by this stage's live renderer; otherwise
// "loading". data-drawn-ap is the AP index on screen, data-drawn-atlas-um the resolution of its drawn sections; data-opacity-texture 'float' or 'bytes'. Everything async checks, after each await,
// that this stage is alive and the load still wanted, and uses the renderer it holds then.
// The renderer is made just after the mount, not inside React's commit, in steps that are tasks of
// their own (the WebGL context, 80–280 ms of main thread in software WebGL; regl; then each
// program, ~10–40 ms each: made in one task they were a 303-experiment load's longest, ~200 ms);
// data that arrives before it (a link's stored frame) is drawn as soon as it exists.
import type * as Comlink from 'comlink';
import type { ComputeWorkerApi } from '../../protocol/compute-contract.ts';
import type { SectionStack } from '../../compute/section-stack.ts';
import type { ProjectomeStack } from '../../compute/projectome-stack.ts';
import type { Rgb } from '../../render/colormaps.ts';
import { layoutSize } from '../../render/export-scale.ts';
import type { SectionViewport } from '../../render/section-viewport.ts';
import { projectomeRendererSteps, type ProjectomeRenderer } from '../../render/projectome-renderer.ts';
import { abandonSteps, type Steps } from '../../render/steps.ts';
import type { ProjectomeFrameState } from '../../render/projectome-types.ts';
import { projectomeParams } from '../../state/projectome-params.ts';
import { sectionStackQuery } from '../../data/queries.ts';
import { queryClient } from '../../data/query-client.ts';
import { dismissPagePicture } from '../../data/page-picture.ts';
import { markFirstFrameSettled } from '../../state/first-frame.ts';
import { sectionRequestKey } from '../../protocol/frame-snapshot.ts';
import { currentApIndex, sliceRangeOf } from './ap-position.ts';
import type { ProjectomeResult } from './projectome-pipeline.ts';
import { sectionRequestOf } from './frame-snapshot.ts';
import { dotsOf, type ShownFrame, type StageData } from './shown-frame.ts';

export interface StageInputs {
  readonly result: ProjectomeResult;
  /** The result is an older one kept on screen while a new one loads (never "ready"). */
  readonly stale?: boolean;
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly targetColor: Rgb;
  /**
   * The result's stack and sections as stored for its link (frame-snapshot.ts): drawn without
   * asking the worker, marked "cached" (never "ready") until the verified result replaces it.
   */
  readonly snapshot?: { readonly stack: ProjectomeStack; readonly sections: SectionStack };
}

export interface StageCallbacks {
  /** A load or draw failed (null: the last error no longer applies). */
  readonly onError: (message: string | null) => void;
  /** After each draw or resize: the frame on screen. */
  readonly onShown?: (shown: ShownFrame) => void;
  /** A final (not partial, not cached) result's data arrived from the worker and was drawn. */
  readonly onLoaded?: (data: StageData, apIndex: number) => void;
}

type RenderState = 'loading' | 'cached' | 'partial' | 'ready';

/** The frame on screen drawn again for an export (ProjectomeStage.renderAt). */
export interface ScaledFrame {
  readonly canvas: HTMLCanvasElement;
  readonly viewport: SectionViewport;
  /** The layout size in whole CSS px; the canvas holds scale × that many device px. */
  readonly cssWidth: number;
  readonly cssHeight: number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The Prioritized Task Scheduling API, where the browser has it (Chromium). */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'user-blocking' }): Promise<void>;
}

/**
 * `task` in a task of its own, ahead of the page's other queued tasks where the browser can
 * (scheduler.postTask 'user-blocking': input still comes first). Made in plain tasks, the
 * renderer's steps waited behind React's renders and the worker's messages: a repeat visit's
 * stored frame was drawn ~100 ms later (bench:ab, 10 loads each). Else a message channel, not
 * nested timers (clamped to ≥ 4 ms).
 */
function urgentTask(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler?.postTask) {
    void scheduler.postTask(task, { priority: 'user-blocking' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

export class ProjectomeStage {
  private renderer: ProjectomeRenderer | null = null;
  private inputs: StageInputs | null = null;
  private data: StageData | null = null;
  private uploaded: SectionStack | null = null;
  private sections: { readonly key: string; readonly promise: Promise<SectionStack> } | null = null;
  private token = 0;
  private destroyed = false;
  private state: RenderState = 'loading';
  private drawnThisFrame = false;
  /** The canvas has a size (a frame drawn before the first layout would be blank). */
  private sized = false;
  private pending = false;
  private raf = 0;
  private createTimer: ReturnType<typeof setTimeout> | null = null;
  /** The renderer being made, step by step (null before the first step and once made). */
  private setup: Steps<ProjectomeRenderer> | null = null;
  /** The context was lost before the renderer existed: the steps start again once it is restored. */
  private lostInSetup = false;
  /** A checked result arrived before the renderer existed: onLoaded once it is drawn. */
  private loadedUndrawn = false;
  private shown: ShownFrame | null = null;
  private readonly listeners = new Set<(shown: ShownFrame) => void>();
  private readonly unsubscribe: () => void;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly wrap: HTMLElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly worker: Comlink.Remote<ComputeWorkerApi>,
    private readonly cb: StageCallbacks,
  ) {
    this.setState('loading');
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(wrap);
    this.unsubscribe = projectomeParams.useStore.subscribe((s, prev) => {
      if (s.value.positionUm !== prev.value.positionUm) this.requestDraw();
    });
    // the renderer in steps, each a task of its own (projectomeRendererSteps): the WebGL context
    // alone, regl, then each program
    canvas.addEventListener('webglcontextlost', this.onLostInSetup);
    canvas.addEventListener('webglcontextrestored', this.onRestoredInSetup);
    this.createTimer = setTimeout(() => {
      this.createTimer = null;
      this.createStep();
    }, 0);
  }

  /**
   * A context lost between two steps (the renderer's own handlers exist only once it is made): the
   * restore is asked for and what the steps made is dropped; they start again on the restored
   * context.
   */
  private readonly onLostInSetup = (e: Event): void => {
    if (this.renderer) return;
    e.preventDefault();
    this.lostInSetup = true;
    if (this.setup) abandonSteps(this.setup);
    this.setup = null;
  };

  private readonly onRestoredInSetup = (): void => {
    if (this.renderer || !this.lostInSetup || this.destroyed) return;
    this.lostInSetup = false;
    urgentTask(() => this.createStep());
  };

  private removeSetupListeners(): void {
    this.canvas.removeEventListener('webglcontextlost', this.onLostInSetup);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestoredInSetup);
  }

  /** One step of making the renderer (see the file comment); the last draws the data already here. */
  private createStep(): void {
    if (this.destroyed || this.lostInSetup || this.renderer) return;
    this.setup ??= projectomeRendererSteps(this.canvas, {
      onContextLost: () => this.setState('loading'),
      onContextRestored: () => this.afterDraw(),
      onError: (e) => this.cb.onError(`The WebGL context came back but the frame could not be rebuilt: ${message(e)}`),
    });
    let step: IteratorResult<void, ProjectomeRenderer>;
    try {
      step = this.setup.next();
    } catch (e) {
      this.setup = null;
      // lost during this step: the restore starts the steps again (onRestoredInSetup)
      if (this.lostInSetup || this.canvas.getContext('webgl')?.isContextLost()) {
        this.lostInSetup = true;
        return;
      }
      this.removeSetupListeners();
      this.cb.onError(`WebGL is not available: ${message(e)}`);
      return;
    }
    if (!step.done) {
      urgentTask(() => this.createStep());
      return;
    }
    this.setup = null;
    this.removeSetupListeners();
    this.renderer = step.value;
    // how opacities reach the GPU: float textures, or 8-bit without OES_texture_float
    this.wrap.setAttribute('data-opacity-texture', this.renderer.floatTextures ? 'float' : 'bytes');
    // size the drawing buffer now (layout is known once the wrapper is mounted)
    this.resize();
    const d = this.data;
    const drawn = d ? this.install(d.result, d.stack, d.sections) : null;
    if (drawn && this.loadedUndrawn) this.cb.onLoaded?.(drawn, this.frameState()?.apIndex ?? -1);
    this.loadedUndrawn = false;
  }

  /** New inputs: a new projectome loads its data; colours, visibility and a new ceiling are uniforms. */
  setInputs(inputs: StageInputs): void {
    this.inputs = inputs;
    const d = this.data;
    if (d && d.result.key !== inputs.result.key && d.result.stackKey === inputs.result.stackKey) {
      this.data = { ...d, result: inputs.result };
    }
    if (this.data?.result.key === inputs.result.key) this.requestDraw();
    else if (inputs.snapshot) {
      this.token++;
      this.loadedUndrawn = false;
      const sections = inputs.snapshot.sections;
      // stored sections over the whole extent are the checked result's too; a first-AP record's single slice is not
      if (sections.apCount === sectionRequestOf(inputs.result).count)
        this.sections = { key: sectionRequestKey(sectionRequestOf(inputs.result)), promise: Promise.resolve(sections) };
      this.install(inputs.result, inputs.snapshot.stack, sections);
    } else void this.load(inputs.result);
  }

  /** The frame on screen (hover readout, exports), or null before the first draw. */
  current(): ShownFrame | null {
    return this.shown;
  }

  /**
   * Draws the frame on screen again at `scale` device px per CSS px of its layout size, hands it to
   * `consume` and restores the on-screen size and frame, all in this task: the larger frame is never
   * presented, and `consume` must copy what it needs before returning.
   */
  renderAt<T>(scale: number, consume: (frame: ScaledFrame) => T): T {
    const r = this.renderer;
    if (!r || !this.shown || this.destroyed || r.isContextLost()) throw new Error('there is no frame on screen to export yet');
    const box = this.canvas.getBoundingClientRect();
    const size = layoutSize(box.width, box.height);
    try {
      r.resize(size.width, size.height, scale); // redraws the last state at that size
      return consume({ canvas: this.canvas, viewport: r.viewport(), cssWidth: size.width, cssHeight: size.height });
    } finally {
      this.resize();
    }
  }

  /** Resolves once the frame at `apIndex` for the current inputs is on screen. */
  whenShown(apIndex: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (f: ShownFrame): void => {
        if (f.apIndex !== apIndex || this.wrap.getAttribute('data-render-state') !== 'ready') return;
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
      if (this.shown) check(this.shown);
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.createTimer !== null) clearTimeout(this.createTimer);
    this.createTimer = null;
    if (this.setup) abandonSteps(this.setup);
    this.setup = null;
    this.removeSetupListeners();
    this.token++;
    cancelAnimationFrame(this.raf);
    this.unsubscribe();
    this.resizeObserver.disconnect();
    this.renderer?.destroy();
    this.renderer = null;
    this.listeners.clear();
  }

  private async load(result: ProjectomeResult): Promise<void> {
    const token = ++this.token;
    this.setState('loading');
    const r = sectionRequestOf(result);
    const key = sectionRequestKey(r);
    if (this.sections?.key !== key) {
      // often cut already: the pipeline asks for them as soon as the target's mask is known
      const promise = queryClient.fetchQuery(sectionStackQuery(r));
      this.sections = { key, promise };
      promise.catch(() => {
        if (this.sections?.promise === promise) this.sections = null;
      });
    }
    const t0 = performance.now();
    try {
      const [stack, sections] = await Promise.all([this.worker.projectomeStack(result.key), this.sections.promise]);
      if (this.destroyed || token !== this.token) return;
      performance.measure('bsv:stack', { start: t0, end: performance.now() });
      const data = this.install(result, stack, sections);
      performance.measure('bsv:frame', { start: t0, end: performance.now() });
      if (data && !result.partial) this.cb.onLoaded?.(data, this.frameState()?.apIndex ?? -1);
      // loaded before the renderer was made: announced once it has drawn it
      this.loadedUndrawn = !data && !result.partial && this.renderer === null;
    } catch (e) {
      if (!this.destroyed && token === this.token) this.cb.onError(message(e));
    }
  }

  /** Uploads a result's data and draws it; the data, or null without a renderer. */
  private install(result: ProjectomeResult, stack: ProjectomeStack, sections: SectionStack): StageData | null {
    const dots = dotsOf(result);
    const data: StageData = { result, stack, sections, dots };
    this.data = data;
    const r = this.renderer;
    if (!r) return null;
    if (this.uploaded !== sections) r.setSections(sections);
    this.uploaded = sections;
    r.setSources(stack, dots);
    this.cb.onError(null);
    this.drawNow();
    return data;
  }

  /** Draws now unless a frame was drawn in this animation frame already (then at the next one). */
  private requestDraw(): void {
    if (this.destroyed) return;
    if (this.drawnThisFrame) {
      if (!this.pending) this.setState('loading');
      this.pending = true;
      return;
    }
    this.drawNow();
    this.drawnThisFrame = true;
    this.raf = requestAnimationFrame(() => {
      this.drawnThisFrame = false;
      if (!this.pending) return;
      this.pending = false;
      this.requestDraw();
    });
  }

  private frameState(): ProjectomeFrameState | null {
    const d = this.data;
    const inp = this.inputs;
    if (!d || !inp) return null;
    const range = sliceRangeOf(d.result.summary);
    const ceiling = d.result.summary.ceiling;
    const gain = ceiling > 0 && d.stack.ceiling > 0 ? d.stack.ceiling / ceiling : 1;
    return { apIndex: range === null ? -1 : currentApIndex(range), colors: inp.colors, visible: inp.visible, targetColor: inp.targetColor, gain };
  }

  private drawNow(): void {
    const r = this.renderer;
    const state = this.frameState();
    if (!r || !state) return;
    const t0 = performance.now();
    try {
      r.draw(state);
    } catch (e) {
      this.cb.onError(message(e));
      return;
    }
    performance.measure('bsv:draw', { start: t0, end: performance.now() });
    this.afterDraw(state);
  }

  /** Records what the renderer drew last (`state`, or what it redrew after a resize or restore). */
  private afterDraw(state: ProjectomeFrameState | null = this.frameState()): void {
    const r = this.renderer;
    const d = this.data;
    const inp = this.inputs;
    if (!r || !d || !inp || !state || this.destroyed) return;
    const box = this.canvas.getBoundingClientRect();
    this.shown = {
      apIndex: state.apIndex,
      data: d,
      colors: state.colors,
      visible: state.visible,
      targetColor: state.targetColor,
      gain: state.gain ?? 1,
      viewport: r.viewport(),
      canvas: this.canvas,
      cssWidth: box.width,
      cssHeight: box.height,
    };
    this.wrap.setAttribute('data-drawn-ap', String(state.apIndex));
    this.wrap.setAttribute('data-drawn-atlas-um', String(d.sections.resolutionUm));
    const current =
      this.sized &&
      d.result.key === inp.result.key &&
      !inp.stale &&
      !r.isContextLost() &&
      !this.pending &&
      state.colors === inp.colors &&
      state.visible === inp.visible;
    this.setState(current ? (inp.snapshot ? 'cached' : inp.result.partial ? 'partial' : 'ready') : 'loading');
    this.cb.onShown?.(this.shown);
    for (const l of [...this.listeners]) l(this.shown);
  }

  /** Sizes the drawing buffer to the canvas's content box (not the wrapper's, whose border made the buffer 2 px larger than shown: blur, and a reallocation after the context had been created at the right size). */
  private resize(): void {
    const r = this.renderer;
    if (!r || this.destroyed) return;
    const box = this.canvas.getBoundingClientRect();
    this.sized = box.width > 0 && box.height > 0;
    // the renderer redraws its last state at the new size
    r.resize(box.width, box.height, window.devicePixelRatio || 1);
    this.afterDraw();
  }

  /** What the canvas shows now (its data-render-state). */
  get renderState(): RenderState {
    return this.state;
  }

  private setState(state: RenderState): void {
    this.state = state;
    // set even when unchanged: every draw is one attribute mutation observers can see
    this.wrap.setAttribute('data-render-state', state);
    // a frame of this page is on screen: a repeat visit's stored picture of it gives way
    if (state !== 'loading') {
      dismissPagePicture();
      markFirstFrameSettled();
    }
  }
}
