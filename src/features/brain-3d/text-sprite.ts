// Orientation labels as camera-facing sprites (text drawn on a 2D canvas texture, so no font
// loader is needed). The caller disposes the sprite's texture and material.
import { CanvasTexture, LinearFilter, Sprite, SpriteMaterial } from 'three';

/** A sprite `heightMm` tall showing `text`; null when no 2D canvas is available. */
export function textSprite(text: string, heightMm: number, color = '#333333'): Sprite | null {
  const px = 48;
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.font = `${px}px Helvetica, Arial, sans-serif`;
  const w = Math.ceil(g.measureText(text).width) + 16;
  canvas.width = w;
  canvas.height = px + 16;
  g.font = `${px}px Helvetica, Arial, sans-serif`;
  g.textBaseline = 'middle';
  // a white halo keeps the label legible over any surface colour
  g.lineJoin = 'round';
  g.lineWidth = px / 5;
  g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  g.strokeText(text, 8, canvas.height / 2);
  g.fillStyle = color;
  g.fillText(text, 8, canvas.height / 2);
  const texture = new CanvasTexture(canvas);
  texture.minFilter = LinearFilter;
  const sprite = new Sprite(new SpriteMaterial({ map: texture, depthTest: false, transparent: true }));
  sprite.scale.set((heightMm * canvas.width) / canvas.height, heightMm, 1);
  sprite.renderOrder = 10;
  return sprite;
}
