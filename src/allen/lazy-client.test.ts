import { describe, expect, it } from 'vitest';
import { createAllenClient } from './client.ts';
import { filterLists } from './experiment-filters.ts';
import { asciiBytes, bytesResponse, createFakeFetch, envelope } from './fake-fetch.ts';
import type { FakeHandler } from './fake-fetch.ts';
import { createLazyAllenClient } from './lazy-client.ts';

const NRRD = asciiBytes('NRRD0004\ntype: float\n', 256);

const options = (handler: FakeHandler, maxConcurrentPerHost = 4) => {
  const fake = createFakeFetch(handler);
  return {
    fake,
    opts: {
      apiBase: 'https://api.test/',
      downloadBase: '/allen-download',
      fetch: fake.fetch,
      sleep: async () => undefined,
      attemptTimeoutMs: 0,
      maxConcurrentPerHost,
    },
  };
};

const products: FakeHandler = (url) =>
  url.includes('grid_data')
    ? bytesResponse(NRRD)
    : envelope([
        { id: 5, name: ' Mouse Connectivity: Projection ', abbreviation: 'P' },
        { id: 9, name: null, abbreviation: 'Cre' },
      ]);

describe('createLazyAllenClient', () => {
  it('answers a JSON endpoint as the whole client does (same URL, same rows)', async () => {
    const lazy = options(products);
    const eager = options(products);
    const got = await createLazyAllenClient(lazy.opts).fetchProducts([9, 5]);
    expect(got).toEqual(await createAllenClient(eager.opts).fetchProducts([9, 5]));
    expect(got).toEqual([
      { id: 5, name: 'Mouse Connectivity: Projection' },
      { id: 9, name: 'Cre' },
    ]);
    expect(lazy.fake.calls).toEqual(eager.fake.calls);
  });

  it('downloads grids at once, and shares one HTTP layer (one per-host cap) with the endpoints it loads later', async () => {
    const { fake, opts } = options(async (url, call) => {
      await new Promise((r) => setTimeout(r, 5 + (call % 3)));
      return products(url, call);
    }, 1);
    const client = createLazyAllenClient(opts);
    expect(client.apiBase).toBe('https://api.test');
    const [grid, names, grid2] = await Promise.all([client.fetchDensityGrid(1), client.fetchProducts([5]), client.fetchDensityGrid(2)]);
    expect(grid.format).toBe('nrrd');
    expect(grid2.experimentId).toBe(2);
    expect(names).toEqual([{ id: 5, name: 'Mouse Connectivity: Projection' }]);
    expect(fake.calls).toHaveLength(3);
    expect(fake.maxInFlight()).toBe(1);
  });

  it('gives the filter lists without loading anything', () => {
    expect(createLazyAllenClient(options(products).opts).filterLists).toBe(filterLists);
  });
});
