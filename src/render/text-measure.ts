// Text as this browser draws it, for laying figures out (svg-scene.ts textWidth, overlay-layout.ts
// approxTextWidth): main.tsx installs a 2D-canvas measurer; without one (Node, the unit tests) the
// layouts use their estimates alone. Layouts take the larger of the measured and the estimated
// width, so a text never runs off a figure here, and an SVG opened in another program (another
// font in its place) keeps the room the estimate gives it.
/** Measures text as the browser draws it: width in px of `text` in a CSS `font`. */
export type TextMeasurer = (text: string, font: string) => number;

let measurer: TextMeasurer | null = null;

/** Installs the measurer (null: estimates only). */
export function setTextMeasurer(m: TextMeasurer | null): void {
  measurer = m;
}

/** `text`'s width in a CSS `font` as this browser draws it, or null without a measurer. */
export function measuredWidth(text: string, font: string): number | null {
  return measurer ? measurer(text, font) : null;
}

/** A TextMeasurer on a 2D canvas (cached per font and text), or null where there is none. */
export function canvasTextMeasurer(): TextMeasurer | null {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : typeof document !== 'undefined' ? document.createElement('canvas') : null;
  const g = canvas?.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;
  if (!g) return null;
  const cache = new Map<string, number>();
  return (text, font) => {
    const key = `${font}\n${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (cache.size > 5000) cache.clear();
      g.font = font;
      w = g.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}
