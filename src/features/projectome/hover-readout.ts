// What is under the cursor: CCF coordinate, structure (50 µm label slice) and each source's
// density there (alpha × ceiling; alpha is clamped at 1, so values at the ceiling read "≥").
import type { FrameData } from './frame-source.ts';

export interface HoverInfo {
  readonly apUm: number;
  readonly dvUm: number;
  readonly mlUm: number;
  readonly structureId: number;
  readonly densities: ReadonlyArray<{ readonly value: number; readonly atCeiling: boolean }>;
}

export function hoverInfo(data: FrameData, dvUm: number, mlUm: number, ceiling: number, sources: number): HoverInfo {
  const { section, frame } = data;
  const r = Math.floor(dvUm / section.resolutionUm);
  const c = Math.floor(mlUm / section.resolutionUm);
  const inSection = r >= 0 && c >= 0 && r < section.rows && c < section.cols;
  const structureId = inSection ? (section.labels[r * section.cols + c] ?? 0) : 0;
  const fr = Math.floor(dvUm / 100);
  const fc = Math.floor(mlUm / 100);
  const n = frame.rows * frame.cols;
  const alpha = new Float32Array(frame.alpha);
  const densities = Array.from({ length: sources }, (_, s) => {
    if (fr < 0 || fc < 0 || fr >= frame.rows || fc >= frame.cols) return { value: 0, atCeiling: false };
    const a = alpha[s * n + fr * frame.cols + fc] ?? 0;
    return { value: a * ceiling, atCeiling: a >= 1 };
  });
  // AP = grid index × 100 µm, the slice's anterior face: the number the slider and the URL show
  return { apUm: frame.apIndex * 100, dvUm, mlUm, structureId, densities };
}
