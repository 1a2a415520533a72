// Gaussian smoothing kernels.
// - smoothMatrixNanAware: 2-D, row-major (rows × cols), σ in BIN units (bsv's `smoothing`).
//   Normalised convolution: smooth(values·w) / smooth(w) with w = 1 for finite bins, 0 for NaN.
//   NaN bins stay NaN, so values are never pulled toward 0 at the region border (bsv zero-fills,
//   see bsv-reference §3.8). The kernel is truncated at the matrix edge and renormalised (no
//   mirror padding needed). Radius = floor(4σ + 0.5) like scipy.gaussian_filter.
// - blurVolume: 3-D separable Gaussian on a dense Float32Array in AP-fastest order, edges
//   clamped (replicate), used before isosurfacing to avoid terraces.

/** Normalised 1-D Gaussian taps for σ (samples); radius floor(4σ + 0.5). */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`smoothing σ must be a positive finite number, got ${sigma}`);
  const r = Math.floor(4 * sigma + 0.5);
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp((-0.5 * i * i) / (sigma * sigma));
    k[i + r] = v;
    s += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] ?? 0) / s;
  return k;
}

/**
 * NaN-aware Gaussian smoothing of a row-major rows × cols matrix. σ ≤ 0 returns a copy.
 * Optional `weights` (same layout, ≥ 0, e.g. the fraction of each bin inside the region) make
 * partially covered bins count less. Bins with a NaN value or weight 0 do not contribute; in the
 * output NaN bins stay NaN and finite bins with weight 0 keep their input value.
 */
export function smoothMatrixNanAware(values: Float32Array, rows: number, cols: number, sigma: number, weights?: Float32Array): Float32Array {
  if (values.length !== rows * cols) throw new RangeError(`matrix length ${values.length} ≠ rows·cols ${rows * cols}`);
  if (sigma <= 0) return values.slice();
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const n = rows * cols;
  const vw = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? NaN;
    const wi = weights ? (weights[i] ?? 0) : 1;
    if (Number.isFinite(v) && wi > 0) {
      vw[i] = v * wi;
      w[i] = wi;
    }
  }
  // pass 1 along columns (within each row), pass 2 along rows
  const tvw = new Float64Array(n);
  const tw = new Float64Array(n);
  for (let y = 0; y < rows; y++) {
    const base = y * cols;
    for (let x = 0; x < cols; x++) {
      let a = 0;
      let b = 0;
      const lo = Math.max(0, x - r);
      const hi = Math.min(cols - 1, x + r);
      for (let j = lo; j <= hi; j++) {
        const kk = k[j - x + r] ?? 0;
        a += kk * (vw[base + j] ?? 0);
        b += kk * (w[base + j] ?? 0);
      }
      tvw[base + x] = a;
      tw[base + x] = b;
    }
  }
  const out = new Float32Array(n);
  for (let y = 0; y < rows; y++) {
    const lo = Math.max(0, y - r);
    const hi = Math.min(rows - 1, y + r);
    for (let x = 0; x < cols; x++) {
      const i = y * cols + x;
      if (!(Number.isFinite(values[i] ?? NaN) && (weights ? (weights[i] ?? 0) : 1) > 0)) {
        out[i] = weights && Number.isFinite(values[i] ?? NaN) ? (values[i] ?? NaN) : NaN;
        continue;
      }
      let a = 0;
      let b = 0;
      for (let j = lo; j <= hi; j++) {
        const kk = k[j - y + r] ?? 0;
        a += kk * (tvw[j * cols + x] ?? 0);
        b += kk * (tw[j * cols + x] ?? 0);
      }
      out[i] = b > 0 ? a / b : NaN;
    }
  }
  return out;
}

/** Dense 3-D dims in AP-fastest order. */
export interface Dims3 {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
}

/** Separable Gaussian blur (σ in voxels, edges replicated), AP-fastest layout. New array. */
export function blurVolume(src: Float32Array, dims: Dims3, sigma: number): Float32Array {
  const { nx, ny, nz } = dims;
  if (src.length !== nx * ny * nz) throw new RangeError('blurVolume: length does not match dims');
  if (sigma <= 0) return src.slice();
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  let a: Float32Array = src.slice();
  let b: Float32Array = new Float32Array(src.length);
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  // line buffer padded by r replicated samples on each side: no clamping in the inner loop
  const line = new Float64Array(Math.max(nx, ny, nz) + 2 * r);
  for (let axis = 0; axis < 3; axis++) {
    const stride = strides[axis] ?? 1;
    const size = sizes[axis] ?? 1;
    const [o1, o2] = axis === 0 ? [ny, nz] : axis === 1 ? [nx, nz] : [nx, ny];
    const [s1, s2] = axis === 0 ? [nx, nx * ny] : axis === 1 ? [1, nx * ny] : [1, nx];
    for (let j2 = 0; j2 < o2; j2++) {
      for (let j1 = 0; j1 < o1; j1++) {
        const base = j1 * s1 + j2 * s2;
        const first = a[base] ?? 0;
        const last = a[base + (size - 1) * stride] ?? 0;
        // constant lines (empty space, region interior) stay constant: skip the convolution
        let constant = first === last;
        for (let i = 1; constant && i < size - 1; i++) if (a[base + i * stride] !== first) constant = false;
        if (constant) {
          for (let i = 0; i < size; i++) b[base + i * stride] = first;
          continue;
        }
        for (let i = 0; i < r; i++) {
          line[i] = first;
          line[r + size + i] = last;
        }
        for (let i = 0; i < size; i++) line[r + i] = a[base + i * stride] ?? 0;
        for (let i = 0; i < size; i++) {
          let s = 0;
          for (let t = 0; t <= 2 * r; t++) s += (k[t] ?? 0) * (line[i + t] ?? 0);
          b[base + i * stride] = s;
        }
      }
    }
    const tmp = a;
    a = b;
    b = tmp;
  }
  return a;
}
