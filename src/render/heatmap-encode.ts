// Heatmap renderer shaders and CPU encoding (pure). A matrix is uploaded as LUMINANCE_ALPHA
// bytes: L = colormap entry 0…255 (colormaps.ts rule), A = 255 for data, 0 for NaN (no data).

import { colormapIndex } from './colormaps';
import { MASK_EDGE_GLSL } from './shaders';

export const HEAT_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform sampler2D uData;
uniform sampler2D uCmap;
uniform vec4 uNoData;
void main() {
  vec4 d = texture2D(uData, vUv);
  if (d.a < 0.5) {
    if (uNoData.a <= 0.0) discard;
    gl_FragColor = uNoData;
    return;
  }
  float i = floor(d.r * 255.0 + 0.5);
  gl_FragColor = vec4(texture2D(uCmap, vec2((i + 0.5) / 256.0, 0.5)).rgb, 1.0);
}`;

export const OUTLINE_FRAG = `
precision mediump float;
varying vec2 vUv;
uniform vec4 uLineColor;
${MASK_EDGE_GLSL}
void main() {
  if (maskEdge(vUv) < 0.5) discard;
  gl_FragColor = uLineColor;
}`;

/** Encode a matrix as LUMINANCE_ALPHA bytes: (colormap index, 255) or (0, 0) for NaN. */
export function encodeHeatmap(matrix: Float32Array, min: number, max: number, out: Uint8Array): Uint8Array {
  for (let i = 0; i < matrix.length; i++) {
    const k = colormapIndex(matrix[i] ?? NaN, min, max);
    out[2 * i] = k < 0 ? 0 : k;
    out[2 * i + 1] = k < 0 ? 0 : 255;
  }
  return out;
}

/** Coverage fractions (SliceResult.coverage) → 0/1 outline mask (≥ threshold). */
export function coverageToMask(coverage: Float32Array, threshold = 0.5): Uint8Array {
  return Uint8Array.from(coverage, (c) => (c >= threshold ? 1 : 0));
}
