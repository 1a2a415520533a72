// Orientation labels as camera-facing sprites (text drawn on a 2D canvas texture, so no font
// loader is needed). The texture is redrawn at the px the label covers (fit: about 1:1, see
// capture-plan.ts), so a label is crisp at any zoom, devicePixelRatio or PNG export scale instead
// of a fixed-size texture enlarged. The caller disposes the label.
import {
  CanvasTexture,
  CustomBlending,
  LinearFilter,
  OneFactor,
  OneMinusSrcAlphaFactor,
  PerspectiveCamera,
  SRGBColorSpace,
  Sprite,
  SpriteMaterial,
  Vector3,
  type Camera,
} from 'three';
import { labelTexturePx } from './capture-plan.ts';

export interface TextLabel {
  readonly sprite: Sprite;
  /** Texture height (px) the label is drawn at now. */
  readonly texturePx: () => number;
  /**
   * Redraws the texture for the px the sprite covers when drawn by `camera` into a frame
   * `frameHeightPx` device px high (the whole frame, not a tile of it); no-op when its size step is unchanged.
   */
  readonly fit: (camera: Camera, frameHeightPx: number, maxTexturePx: number) => void;
  readonly dispose: () => void;
}

const FONT = (px: number) => `${px}px Helvetica, Arial, sans-serif`;

/** The label drawn `texturePx` px high (font ¾ of it); null when no 2D canvas is available. */
function drawText(text: string, texturePx: number, color: string): HTMLCanvasElement | null {
  const px = Math.max(8, Math.round(texturePx * 0.75));
  const pad = Math.round((texturePx - px) / 2);
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.font = FONT(px);
  canvas.width = Math.ceil(g.measureText(text).width) + 2 * pad;
  canvas.height = texturePx;
  g.font = FONT(px);
  g.textBaseline = 'middle';
  // a white halo keeps the label legible over any surface colour
  g.lineJoin = 'round';
  g.lineWidth = px / 5;
  g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  g.strokeText(text, pad, canvas.height / 2);
  g.fillStyle = color;
  g.fillText(text, pad, canvas.height / 2);
  return canvas;
}

/** Texture of a label canvas: sRGB colours (#333 is meant as #333 on screen), premultiplied so the
 * transparent texels around the halo do not filter in as a dark fringe, no mipmaps (drawn ~1:1). */
function labelTexture(c: HTMLCanvasElement): CanvasTexture {
  const t = new CanvasTexture(c);
  t.minFilter = LinearFilter;
  t.generateMipmaps = false;
  t.colorSpace = SRGBColorSpace;
  t.premultiplyAlpha = true;
  return t;
}

const view = new Vector3();

/** A label `heightMm` tall showing `text`; null when no 2D canvas is available. */
export function textLabel(text: string, heightMm: number, color = '#333333', initialPx = 64): TextLabel | null {
  let px = labelTexturePx(initialPx);
  const canvas = drawText(text, px, color);
  if (!canvas) return null;
  let current = labelTexture(canvas);
  const material = new SpriteMaterial({
    map: current,
    depthTest: false,
    transparent: true,
    // the label's colour as given (not through the scene's tone mapping, which darkens #333 to #222)
    toneMapped: false,
    // the texture is premultiplied: blend it as such
    blending: CustomBlending,
    blendSrc: OneFactor,
    blendDst: OneMinusSrcAlphaFactor,
  });
  const sprite = new Sprite(material);
  const setScale = (c: HTMLCanvasElement) => sprite.scale.set((heightMm * c.width) / c.height, heightMm, 1);
  setScale(canvas);
  sprite.renderOrder = 10;
  return {
    sprite,
    texturePx: () => px,
    fit: (camera, frameHeightPx, maxTexturePx) => {
      if (!(camera instanceof PerspectiveCamera) || !(frameHeightPx > 0)) return;
      view.setFromMatrixPosition(sprite.matrixWorld).applyMatrix4(camera.matrixWorldInverse);
      const depth = -view.z;
      if (!(depth > 0)) return;
      const covered = (heightMm * frameHeightPx * camera.zoom) / (2 * depth * Math.tan((camera.fov * Math.PI) / 360));
      const next = labelTexturePx(covered, maxTexturePx);
      if (next === px) return;
      const c = drawText(text, next, color);
      if (!c) return;
      px = next;
      // a new texture (not the same one re-uploaded): WebGL textures keep their first size
      const t = labelTexture(c);
      material.map = t;
      material.needsUpdate = true;
      current.dispose();
      current = t;
      setScale(c);
    },
    dispose: () => {
      current.dispose();
      material.dispose();
    },
  };
}
