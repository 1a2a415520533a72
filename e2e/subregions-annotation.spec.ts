// The subregions view with the user's own annotation volume: a leaf target explains what to do, a
// bad file is refused with the reason, a synthetic 50 µm gzip NRRD (3 AP slabs over the target,
// its last AP slice left unlabelled) divides the target into its labels with voxel counts equal to
// the oracle's, survives a reload, takes label names from a CSV, and Remove forgets it (a link
// asking for it then explains).
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clearBrowserCache, csvTableLines, fake, FAKE_ALLEN_URL } from './helpers.ts';
import { loadOracleWorld, NX, NY, NZ, regionMask } from './oracle/index.ts';

const TARGET = 'CP';

function nrrdFile(name: string, type: string, sizes: readonly number[], payload: Buffer): { name: string; mimeType: string; buffer: Buffer } {
  const head = `NRRD0004\ntype: ${type}\ndimension: 3\nsizes: ${sizes.join(' ')}\nendian: little\nencoding: gzip\nspace directions: (50,0,0) (0,50,0) (0,0,50)\n\n`;
  return { name, mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from(head, 'latin1'), gzipSync(payload)]) };
}

/** A source with ≥ 2 experiments that projects into CP in the fake world. */
async function source(): Promise<string> {
  const world = await fake.world();
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  const cp = world.goodTargets.find((t) => t.acronym === TARGET);
  const s = (cp?.sources ?? []).map((x) => x.acronym).filter((a) => a !== TARGET && (counts.get(a) ?? 99) <= 4 && (counts.get(a) ?? 0) >= 2);
  const first = s.sort()[0];
  if (!first) throw new Error('no small source of CP in the fake world');
  return first;
}

async function figureReady(page: Page): Promise<void> {
  await expect(page.getByTestId('subregions-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('your annotation volume subdivides a leaf target: counts, reload, CSV, Remove', async ({ page }, testInfo) => {
  const src = await source();
  const view = page.getByTestId('subregions-view');
  await page.goto(`/?v=1&view=sub&r=${src}&t=${TARGET}`);
  // CP is a leaf of the fake ontology: the view says what to do
  await expect(view).toContainText('has no child structures');
  await expect(view).toContainText('Load annotation volume');

  // Oracle: CP's 100 µm voxels by AP index (both hemispheres), from the served annotation.
  const world = await loadOracleWorld(FAKE_ALLEN_URL);
  const mask = regionMask(world, TARGET, 'both');
  const perAp = new Array<number>(NX).fill(0);
  for (let i = 0; i < mask.length; i++) if (mask[i]) perAp[i % NX] = (perAp[i % NX] ?? 0) + 1;
  const aps = perAp.flatMap((n, a) => (n > 0 ? [a] : []));
  const lo = aps[0] ?? 0,
    hi = aps.at(-1) ?? 0;
  expect(hi - lo).toBeGreaterThanOrEqual(3);
  // labels 1, 2, 3 over AP slabs [lo, hi) in thirds; AP slice hi stays unlabelled (0)
  const cut = [lo, lo + Math.floor((hi - lo) / 3), lo + Math.floor((2 * (hi - lo)) / 3), hi];
  const labelOf = (a: number): number => (a >= hi || a < lo ? 0 : a < (cut[1] ?? 0) ? 1 : a < (cut[2] ?? 0) ? 2 : 3);
  const expected = [1, 2, 3].map((l) => perAp.reduce((s, n, a) => s + (labelOf(a) === l ? n : 0), 0));
  expect(expected.every((n) => n > 0)).toBe(true);

  // a 50 µm uint16 volume (AP fastest): each 100 µm voxel's 8 voxels share one label
  const sx = NX * 2,
    sy = NY * 2,
    sz = NZ * 2;
  const vol = new Uint16Array(sx * sy * sz);
  for (let z = 0; z < sz; z++) for (let y = 0; y < sy; y++) for (let x = 0; x < sx; x++) vol[x + sx * (y + sy * z)] = labelOf(x >> 1);
  const input = page.getByLabel('Load annotation volume…');

  // a float volume is refused with the reason
  await input.setInputFiles(nrrdFile('density.nrrd', 'float', [NX, NY, NZ], Buffer.alloc(NX * NY * NZ * 4)));
  await expect(page.getByTestId('user-annotation').getByRole('alert')).toContainText('density.nrrd was not loaded: the volume holds float32 values');

  const file = nrrdFile('slabs-50um.nrrd', 'uint16', [sx, sy, sz], Buffer.from(vol.buffer));
  const t0 = Date.now();
  await input.setInputFiles(file);
  await expect(page.getByTestId('user-annotation-summary')).toContainText('slabs-50um.nrrd: 50 µm, 264 × 160 × 228 (uint16, gzip), 3 labels at 100 µm');
  console.log(`import of a ${(file.buffer.length / 1e3).toFixed(0)} kB gzip 50 µm volume (19 MB of labels): ${Date.now() - t0} ms to the summary`);
  await expect(page).toHaveURL(/sl=user/);
  await figureReady(page);
  const rows = page.getByTestId('subregions-table').locator('tbody tr');
  await expect(rows.locator('th')).toHaveText(['label 1', 'label 2', 'label 3']);
  const voxels = (await rows.locator('td:nth-of-type(2)').allTextContents()).map(Number);
  expect(voxels).toEqual(expected);
  const labelled = perAp.reduce((s, n, a) => s + (a < hi ? n : 0), 0);
  expect(voxels.reduce((a, b) => a + b, 0)).toBe(labelled);
  console.log(`CP voxels ${labelled + (perAp[hi] ?? 0)}, labelled ${labelled}, per label ${voxels.join(' ')}`);
  await expect(view).toContainText('the labels of your annotation volume slabs-50um.nrrd');
  await expect(page.getByTestId('subregions-figure').locator('svg rect').first()).toBeVisible();
  await page.getByTestId('subregions-view').screenshot({ path: testInfo.outputPath('annotation-subregions.png') });

  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'CSV' }).click()]);
  const csv = csvTableLines(readFileSync(await d.path(), 'utf8'));
  // bsv's order: by global mean, descending
  expect(
    csv
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort(),
  ).toEqual(['1', '2', '3']);

  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'SVG' }).click(),
  ]);
  const svg = readFileSync(await svgFile.path(), 'utf8');
  for (const l of ['label 1', 'label 2', 'label 3']) expect(svg).toContain(`>${l}<`);

  // kept locally: a reload finds it again
  await page.reload();
  await figureReady(page);
  await expect(page.getByTestId('user-annotation-summary')).toContainText('slabs-50um.nrrd');
  await expect(rows.locator('th')).toHaveText(['label 1', 'label 2', 'label 3']);
  expect((await rows.locator('td:nth-of-type(2)').allTextContents()).map(Number)).toEqual(expected);

  // optional label names (CSV): named labels take their acronym, the others stay "label <id>"
  await page
    .getByLabel('Label names (optional)…')
    .setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name,acronym\n1,rostral slab,R\n2,"middle, slab",M\n') });
  await expect(page.getByTestId('user-label-names')).toHaveText('Names from names.csv: 2 of 3 labels named.');
  await figureReady(page);
  await expect(rows.locator('th')).toHaveText(['R', 'M', 'label 3']);
  await expect(rows.locator('td').first()).toHaveText('rostral slab');
  await page.getByTestId('user-annotation').screenshot({ path: testInfo.outputPath('annotation-field.png') });

  // a target the labels do not reach is explained, not drawn empty
  const outside = ['CB', 'MY', 'MOB', 'P', 'HY'].find((t) => {
    const m = regionMask(world, t, 'both');
    let n = 0;
    for (let i = 0; i < m.length; i++) if (m[i]) n += labelOf(i % NX) === 0 ? 1 : Number.NaN;
    return n > 0;
  });
  expect(outside).toBeDefined();
  await page.goto(`/?v=1&view=sub&r=${src}&t=${outside ?? ''}&sl=user`);
  await expect(page.getByTestId('subregions-figure')).toHaveAttribute('data-render-state', 'empty', { timeout: 45_000 });
  await expect(view).toContainText(`Your annotation volume (slabs-50um.nrrd) has no label inside ${outside ?? ''}`);
  await page.goto(`/?v=1&view=sub&r=${src}&t=${TARGET}&sl=user`);
  await figureReady(page);

  // Remove forgets it: back to the ontology children (CP has none), and the link explains
  await page.getByRole('button', { name: 'Remove the annotation volume slabs-50um.nrrd' }).click();
  await expect(page.getByTestId('user-annotation-summary')).toHaveCount(0);
  await expect(view).toContainText('has no child structures');
  await page.goto(`/?v=1&view=sub&r=${src}&t=${TARGET}&sl=user`);
  await expect(view).toContainText('kept locally in the browser that loaded them');
  await page.reload();
  await expect(view).toContainText('kept locally in the browser that loaded them');
});
