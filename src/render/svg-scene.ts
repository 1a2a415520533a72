// A tiny retained scene of SVG primitives (pure; runs in Node). Chart builders (matrix-figure.ts,
// bar-chart.ts) produce a Scene; sceneToSvg serialises it for export (every text and attribute
// through escapeXml) and SceneSvg (scene-svg.tsx) draws the same scene in React, so the file
// matches the screen. Units: CSS px, origin top-left.
import { escapeXml } from './svg-export';
import { measuredWidth } from './text-measure';

export interface SceneRect {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
}

export interface SceneLine {
  readonly kind: 'line';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly stroke: string;
  readonly strokeWidth?: number;
}

export interface SceneText {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly size?: number;
  readonly fill?: string;
  readonly bold?: boolean;
  /** Degrees, about (x, y). */
  readonly rotate?: number;
}

export type SceneItem = SceneRect | SceneLine | SceneText;

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly items: readonly SceneItem[];
  /** <title> of the exported file (accessible name). */
  readonly title: string;
  readonly fontFamily?: string;
}

export const SCENE_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Rounded to 0.01 px: stable text for tests and small files. */
export const px = (v: number): string => String(Math.round(v * 100) / 100);

/** Estimated width of `text` at `size` px in a sans-serif font: 0.58 em per character. */
const estimate = (text: string, size: number): number => text.length * size * 0.58;

/** Width of `text` at `size` px in the scene font (layout: max of measured and estimated). */
export function textWidth(text: string, size: number): number {
  const e = estimate(text, size);
  const m = measuredWidth(text, `${size}px ${SCENE_FONT}`);
  return m === null ? e : Math.max(e, m);
}

/** textWidth of bold text (bold glyphs run about 8 % wider). */
export function boldTextWidth(text: string, size: number): number {
  const e = estimate(text, size) * 1.08;
  const m = measuredWidth(text, `bold ${size}px ${SCENE_FONT}`);
  return m === null ? e : Math.max(e, m);
}

/**
 * The box a text item covers (from textWidth, its anchor and rotation; ascent 0.8 and descent
 * 0.25 of the size): layout code and tests check that no text leaves the figure.
 */
export function textBox(it: SceneText): { x0: number; y0: number; x1: number; y1: number } {
  const size = it.size ?? 12;
  const w = it.bold ? boldTextWidth(it.text, size) : textWidth(it.text, size);
  const left = it.anchor === 'middle' ? -w / 2 : it.anchor === 'end' ? -w : 0;
  const a = ((it.rotate ?? 0) * Math.PI) / 180;
  const cos = Math.cos(a),
    sin = Math.sin(a);
  const corners = [
    [left, -size * 0.8],
    [left + w, -size * 0.8],
    [left, size * 0.25],
    [left + w, size * 0.25],
  ].map(([dx = 0, dy = 0]) => [it.x + dx * cos - dy * sin, it.y + dx * sin + dy * cos] as const);
  const xs = corners.map((c) => c[0]),
    ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** The texts of a scene that reach outside its width × height (by textBox), for tests. */
export function textsOutside(scene: Scene): string[] {
  return scene.items.flatMap((it) => {
    if (it.kind !== 'text' || it.text === '') return [];
    const b = textBox(it);
    return b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > scene.width + 0.5 || b.y1 > scene.height + 0.5 ? [it.text] : [];
  });
}

function itemSvg(it: SceneItem): string {
  if (it.kind === 'rect') {
    const stroke = it.stroke ? ` stroke="${escapeXml(it.stroke)}" stroke-width="${px(it.strokeWidth ?? 1)}"` : '';
    return `<rect x="${px(it.x)}" y="${px(it.y)}" width="${px(it.w)}" height="${px(it.h)}" fill="${escapeXml(it.fill)}"${stroke}/>`;
  }
  if (it.kind === 'line') {
    return `<line x1="${px(it.x1)}" y1="${px(it.y1)}" x2="${px(it.x2)}" y2="${px(it.y2)}" stroke="${escapeXml(it.stroke)}" stroke-width="${px(it.strokeWidth ?? 1)}"/>`;
  }
  const attrs = [
    `x="${px(it.x)}"`,
    `y="${px(it.y)}"`,
    `font-size="${px(it.size ?? 12)}"`,
    `fill="${escapeXml(it.fill ?? '#000000')}"`,
    `text-anchor="${it.anchor ?? 'start'}"`,
  ];
  if (it.bold) attrs.push('font-weight="bold"');
  if (it.rotate) attrs.push(`transform="rotate(${px(it.rotate)} ${px(it.x)} ${px(it.y)})"`);
  return `<text ${attrs.join(' ')}>${escapeXml(it.text)}</text>`;
}

export function sceneToSvg(scene: Scene): string {
  const font = escapeXml(scene.fontFamily ?? SCENE_FONT);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(scene.width)}" height="${px(scene.height)}" viewBox="0 0 ${px(scene.width)} ${px(scene.height)}" font-family="${font}">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...scene.items.map(itemSvg),
    '</svg>',
  ].join('\n');
}
