// Atlas part of the compute worker contract: annotation volumes and region masks held in the
// worker, boundary images, hover labels, and mask isosurfaces.
import { transfer } from 'comlink';
import { boundaryImage, coronalLabelSlice, sagittalLabelSlice, type LabelImage } from '../src/compute/atlas-boundaries';
import { buildMask, maskExtent, type Hemisphere } from '../src/compute/atlas-masks';
import { decodeAnnotationNrrd } from '../src/compute/decode-volume';
import { umToIndex, voxelCount, type GridShape } from '../src/compute/grid';
import { isosurfaceFromMask } from '../src/compute/isosurface';
import { coronalSectionStack, planeSectionStack, sectionStackBuffers, type SectionStack } from '../src/compute/section-stack';
import { isSectionPlane } from '../src/compute/section-plane';
import { decodeLabelRuns, encodeLabelRuns } from '../src/compute/label-runs';
import { decodeMaskRecord, encodeMaskRecord } from '../src/compute/mask-record';
import {
  labelRunsVolume,
  runsCoronalLabelSlice,
  runsCoronalSectionStack,
  runsLabelAt,
  runsPlaneSectionStack,
  runsSagittalLabelSlice,
  type LabelRunsVolume,
} from '../src/compute/label-runs-volume';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';
import type { AnnotationSummary, BoundaryImageMessage, MaskSummary, MeshDecimation, MeshMessage } from '../src/protocol/compute-views-contract';
import { clusterDecimate } from '../src/compute/mesh-decimate';
import type { WorkerHeld } from './compute-held';
import type { IndexedMesh, IsosurfaceOptions } from '../src/compute/isosurface';

export type AtlasApi = Pick<
  ComputeWorkerApi,
  | 'loadAnnotation'
  | 'loadAnnotationRuns'
  | 'holdAnnotation'
  | 'holdAnnotationRuns'
  | 'annotationRuns'
  | 'hasAnnotation'
  | 'dropAnnotation'
  | 'regionMask'
  | 'maskRecord'
  | 'holdMaskRecord'
  | 'hasMask'
  | 'dropMask'
  | 'coronalBoundaries'
  | 'sagittalBoundaries'
  | 'coronalSectionStack'
  | 'planeSectionStack'
  | 'labelAt'
  | 'isosurfaceFromMask'
>;

const HEMISPHERES: readonly Hemisphere[] = ['left', 'right', 'both'];

const transferStack = (st: SectionStack): SectionStack => transfer(st, sectionStackBuffers(st));

export function checkUm(v: number, what: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${what} must be a finite CCF coordinate in µm, got ${String(v)}`);
}

/** FNV-1a over the sorted unique ids: the mask key does not depend on id order or repeats. */
function idsHash(ids: Uint32Array): string {
  const sorted = Uint32Array.from(new Set(ids)).sort();
  let h = 0x811c9dc5;
  for (const id of sorted) for (let b = 0; b < 32; b += 8) h = Math.imul(h ^ ((id >>> b) & 0xff), 0x01000193) >>> 0;
  return `${sorted.length}:${h.toString(16).padStart(8, '0')}`;
}

/** The key regionMask holds a mask under: the same inputs give the same key, whatever the ids' order. */
function maskKeyOf(annotationKey: string, structureIds: Uint32Array, hemisphere: Hemisphere): string {
  if (!(structureIds instanceof Uint32Array) || structureIds.length === 0) {
    throw new TypeError('regionMask needs a non-empty Uint32Array of structure ids (expanded with descendants)');
  }
  if (!HEMISPHERES.includes(hemisphere)) throw new RangeError(`hemisphere must be 'left', 'right' or 'both', got '${String(hemisphere)}'`);
  return `mask|${annotationKey}|${hemisphere}|${idsHash(structureIds)}`;
}

const maskSummary = (maskKey: string, data: Uint8Array, shape: GridShape): MaskSummary => {
  const extent = maskExtent(data, shape);
  return { maskKey, shape, extent, voxelCount: extent?.count ?? 0 };
};

/** Isosurface options as the kernel expects them; σ is capped (its blur margin grows the crop). */
export function checkIsoOptions(opts: IsosurfaceOptions): IsosurfaceOptions {
  const sigma = opts.smoothSigmaVoxels ?? 0;
  if (typeof sigma !== 'number' || !(sigma >= 0 && sigma <= 8)) throw new RangeError(`smoothSigmaVoxels must be within 0…8 voxels, got ${String(sigma)}`);
  return { smoothSigmaVoxels: sigma };
}

/** Builds a mesh, decimates it when asked and it is heavy, and packs it for transfer. */
export function meshMessage(build: () => IndexedMesh, opts: MeshDecimation = {}): MeshMessage {
  const t0 = performance.now();
  const source = build();
  const t1 = performance.now();
  const d = opts.decimate;
  if (d !== undefined && !(d.cellUm > 0 && d.maxTriangles >= 0)) throw new RangeError('decimate needs cellUm > 0 and maxTriangles ≥ 0');
  const m = d !== undefined && source.indices.length / 3 > d.maxTriangles ? clusterDecimate(source.positions, source.indices, d.cellUm) : source;
  const msg: MeshMessage = {
    positions: m.positions.buffer as ArrayBuffer,
    normals: m.normals.buffer as ArrayBuffer,
    indices: m.indices.buffer as ArrayBuffer,
    vertexCount: m.positions.length / 3,
    triangleCount: m.indices.length / 3,
    sourceTriangleCount: source.indices.length / 3,
    isosurfaceMs: t1 - t0,
    decimateMs: performance.now() - t1,
  };
  // the empty mesh is a shared constant: send copies so it is never detached
  if (m.positions.length === 0) return { ...msg, positions: new ArrayBuffer(0), normals: new ArrayBuffer(0), indices: new ArrayBuffer(0) };
  return transfer(msg, [msg.positions, msg.normals, msg.indices]);
}

function boundaryMessage(index: number, img: LabelImage, includeLabels: boolean): BoundaryImageMessage {
  const boundaries = boundaryImage(img).buffer as ArrayBuffer;
  const labels = includeLabels ? (img.data.buffer as ArrayBuffer) : null;
  const msg: BoundaryImageMessage = { index, width: img.width, height: img.height, boundaries, labels };
  return transfer(msg, msg.labels === null ? [msg.boundaries] : [msg.boundaries, msg.labels]);
}

export function createAtlasApi(held: WorkerHeld): AtlasApi {
  const indexOf = (um: number, shape: GridShape, n: number, what: string): number => {
    checkUm(um, what);
    return umToIndex(um, shape.resolutionUm, n);
  };
  /** Keeps expanded labels under `key`, in place of a run-length form held under it. */
  const keep = (key: string, data: Uint32Array, shape: GridShape): void => {
    held.annotationRuns.delete(key);
    held.annotations.set(key, { data, shape });
  };
  /** Decodes an annotation with `decode` and keeps it under `key`. */
  const hold = (
    call: string,
    what: string,
    key: string,
    bytes: ArrayBuffer,
    decode: (b: ArrayBuffer) => { data: Uint32Array; shape: GridShape },
  ): AnnotationSummary => {
    if (typeof key !== 'string' || key === '') throw new TypeError(`${call} needs a non-empty key`);
    if (!(bytes instanceof ArrayBuffer)) throw new TypeError(`${call} needs ${what} as an ArrayBuffer`);
    const t0 = performance.now();
    const { data, shape } = decode(bytes);
    keep(key, data, shape);
    return { key, shape, bytes: data.byteLength, decodeMs: performance.now() - t0 };
  };
  const denseStack = (annotationKey: string, apStart: number, apCount: number, targetIds: Uint32Array) => {
    const { data, shape } = held.annotation(annotationKey);
    return coronalSectionStack(data, shape, apStart, apCount, targetIds);
  };
  return {
    loadAnnotation: (key, bytes) => hold('loadAnnotation', 'the NRRD file', key, bytes, decodeAnnotationNrrd),
    loadAnnotationRuns: (key, bytes) => hold('loadAnnotationRuns', 'the encoded runs', key, bytes, decodeLabelRuns),
    holdAnnotation(key, labels, shape) {
      if (typeof key !== 'string' || key === '') throw new TypeError('holdAnnotation needs a non-empty key');
      if (!(labels instanceof Uint32Array)) throw new TypeError('holdAnnotation needs the labels as a Uint32Array');
      if (labels.length !== voxelCount(shape))
        throw new RangeError(`holdAnnotation: ${labels.length} labels do not fill a ${shape.nx}×${shape.ny}×${shape.nz} volume`);
      keep(key, labels, shape);
      return { key, shape, bytes: labels.byteLength, decodeMs: 0 };
    },
    holdAnnotationRuns(key, bytes) {
      if (typeof key !== 'string' || key === '') throw new TypeError('holdAnnotationRuns needs a non-empty key');
      if (!(bytes instanceof ArrayBuffer)) throw new TypeError('holdAnnotationRuns needs the encoded runs as an ArrayBuffer');
      const t0 = performance.now();
      const volume = labelRunsVolume(bytes);
      held.annotations.delete(key);
      held.annotationRuns.set(key, volume);
      return { key, shape: volume.shape, bytes: volume.byteLength, decodeMs: performance.now() - t0 };
    },
    annotationRuns(key) {
      const { data, shape } = held.annotation(key);
      const runs = encodeLabelRuns(data, shape);
      return transfer(runs.buffer as ArrayBuffer, [runs.buffer as ArrayBuffer]);
    },
    hasAnnotation: (key) => held.annotations.has(key) || held.annotationRuns.has(key),
    dropAnnotation: (key) => {
      held.annotations.delete(key);
      held.annotationRuns.delete(key);
    },
    regionMask(annotationKey, structureIds, hemisphere) {
      const ann = held.annotation(annotationKey);
      const maskKey = maskKeyOf(annotationKey, structureIds, hemisphere);
      let m = held.masks.get(maskKey);
      if (m === undefined) {
        m = { data: buildMask(ann.data, ann.shape, structureIds, hemisphere), shape: ann.shape };
        held.masks.set(maskKey, m);
      }
      return maskSummary(maskKey, m.data, m.shape);
    },
    maskRecord(maskKey) {
      const m = held.mask(maskKey);
      const bytes = encodeMaskRecord(maskKey, m.data, m.shape);
      return transfer(bytes.buffer, [bytes.buffer]);
    },
    holdMaskRecord(annotationKey, structureIds, hemisphere, record) {
      const maskKey = maskKeyOf(annotationKey, structureIds, hemisphere);
      const m = decodeMaskRecord(new Uint8Array(record), maskKey);
      held.masks.set(maskKey, m);
      return maskSummary(maskKey, m.data, m.shape);
    },
    hasMask: (key) => held.masks.has(key),
    dropMask: (key) => held.masks.delete(key),
    coronalBoundaries(annotationKey, apUm, includeLabels = false) {
      const runs = held.annotationRuns.get(annotationKey);
      if (runs) {
        const ap = indexOf(apUm, runs.shape, runs.shape.nx, 'apUm');
        return boundaryMessage(ap, runsCoronalLabelSlice(runs, ap), includeLabels);
      }
      const { data, shape } = held.annotation(annotationKey);
      const ap = indexOf(apUm, shape, shape.nx, 'apUm');
      return boundaryMessage(ap, coronalLabelSlice(data, shape, ap), includeLabels);
    },
    sagittalBoundaries(annotationKey, mlUm, includeLabels = false) {
      const runs = held.annotationRuns.get(annotationKey);
      if (runs) {
        const ml = indexOf(mlUm, runs.shape, runs.shape.nz, 'mlUm');
        return boundaryMessage(ml, runsSagittalLabelSlice(runs, ml), includeLabels);
      }
      const { data, shape } = held.annotation(annotationKey);
      const ml = indexOf(mlUm, shape, shape.nz, 'mlUm');
      return boundaryMessage(ml, sagittalLabelSlice(data, shape, ml), includeLabels);
    },
    coronalSectionStack(annotationKey, apStart, apCount, targetIds) {
      if (!(targetIds instanceof Uint32Array)) throw new TypeError('coronalSectionStack needs the target ids as a Uint32Array');
      const runs: LabelRunsVolume | undefined = held.annotationRuns.get(annotationKey);
      return transferStack(runs ? runsCoronalSectionStack(runs, apStart, apCount, targetIds) : denseStack(annotationKey, apStart, apCount, targetIds));
    },
    planeSectionStack(annotationKey, plane, start, count, targetIds) {
      if (!isSectionPlane(plane)) throw new RangeError(`plane must be 'coronal', 'sagittal' or 'horizontal', got '${String(plane)}'`);
      if (!(targetIds instanceof Uint32Array)) throw new TypeError('planeSectionStack needs the target ids as a Uint32Array');
      const t0 = performance.now();
      const runs: LabelRunsVolume | undefined = held.annotationRuns.get(annotationKey);
      let st: SectionStack;
      if (runs) st = runsPlaneSectionStack(runs, plane, start, count, targetIds);
      else {
        const { data, shape } = held.annotation(annotationKey);
        st = planeSectionStack(data, shape, plane, start, count, targetIds);
      }
      performance.measure('bsv:sections', { start: t0, end: performance.now() });
      return transferStack(st);
    },
    labelAt(annotationKey, apUm, dvUm, mlUm) {
      const runs = held.annotationRuns.get(annotationKey);
      const { shape } = runs ?? held.annotation(annotationKey);
      checkUm(apUm, 'apUm');
      checkUm(dvUm, 'dvUm');
      checkUm(mlUm, 'mlUm');
      const r = shape.resolutionUm;
      const [x, y, z] = [Math.floor(apUm / r), Math.floor(dvUm / r), Math.floor(mlUm / r)];
      if (x < 0 || y < 0 || z < 0 || x >= shape.nx || y >= shape.ny || z >= shape.nz) return null;
      if (runs) return runsLabelAt(runs, x, y + shape.ny * z);
      return held.annotation(annotationKey).data[x + shape.nx * (y + shape.ny * z)] ?? null;
    },
    isosurfaceFromMask(maskKey, opts = {}) {
      const m = held.mask(maskKey);
      return meshMessage(() => isosurfaceFromMask(m.data, m.shape, checkIsoOptions(opts)), opts);
    },
  };
}
