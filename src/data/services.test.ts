import { describe, expect, it } from 'vitest';
import { gridFetcherPoolSize } from './services.ts';

describe('grid fetcher pool size', () => {
  it('is one fetcher per core but one, at least 1 and at most 4, and 1 when the browser does not say', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map(gridFetcherPoolSize)).toEqual([1, 1, 2, 3, 4, 4, 4]);
    expect([undefined, 0, NaN, -2].map(gridFetcherPoolSize)).toEqual([1, 1, 1, 1]);
  });
});
