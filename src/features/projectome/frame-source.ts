// Fetches what one AP position needs from the worker: the projectome frame (alpha maps,
// draw order, visible dots) and the atlas section (boundaries + target mask at 50 µm). Sections
// are memoised per AP index; frames are double-buffered (the previous alpha buffer is handed
// back to the worker to be refilled).
import * as Comlink from 'comlink';
import type { ComputeWorkerApi, ProjectomeFrameMessage } from '../../protocol/compute-contract.ts';

export interface SectionImage {
  readonly rows: number;
  readonly cols: number;
  readonly resolutionUm: number;
  readonly boundaries: Uint8Array;
  readonly labels: Uint32Array;
  readonly targetMask: Uint8Array;
  /** 1 inside the brain (label ≠ 0). */
  readonly inside: Uint8Array;
}

export interface FrameData {
  readonly apIndex: number;
  readonly frame: ProjectomeFrameMessage;
  readonly section: SectionImage;
}

export function createFrameSource(
  worker: Comlink.Remote<ComputeWorkerApi>,
  projectomeKey: string,
  annotationKey: string,
  resolutionUm: number,
  targetIds: ReadonlySet<number>,
) {
  const sections = new Map<number, Promise<SectionImage>>();
  let spare: ArrayBuffer | undefined;

  function section(apIndex: number): Promise<SectionImage> {
    let s = sections.get(apIndex);
    if (!s) {
      const apUm = apIndex * 100 + 50;
      s = worker.coronalBoundaries(annotationKey, apUm, true).then((m) => {
        const labels = new Uint32Array(m.labels ?? new ArrayBuffer(m.width * m.height * 4));
        const targetMask = new Uint8Array(labels.length);
        const inside = new Uint8Array(labels.length);
        for (let i = 0; i < labels.length; i++) {
          const l = labels[i] ?? 0;
          if (l !== 0) inside[i] = 1;
          if (targetIds.has(l)) targetMask[i] = 1;
        }
        return { rows: m.height, cols: m.width, resolutionUm, boundaries: new Uint8Array(m.boundaries), labels, targetMask, inside };
      });
      sections.set(apIndex, s);
    }
    return s;
  }

  return {
    async frame(apIndex: number): Promise<FrameData> {
      const recycle = spare;
      spare = undefined;
      // Measures for `npm run bench:browser`: worker round trip of the frame and of the section.
      const t0 = performance.now();
      const framePromise = (
        recycle ? worker.projectomeFrame(projectomeKey, apIndex, Comlink.transfer(recycle, [recycle])) : worker.projectomeFrame(projectomeKey, apIndex)
      ).then((f) => {
        const t1 = performance.now();
        performance.measure('bsv:worker-frame', { start: t0, end: t1 });
        // split the round trip: waiting for the worker, computing, delivering the reply
        const started = f.timing.startedAtMs - performance.timeOrigin;
        performance.measure('bsv:worker-wait', { start: t0, end: Math.max(t0, started) });
        performance.measure('bsv:worker-compute', { start: started, duration: f.timing.computeMs });
        return f;
      });
      const sectionPromise = section(apIndex).then((s) => {
        performance.measure('bsv:section', { start: t0, end: performance.now() });
        return s;
      });
      const [frame, sec] = await Promise.all([framePromise, sectionPromise]);
      return { apIndex, frame, section: sec };
    },
    /** Start computing the atlas sections of these AP indices (the slider's likely next steps). */
    prefetch(apIndices: readonly number[]): void {
      for (const i of apIndices) if (i >= 0) void section(i).catch(() => sections.delete(i));
    },
    /** Hand a frame's alpha buffer back once it has been drawn and replaced. */
    release(frame: ProjectomeFrameMessage): void {
      if (frame.alpha.byteLength > 0) spare = frame.alpha;
    },
  };
}
