// User annotation volumes in the compute worker (subregions view, "your annotation"): import a
// label NRRD from a File (validated and reduced to 100 µm off the main thread), hold it as an
// annotation, and cut it to a target's mask so that regionMask can make one mask per label.
import { transfer } from 'comlink';
import { DENSITY_SHAPE } from '../src/compute/grid';
import { encodeLabelRuns } from '../src/compute/label-runs';
import { importLabelVolume, labelCounts } from '../src/compute/user-annotation';
import type { ComputeWorkerApi } from '../src/protocol/compute-contract';
import type { WorkerHeld } from './compute-held';

export type UserAnnotationApi = Pick<ComputeWorkerApi, 'importAnnotationVolume' | 'cutAnnotationToMask'>;

export function createUserAnnotationApi(held: WorkerHeld): UserAnnotationApi {
  return {
    async importAnnotationVolume(key, file) {
      if (typeof key !== 'string' || key === '') throw new TypeError('importAnnotationVolume needs a non-empty key');
      if (!(file instanceof Blob)) throw new TypeError('importAnnotationVolume needs the file as a Blob');
      const t0 = performance.now();
      const { labels, info } = await importLabelVolume(file);
      held.annotations.set(key, { data: labels, shape: DENSITY_SHAPE });
      const runs = encodeLabelRuns(labels, DENSITY_SHAPE);
      const buffer = runs.buffer.byteLength === runs.byteLength ? (runs.buffer as ArrayBuffer) : (runs.slice().buffer as ArrayBuffer);
      return transfer({ info, runs: buffer, importMs: performance.now() - t0 }, [buffer]);
    },
    cutAnnotationToMask(annotationKey, maskKey) {
      const ann = held.annotation(annotationKey);
      const mask = held.mask(maskKey);
      if (ann.data.length !== mask.data.length) throw new RangeError(`annotation '${annotationKey}' and mask '${maskKey}' are on different grids`);
      const key = `cut|${annotationKey}|${maskKey}`;
      let cut = held.annotations.get(key);
      if (cut === undefined) {
        const data = new Uint32Array(ann.data.length);
        for (let i = 0; i < data.length; i++) if (mask.data[i]) data[i] = ann.data[i] ?? 0;
        cut = { data, shape: ann.shape };
        held.annotations.set(key, cut);
      }
      return { key, labels: labelCounts(cut.data) };
    },
  };
}
