// Layout of the 3D view's PNG (pure, whole CSS px): the title on top, the tightly cropped scene
// below it, the legend to the right of the scene. The PNG is scale × this size.

export interface BrainFigureLayout {
  readonly width: number;
  readonly height: number;
  readonly fontPx: number;
  /** Title baseline. */
  readonly title: { readonly x: number; readonly y: number };
  /** Where the cropped scene goes (same size as the crop). */
  readonly scene: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Legend entries: swatch centre and radius, text baseline. */
  readonly legend: ReadonlyArray<{ readonly cx: number; readonly cy: number; readonly r: number; readonly tx: number; readonly ty: number }>;
}

/**
 * @param scene crop size (whole CSS px)
 * @param titleWidth measured width of the title at fontPx (bold)
 * @param legendWidths measured width of each legend label at fontPx
 */
export function brainFigureLayout(
  scene: { readonly width: number; readonly height: number },
  titleWidth: number,
  legendWidths: readonly number[],
  fontPx = 13,
): BrainFigureLayout {
  const f = fontPx;
  const m = Math.round(f);
  const sceneTop = Math.ceil(m + 1.6 * f);
  const sceneBox = { x: m, y: sceneTop, width: Math.max(1, Math.round(scene.width)), height: Math.max(1, Math.round(scene.height)) };
  const lx = sceneBox.x + sceneBox.width + m;
  const step = 1.6 * f;
  const legend = legendWidths.map((_, i) => {
    const cy = sceneTop + 0.8 * f + i * step;
    return { cx: lx + 0.5 * f, cy, r: 0.4 * f, tx: lx + 1.3 * f, ty: cy + 0.35 * f };
  });
  const legendWidth = legendWidths.length > 0 ? 1.3 * f + Math.max(...legendWidths) : 0;
  const width = Math.ceil(Math.max(2 * m + titleWidth, lx + (legendWidths.length > 0 ? legendWidth + m : 0)));
  const height = Math.ceil(Math.max(sceneTop + sceneBox.height + m, sceneTop + legendWidths.length * step + m));
  return { width, height, fontPx: f, title: { x: m, y: m + f }, scene: sceneBox, legend };
}
