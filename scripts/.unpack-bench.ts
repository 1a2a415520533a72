import { packGrid, unpackGridInto } from '../src/compute/packed-grid.ts';
const shape = { nx: 132, ny: 80, nz: 114, resolutionUm: 100 };
const n = shape.nx * shape.ny * shape.nz;
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const mean = new Float32Array(n);
// inside an ellipsoid "brain": dense nonzero with small holes (values below float eps are zero)
let runs = 0;
for (let x = 0; x < shape.nx; x++) for (let y = 0; y < shape.ny; y++) for (let z = 0; z < shape.nz; z++) {
  const dx = (x - 66) / 60, dy = (y - 40) / 36, dz = (z - 57) / 52;
  const i = x * shape.ny * shape.nz + y * shape.nz + z;
  if (dx * dx + dy * dy + dz * dz < 1 && rnd() < Number(process.env.FILL ?? 0.85)) mean[i] = rnd() * 0.01;
}
const packed = packGrid(mean, shape);
const out = new Float32Array(n);
const times: number[] = [];
for (let k = 0; k < 6; k++) { const t = performance.now(); unpackGridInto(packed, out); times.push(performance.now() - t); }
let nz = 0; for (let i = 0; i < n; i++) if (mean[i] !== 0) nz++;
for (let i = 1; i < n; i++) if ((mean[i] !== 0) !== (mean[i - 1] !== 0) && mean[i] !== 0) runs++;
console.log(`packed ${(packed.byteLength / 1e6).toFixed(2)} MB, nonzero ${nz}, runs ~${runs}; unpack ms: ${times.map((t) => t.toFixed(1)).join(', ')}`);
