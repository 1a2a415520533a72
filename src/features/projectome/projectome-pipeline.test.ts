import { describe, expect, it } from 'vitest';
import { firstFailure } from './projectome-pipeline.ts';

const abort = (): Error => Object.assign(new Error('job job-2 was cancelled'), { name: 'AbortError' });
const rejected = (reason: unknown): PromiseSettledResult<never> => ({ status: 'rejected', reason });
const fulfilled: PromiseSettledResult<number> = { status: 'fulfilled', value: 1 };

describe('firstFailure', () => {
  it('reports the failure that cancelled the other jobs, wherever it is', () => {
    // the 50 µm atlas failed first and aborted the mask job: the mask's AbortError is listed first
    const atlas = new Error('annotation_50.nrrd: HTTP 503');
    expect(firstFailure([rejected(abort()), rejected(atlas), rejected(abort())])).toBe(atlas);
    expect(firstFailure([fulfilled, rejected(abort()), rejected(atlas)])).toBe(atlas);
  });

  it('is the first reason when every job was cancelled, and undefined when none failed', () => {
    const first = abort();
    expect(firstFailure([rejected(first), rejected(abort())])).toBe(first);
    expect(firstFailure([fulfilled, fulfilled])).toBeUndefined();
  });
});
