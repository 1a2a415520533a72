// A real CCF volume loaded as the user's annotation, in the browser: the Allen 25 µm structure
// mask of VISp (structure_masks_25/structure_385.nrrd from ../shared/allen, uint8 {0, 1}, gzip,
// 528 × 320 × 456) is read, streamed through the 25 → 100 µm majority downsampling and divides
// the target VISp; the voxel count of its one label equals an oracle that decodes the same file in
// Node (zlib, its own loops: a 100 µm voxel is label 1 when more than 32 of its 64 voxels are 1, a
// 32/32 tie goes to the smaller label, 0) and intersects it with the served annotation's VISp.
// Skipped when ../shared/allen is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { findSharedAllen } from './fake-allen/world/shared-allen.ts';
import { clearBrowserCache, fake, FAKE_ALLEN_URL } from './helpers.ts';
import { loadOracleWorld, NX, NY, NZ, regionMask } from './oracle/index.ts';

const dir = findSharedAllen();
const FILE = dir === null ? null : resolve(dir, 'volumes/structure_385_VISp_25um.nrrd');
const present = FILE !== null && existsSync(FILE);
const TARGET = 'VISp';

/** Label 1 voxels of the 100 µm grid (index ap + NX·(dv + NY·ml)) from a 25 µm {0,1} mask NRRD. */
function oracleLabels(file: Buffer): { labels: Uint8Array; ones25: number } {
  const headerEnd = file.indexOf('\n\n');
  const header = file.subarray(0, headerEnd).toString('latin1');
  expect(header).toMatch(/sizes: 528 320 456/);
  expect(header).toMatch(/encoding: gzip/);
  const vox = gunzipSync(file.subarray(headerEnd + 2));
  expect(vox.length).toBe(528 * 320 * 456);
  const counts = new Uint8Array(NX * NY * NZ);
  let ones25 = 0;
  for (let ml = 0; ml < 456; ml++)
    for (let dv = 0; dv < 320; dv++)
      for (let ap = 0; ap < 528; ap++) {
        if (vox[ap + 528 * (dv + 320 * ml)] === 0) continue;
        ones25++;
        const i = Math.floor(ap / 4) + NX * (Math.floor(dv / 4) + NY * Math.floor(ml / 4));
        counts[i] = (counts[i] ?? 0) + 1;
      }
  return { labels: counts.map((n) => (n > 32 ? 1 : 0)), ones25 };
}

test.skip(!present, 'needs ../shared/allen/volumes/structure_385_VISp_25um.nrrd');

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a real 25 µm Allen structure mask loads as your annotation volume and divides VISp as the oracle counts', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const bytes = readFileSync(FILE ?? '');
  const { labels, ones25 } = oracleLabels(bytes);
  const world = await loadOracleWorld(FAKE_ALLEN_URL);
  const mask = regionMask(world, TARGET, 'both');
  let inside = 0,
    whole = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) whole++;
    if (labels[i] && mask[i]) inside++;
  }
  expect(inside, 'the served VISp and the real mask overlap').toBeGreaterThan(100);
  console.log(`real VISp mask: ${ones25} voxels at 25 µm, ${whole} at 100 µm, ${inside} of them inside the served VISp`);

  const summary = await fake.world();
  const src = summary.goodTargets.find((t) => t.acronym === TARGET)?.sources.find((s) => s.acronym !== TARGET)?.acronym;
  expect(src, 'a source of VISp in the fake world').toBeDefined();
  await page.goto(`/?v=1&view=sub&r=${src ?? ''}&t=${TARGET}`);
  const name = 'structure_385_VISp_25um.nrrd';
  const t0 = Date.now();
  await page.getByLabel('Load annotation volume…').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByTestId('user-annotation-summary')).toContainText(`${name}: 25 µm, 528 × 320 × 456 (uint8, gzip), 1 label`, { timeout: 60_000 });
  console.log(`import of the ${(bytes.length / 1e3).toFixed(0)} kB real 25 µm mask (77 MB of labels): ${Date.now() - t0} ms to the summary`);
  await expect(page).toHaveURL(/sl=user/);
  await expect(page.getByTestId('subregions-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
  const rows = page.getByTestId('subregions-table').locator('tbody tr');
  await expect(rows.locator('th')).toHaveText(['label 1']);
  expect(Number(await rows.locator('td:nth-of-type(2)').textContent())).toBe(inside);
  await page.getByTestId('subregions-view').screenshot({ path: testInfo.outputPath('real-25um-annotation.png') });
});
