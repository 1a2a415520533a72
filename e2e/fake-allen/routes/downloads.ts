// Binary downloads: per-experiment grids (gzip NRRD or zip with .mhd/.raw) and CCF annotation
// volumes. Generated lazily and memoised; annotations optionally cached on disk (gitignored
// .fake-allen-data/), keyed by world mode, seed and GEOMETRY_VERSION. Quirk experiments
// (quirks/quirks.ts) get no grid (404), an NRRD that does not inflate, or a short density.raw.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corruptGzipNrrd, encodeNrrd, encodeNrrdSlabs } from '../encode/nrrd.ts';
import { encodeGridZip } from '../encode/zip.ts';
import { denseGrid, renderSparse } from '../grids/render.ts';
import type { GridImage } from '../grids/render.ts';
import { quirksOf } from '../quirks/quirks.ts';
import { CCF_EXTENT_UM } from '../world/geometry.ts';
import { GRID, GRID_VOXELS } from '../world/world.ts';
import type { World } from '../world/world.ts';

/** Bump when geometry or labelling changes, to invalidate disk caches. */
export const GEOMETRY_VERSION = 1;

export const GRID_IMAGES: readonly GridImage[] = ['projection_density', 'injection_density', 'injection_fraction', 'data_mask'];
export type AnnotationResolution = 100 | 50 | 25;

const GRID_SIZES: readonly [number, number, number] = [GRID.nx, GRID.ny, GRID.nz];
const MAX_MEMO = 96;
const ZIP_NAMES: Readonly<Record<string, GridImage>> = {
  density: 'projection_density',
  injection: 'injection_density',
  injection_fraction: 'injection_fraction',
  data_mask: 'data_mask',
};

export class Downloads {
  /** Milliseconds spent generating each annotation (label evaluation + gzip), for reports. */
  readonly timingsMs = new Map<string, number>();
  private readonly memo = new Map<string, Uint8Array>();
  private readonly annotations = new Map<AnnotationResolution, Uint8Array>();

  constructor(
    private readonly world: World,
    private readonly cacheDir: string | null,
  ) {}

  private remember(key: string, make: () => Uint8Array): Uint8Array {
    const hit = this.memo.get(key);
    if (hit) {
      this.memo.delete(key);
      this.memo.set(key, hit);
      return hit;
    }
    const bytes = make();
    this.memo.set(key, bytes);
    if (this.memo.size > MAX_MEMO) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
    return bytes;
  }

  /**
   * grid_data/download_file/{id}?image=…&resolution=100; null (404) when the experiment is unknown
   * or a missingGrid quirk. corruptNrrd / corruptBoth quirks: complete NRRD, payload not inflatable.
   */
  gridNrrd(experimentId: number, image: GridImage): Uint8Array | null {
    const exp = this.world.experimentById.get(experimentId);
    const quirks = quirksOf(this.world);
    if (!exp || quirks.missingGrid.includes(experimentId)) return null;
    const corrupt = quirks.corruptNrrd.includes(experimentId) || quirks.corruptBoth.includes(experimentId);
    return this.remember(`nrrd:${experimentId}:${image}`, () => {
      const nrrd = encodeNrrd(denseGrid(renderSparse(this.world, exp), image), GRID_SIZES, GRID.resolutionUm);
      return corrupt ? corruptGzipNrrd(nrrd) : nrrd;
    });
  }

  /**
   * grid_data/download/{id}?include=density[,injection…]; null (404) when the experiment is unknown
   * or a missingGrid quirk. corruptBoth quirk: a valid zip whose .raw files lack the last AP row
   * of the last ML plane (528 bytes short; the .mhd still says 132 80 114).
   */
  gridZip(experimentId: number, include: readonly string[]): Uint8Array | null {
    const exp = this.world.experimentById.get(experimentId);
    const quirks = quirksOf(this.world);
    if (!exp || quirks.missingGrid.includes(experimentId)) return null;
    const short = quirks.corruptBoth.includes(experimentId);
    const names = include.filter((n) => n in ZIP_NAMES);
    const wanted = names.length > 0 ? names : ['density'];
    return this.remember(`zip:${experimentId}:${wanted.join(',')}`, () => {
      const sparse = renderSparse(this.world, exp);
      const volumes = wanted.map((name) => {
        const data = denseGrid(sparse, ZIP_NAMES[name] ?? 'projection_density');
        return { name, data: short ? data.subarray(0, GRID_VOXELS - GRID.nx) : data };
      });
      return encodeGridZip(volumes, GRID_SIZES, GRID.resolutionUm);
    });
  }

  annotation(resolution: AnnotationResolution): Uint8Array {
    const hit = this.annotations.get(resolution);
    if (hit) return hit;
    const file = this.cacheDir ? join(this.cacheDir, `annotation_${resolution}_${this.world.mode}_seed${this.world.seed}_v${GEOMETRY_VERSION}.nrrd`) : null;
    let bytes: Uint8Array;
    const started = performance.now();
    if (file && existsSync(file)) {
      bytes = new Uint8Array(readFileSync(file));
      this.timingsMs.set(`annotation_${resolution}_disk`, performance.now() - started);
    } else {
      bytes = this.generateAnnotation(resolution);
      this.timingsMs.set(`annotation_${resolution}`, performance.now() - started);
      if (file && this.cacheDir) {
        mkdirSync(this.cacheDir, { recursive: true });
        writeFileSync(file, bytes);
      }
    }
    this.annotations.set(resolution, bytes);
    return bytes;
  }

  private generateAnnotation(resolution: AnnotationResolution): Uint8Array {
    const sizes: [number, number, number] = [
      Math.round(CCF_EXTENT_UM[0] / resolution),
      Math.round(CCF_EXTENT_UM[1] / resolution),
      Math.round(CCF_EXTENT_UM[2] / resolution),
    ];
    // 25 µm (308 MB of labels) is generated and gzipped a slab at a time, never held whole
    if (resolution === 25) return encodeNrrdSlabs(sizes, resolution, (onSlab) => this.world.geometry.forEachSlab(resolution, onSlab));
    const labels = resolution === 100 ? this.world.labels100 : this.world.geometry.labelVolume(resolution);
    return encodeNrrd(labels, sizes, resolution);
  }
}
