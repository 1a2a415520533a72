// Bench cases for decode, aggregation and atlas masks (compute-a). Inputs are synthetic but
// shaped like Allen data: a 100 µm density grid with −1 outside an ellipsoidal "brain", zeros in
// most of the brain and full-precision values in smooth projection blobs (≈ the 277 KB gzip size
// of a real projection_density NRRD), and a 50 µm label volume made of blocky structures.
import { gzipSync, strToU8, zipSync } from 'fflate';
import { createAccumulator } from '../../src/compute/aggregate-accumulator';
import { createAggregateSession, type AggregateExperiment } from '../../src/compute/aggregate';
import { buildMask } from '../../src/compute/atlas-masks';
import { decodeDensityNrrd } from '../../src/compute/decode-volume';
import { decodeDensityZip } from '../../src/compute/decode-zip';
import { CCF_SHAPES, DENSITY_SHAPE, type GridShape, voxelCount } from '../../src/compute/grid';
import type { BenchCase } from './types';

const GRID_BYTES = voxelCount(DENSITY_SHAPE) * 4;
const N_GRIDS = 100;
const DISTINCT = 16;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Smooth synthetic projection density on the 100 µm grid (AP fastest). */
export function syntheticDensity(seed: number, shape: GridShape = DENSITY_SHAPE): Float32Array {
  const { nx, ny, nz } = shape;
  const r = rng(seed);
  const blobs = Array.from({ length: 10 }, () => ({
    x: nx * (0.2 + 0.6 * r()),
    y: ny * (0.2 + 0.6 * r()),
    z: nz * (0.2 + 0.6 * r()),
    s: 3 + 4 * r(),
    a: 0.05 + 0.5 * r(),
  }));
  const out = new Float32Array(nx * ny * nz);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const e = ((x - nx / 2) / (nx * 0.48)) ** 2 + ((y - ny / 2) / (ny * 0.46)) ** 2 + ((z - nz / 2) / (nz * 0.47)) ** 2;
        if (e > 1) {
          out[i] = -1;
          continue;
        }
        let v = 0;
        for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2 + (z - b.z) ** 2) / (2 * b.s * b.s));
        out[i] = v > 0.025 ? v : 0;
      }
    }
  }
  return out;
}

export function densityNrrdBytes(vol: Float32Array, shape: GridShape = DENSITY_SHAPE): Uint8Array {
  const head = strToU8(
    `NRRD0004\ntype: float\ndimension: 3\nsizes: ${shape.nx} ${shape.ny} ${shape.nz}\nspace directions: (100,0,0) (0,100,0) (0,0,100)\nendian: little\nencoding: gzip\n\n`,
  );
  const gz = gzipSync(new Uint8Array(vol.buffer, vol.byteOffset, vol.byteLength));
  const out = new Uint8Array(head.length + gz.length);
  out.set(head);
  out.set(gz, head.length);
  return out;
}

/** Blocky 50 µm label volume: structures are boxes of ~1 mm with ids spread over 1…6e8. */
function syntheticLabels(shape: GridShape): Uint32Array {
  const { nx, ny, nz } = shape;
  const out = new Uint32Array(nx * ny * nz);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const cell = ((x >> 4) * 31 + (y >> 4) * 17 + (z >> 4) * 7) % 200;
        out[i] = x < 8 || y < 8 ? 0 : cell < 150 ? cell + 1 : 614454000 + cell;
      }
    }
  }
  return out;
}

const grids = (): Float32Array[] => Array.from({ length: DISTINCT }, (_, k) => syntheticDensity(k + 1));

function meanCase(backend: 'simd' | 'scalar'): BenchCase {
  return {
    name: `mean of ${N_GRIDS} grids (${backend === 'simd' ? 'WASM SIMD' : 'scalar JS'})`,
    budget: '≥ 50% of copy bandwidth',
    bytesPerRun: N_GRIDS * GRID_BYTES,
    runs: 8,
    prepare() {
      const vols = grids();
      return () => {
        const acc = createAccumulator(DENSITY_SHAPE, 1, { backend });
        for (let k = 0; k < N_GRIDS; k++) acc.add(0, vols[k % DISTINCT] ?? new Float32Array(0));
        acc.finish();
      };
    },
  };
}

/**
 * Inputs already in the accumulator's WebAssembly memory (what decoding straight into
 * inputSlot() gives): the add is one pass. The 8 slots are filled once per run (8 copies,
 * timed); later batches re-add the slots' contents, as decode would have rewritten them.
 */
function residentMeanCase(): BenchCase {
  return {
    name: `mean of ${N_GRIDS} grids (WASM SIMD, inputs resident in WASM memory)`,
    budget: '≥ 50% of copy bandwidth',
    bytesPerRun: N_GRIDS * GRID_BYTES,
    runs: 8,
    prepare() {
      const vols = grids();
      return () => {
        const acc = createAccumulator(DENSITY_SHAPE, 1, { backend: 'simd', residentInputs: true, batchSize: 8 });
        for (let k = 0; k < N_GRIDS; k++) {
          const slot = acc.inputSlot();
          if (slot === null) throw new Error('no resident input slot');
          if (k < 8) slot.set(vols[k] ?? new Float32Array(0));
          acc.add(0, slot);
        }
        acc.finish();
      };
    },
  };
}

export const cases: readonly BenchCase[] = [
  {
    name: 'decode gzip NRRD 100 µm density',
    budget: '— (cold start ≤ 1.2 × bytes/bandwidth)',
    bytesPerRun: GRID_BYTES,
    runs: 30,
    prepare() {
      const bytes = densityNrrdBytes(syntheticDensity(1));
      console.log(`  synthetic NRRD: ${(bytes.length / 1024).toFixed(0)} KB compressed (real: ~277 KB)`);
      return () => void decodeDensityNrrd(bytes);
    },
  },
  {
    name: 'decode grid_data zip 100 µm density',
    budget: '—',
    bytesPerRun: GRID_BYTES,
    runs: 30,
    prepare() {
      const vol = syntheticDensity(1);
      const mhd = strToU8('ObjectType = Image\nNDims = 3\nDimSize = 132 80 114\nElementType = MET_FLOAT\nElementDataFile = density.raw\n');
      const zip = zipSync({ '1/density.mhd': mhd, '1/density.raw': new Uint8Array(vol.buffer) });
      console.log(`  synthetic zip: ${(zip.length / 1024).toFixed(0)} KB`);
      return () => void decodeDensityZip(zip);
    },
  },
  meanCase('simd'),
  residentMeanCase(),
  meanCase('scalar'),
  {
    name: `aggregate session ${N_GRIDS} grids (inj. volume, AP × 5, hemi. subtraction)`,
    budget: '— (part of warm start ≤ 1.5 s)',
    bytesPerRun: N_GRIDS * GRID_BYTES,
    runs: 5,
    prepare() {
      const vols = grids();
      const r = rng(9);
      const exps: AggregateExperiment[] = Array.from({ length: N_GRIDS }, (_, id) => ({
        id,
        structureId: 385,
        injectionCoordUm: [1000 + 10000 * r(), 2000, 1000 + 9000 * r()],
        injectionVolumeMm3: 0.01 + r(),
      }));
      return () => {
        const s = createAggregateSession(DENSITY_SHAPE, exps, {
          normalizationMethod: 'injectionVolume',
          subtractOtherHemisphere: true,
          groupingMethod: 'AP',
          groupingBins: 5,
        });
        for (let k = 0; k < N_GRIDS; k++) s.add(k, vols[k % DISTINCT] ?? new Float32Array(0));
        s.finish();
      };
    },
  },
  {
    name: 'build region mask at 50 µm (9.6 M voxels, 40 ids, left)',
    budget: '—',
    bytesPerRun: voxelCount(CCF_SHAPES[50]) * 4,
    runs: 10,
    prepare() {
      const shape = CCF_SHAPES[50];
      const labels = syntheticLabels(shape);
      const ids = new Set<number>(Array.from({ length: 40 }, (_, k) => (k < 30 ? k * 5 + 1 : 614454150 + k)));
      return () => void buildMask(labels, shape, ids, 'left');
    },
  },
];
