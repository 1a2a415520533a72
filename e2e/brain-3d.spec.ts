import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { exportFile, expectPngExport, pngFacts, setExportScale } from './export-checks.ts';
import { clearBrowserCache, fake, loseWebGl, smallRegion, canvasStats as sharedCanvasStats, csvTableLines } from './helpers.ts';

function figureReady(page: Page) {
  return expect(page.getByTestId('brain-3d-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
}

const canvasStats = (page: Page) => sharedCanvasStats(page.getByTestId('brain-3d-figure').locator('canvas'));

async function targetAndRegion(): Promise<{ target: string; region: string }> {
  const world = await fake.world();
  const target = world.goodTargets.find((t) => t.acronym === 'CP')?.acronym ?? world.goodTargets[0]?.acronym;
  if (!target) throw new Error('the fake world has no target');
  return { target, region: smallRegion(world).acronym };
}

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a 3D link draws brain, target and injection spheres; density surface on demand; PNG export', async ({ page }, testInfo) => {
  // three PNG exports (one at 4×: the scene drawn at 2560 × 1918 px) on software WebGL
  test.setTimeout(120_000);
  const { target, region } = await targetAndRegion();
  await page.goto(`/?v=1&view=3d&r=${region}&t=${target}`);
  await figureReady(page);
  const figure = page.getByTestId('brain-3d-figure');
  const [outlineTris, targetTris, densityTris] = ((await figure.getAttribute('data-triangles')) ?? '').split(',').map(Number);
  expect(outlineTris).toBeGreaterThan(1000);
  expect(targetTris).toBeGreaterThan(100);
  expect(densityTris).toBe(0);
  // No density volume was downloaded for the default view.
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(0);
  await expect(page.getByTestId('brain-3d-legend')).toContainText(`Target: ${target}`);
  await expect(page.getByTestId('brain-3d-legend')).toContainText(region);
  const first = await canvasStats(page);
  expect(first.inked).toBeGreaterThan(0.1);
  await expect(figure).toHaveScreenshot('brain-3d-target-injections.png', { maxDiffPixelRatio: 0.03 });
  console.log(
    `3D timings [isosurface ms, decimate ms, source triangles]: ${await figure.getAttribute('data-timings')}; drawn triangles ${outlineTris},${targetTris}`,
  );

  // Keyboard: an arrow key rotates the view.
  await figure.focus();
  await figure.press('ArrowLeft');
  await expect.poll(async () => (await canvasStats(page)).hash).not.toBe(first.hash);
  await figure.press('ArrowRight');

  // Density surface of the query's mean, at the default threshold.
  await page.getByLabel('Projection density surface').check();
  await expect(page).toHaveURL(/dens=1/);
  await expect(figure).not.toHaveAttribute('data-render-state', 'ready');
  await figureReady(page);
  const tris = ((await figure.getAttribute('data-triangles')) ?? '').split(',').map(Number);
  expect(tris[2]).toBeGreaterThan(0);
  expect((await fake.requests({ path: '/grid_data/' })).length).toBeGreaterThan(0);
  await expect(page.getByTestId('brain-3d-legend')).toContainText('Mean projection density >');
  await expect(figure).toHaveScreenshot('brain-3d-density.png', { maxDiffPixelRatio: 0.03 });
  console.log(`3D timings with density: ${await figure.getAttribute('data-timings')}; drawn triangles ${tris.join(',')}`);

  // A lower threshold (log slider, keyboard) encloses more: a new, larger surface, no new download.
  const downloads = (await fake.requests({ path: '/grid_data/' })).length;
  const slider = page.getByRole('slider', { name: /Density threshold/ });
  for (let i = 0; i < 40; i++) await slider.press('ArrowLeft');
  await expect(page).toHaveURL(/dth=0\.0/);
  await figureReady(page);
  await expect.poll(async () => Number(((await figure.getAttribute('data-triangles')) ?? '').split(',')[2])).toBeGreaterThan(tris[2] ?? 0);
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(downloads);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'PNG' }).click(),
  ]);
  await download.saveAs(testInfo.outputPath(download.suggestedFilename()));
  const bytes = readFileSync(await download.path());
  expect(download.suggestedFilename()).toMatch(/^brain-3d-.*\.png$/);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.length).toBeGreaterThan(10_000);

  // Tightly framed at 1×, 2× (default) and 4×: the crop is found once in CSS px, so each PNG is
  // exactly scale × the 1× layout; the frame on screen is the same after the scaled captures.
  const url = page.url();
  const onScreen = await canvasStats(page);
  const box = await figure.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const two = pngFacts(bytes);
  await setExportScale(page, 1);
  const one = pngFacts((await exportFile(page, 'PNG', testInfo.outputPath('brain-3d-1x.png'))).bytes);
  const layout = { width: one.width, height: one.height };
  // title band + cropped scene + legend column: the scene is cropped, so the figure is lower than the canvas
  expect(one.height).toBeLessThan(box.height);
  expectPngExport(one, 1, layout, url);
  expectPngExport(two, 2, layout, url);
  await setExportScale(page, 4);
  const four = pngFacts((await exportFile(page, 'PNG', testInfo.outputPath('brain-3d-4x.png'))).bytes);
  expectPngExport(four, 4, layout, url);
  expect(four.text.get('Title')).toContain(target);
  console.log(
    `3D PNG: 1× ${one.width}×${one.height}, 2× ${two.width}×${two.height}, 4× ${four.width}×${four.height} px (canvas ${box.width}×${box.height} CSS px)`,
  );
  expect((await canvasStats(page)).hash).toBe(onScreen.hash);
});

test('without query or target the brain alone is drawn, with a hint; bad parameters give a notice', async ({ page }) => {
  await page.goto('/?v=1&view=3d&cam=sideways&dth=7');
  await expect(page.getByTestId('url-notices')).toBeVisible();
  await figureReady(page);
  await expect(page.getByTestId('brain-3d-view')).toContainText('Choose a target region');
  const [outline, target, density] = ((await page.getByTestId('brain-3d-figure').getAttribute('data-triangles')) ?? '').split(',').map(Number);
  expect(outline).toBeGreaterThan(1000);
  expect([target, density]).toEqual([0, 0]);
  await page.getByLabel('Camera').selectOption('top');
  await expect(page).toHaveURL(/cam=top/);
  await figureReady(page);

  // Auto-rotate keeps drawing: the frame changes by itself.
  const still = await canvasStats(page);
  await page.getByLabel('Auto-rotate').check();
  await expect(page).toHaveURL(/spin=1/);
  await expect.poll(async () => (await canvasStats(page)).hash).not.toBe(still.hash);
  await figureReady(page);
});

test('a lost WebGL context comes back with the same scene drawn (the pixels of the page before the loss)', async ({ page }) => {
  await page.goto('/?v=1&view=3d&cam=top');
  await figureReady(page);
  const before = await canvasStats(page);
  expect(before.inked).toBeGreaterThan(0);
  const restore = await loseWebGl(page.getByTestId('brain-3d-figure').locator('canvas'));
  await expect.poll(async () => (await canvasStats(page)).hash).not.toBe(before.hash);
  await restore();
  await expect.poll(async () => (await canvasStats(page)).hash).toBe(before.hash);
  await figureReady(page);
});

test('an atlas download failure shows an error with a retry that recovers', async ({ page }) => {
  const { target } = await targetAndRegion();
  await fake.configure({ failFirst: 1000, status: 503, match: 'annotation_' });
  await page.goto(`/?v=1&view=3d&t=${target}`);
  const figure = page.getByTestId('brain-3d-figure');
  await expect(figure).toHaveAttribute('data-render-state', 'error', { timeout: 45_000 });
  await expect(page.getByRole('alert').first()).toContainText('could not be built');
  await fake.reset();
  await page.getByRole('alert').first().getByRole('button', { name: 'Retry' }).click();
  await figureReady(page);
  const [outline, targetTris] = ((await figure.getAttribute('data-triangles')) ?? '').split(',').map(Number);
  expect(outline).toBeGreaterThan(1000);
  expect(targetTris).toBeGreaterThan(100);
});

test('side camera: the sphere of an experiment sits where its CCF coordinate projects, and pointing at it names it', async ({ page }) => {
  const { region } = await targetAndRegion();
  // The experiment's coordinate, from the injection view's CSV export.
  await page.goto(`/?v=1&view=inj&r=${region}`);
  await expect(page.getByTestId('injections-figure')).toHaveAttribute('data-render-state', 'ready', { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
  const row = csvTableLines(readFileSync(await download.path(), 'utf8'))[1]?.split(',') ?? [];
  const [ap, dv, ml] = [Number(row[3]), Number(row[4]), Number(row[5])];

  await page.getByRole('button', { name: '3D', exact: true }).click();
  await page.getByLabel('Camera').selectOption('side');
  await figureReady(page);
  const box = await page.getByTestId('brain-3d-figure').locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // Scene: x = ML−5700, y = 4000−DV, z = AP−6600 (mm); the side camera sits 25 mm out on −x,
  // up = +y, 35° vertical field of view: anterior left, dorsal up.
  const x = (ml - 5700) / 1000,
    y = (4000 - dv) / 1000,
    z = (ap - 6600) / 1000;
  const depth = x + 25,
    t = Math.tan((17.5 * Math.PI) / 180);
  const px = box.x + ((z / depth / (t * (box.width / box.height)) + 1) / 2) * box.width;
  const py = box.y + ((1 - y / depth / t) / 2) * box.height;
  await page.mouse.move(px, py);
  await expect(page.getByTestId('brain-3d-readout')).toContainText(`Experiment ${row[0]}`);
  await expect(page.getByTestId('brain-3d-readout').getByRole('link')).toHaveAttribute('href', new RegExp(`/experiment/${row[0]}$`));
});

/**
 * Edges of the orientation labels in a PNG (decoded in the page). A label's core is every pixel
 * whose 3 × 3 neighbourhood is a mid-dark neutral grey (20…170: the title and legend text are
 * black, surfaces and spheres are coloured); its level L is their median. Within `reach` px of
 * the cores, pixels are dark (< 20 % of the way from L to white), light (> 80 %) or in between; a
 * crisp label has few in-between pixels per dark one (`blur`), a texture enlarged with bilinear
 * filtering many more.
 */
async function labelEdges(page: Page, png: Buffer, reach: number): Promise<{ core: number; level: number; dark: number; mid: number; blur: number }> {
  return page.evaluate(
    async ({ b64, reach }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = document.createElement('canvas');
      c.width = bmp.width;
      c.height = bmp.height;
      const g = c.getContext('2d');
      if (!g) throw new Error('no 2d context');
      g.drawImage(bmp, 0, 0);
      const W = c.width,
        H = c.height;
      const d = g.getImageData(0, 0, W, H).data;
      const value = new Float32Array(W * H);
      const grey = new Uint8Array(W * H);
      for (let i = 0; i < W * H; i++) {
        const r = d[4 * i] ?? 0,
          gg = d[4 * i + 1] ?? 0,
          b = d[4 * i + 2] ?? 0;
        value[i] = (r + gg + b) / 3;
        grey[i] = Math.max(r, gg, b) - Math.min(r, gg, b) <= 6 && (value[i] ?? 0) > 20 && (value[i] ?? 0) < 170 ? 1 : 0;
      }
      const near = new Uint8Array(W * H);
      const levels: number[] = [];
      for (let y = 1; y < H - 1; y++)
        for (let x = 1; x < W - 1; x++) {
          let all = true;
          for (let dy = -1; dy <= 1 && all; dy++) for (let dx = -1; dx <= 1 && all; dx++) all = grey[(y + dy) * W + x + dx] === 1;
          if (!all) continue;
          levels.push(value[y * W + x] ?? 0);
          for (let dy = -reach; dy <= reach; dy++)
            for (let dx = -reach; dx <= reach; dx++) {
              const xx = x + dx,
                yy = y + dy;
              if (xx >= 0 && yy >= 0 && xx < W && yy < H) near[yy * W + xx] = 1;
            }
        }
      levels.sort((p, q) => p - q);
      const level = levels[Math.floor(levels.length / 2)] ?? 0;
      let dark = 0,
        mid = 0;
      for (let i = 0; i < W * H; i++) {
        if (!near[i]) continue;
        const rise = ((value[i] ?? 0) - level) / (255 - level);
        if (rise < 0.2) dark++;
        else if (rise < 0.8) mid++;
      }
      return { core: levels.length, level, dark, mid, blur: mid / Math.max(1, dark) };
    },
    { b64: png.toString('base64'), reach },
  );
}

/** Share of pixels of two same-size PNGs differing by more than 24 in a channel (decoded in the page). */
async function pngDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ({ a64, b64 }) => {
      const pixels = async (s: string) => {
        const bmp = await createImageBitmap(new Blob([Uint8Array.from(atob(s), (c) => c.charCodeAt(0))], { type: 'image/png' }));
        const c = document.createElement('canvas');
        c.width = bmp.width;
        c.height = bmp.height;
        const g = c.getContext('2d');
        if (!g) throw new Error('no 2d context');
        g.drawImage(bmp, 0, 0);
        return g.getImageData(0, 0, c.width, c.height).data;
      };
      const [p, q] = [await pixels(a64), await pixels(b64)];
      if (p.length !== q.length) return 1;
      let n = 0;
      for (let i = 0; i < p.length; i += 4)
        if (Math.max(Math.abs((p[i] ?? 0) - (q[i] ?? 0)), Math.abs((p[i + 1] ?? 0) - (q[i + 1] ?? 0)), Math.abs((p[i + 2] ?? 0) - (q[i + 2] ?? 0))) > 24) n++;
      return n / (p.length / 4);
    },
    { a64: a.toString('base64'), b64: b.toString('base64') },
  );
}

test('the orientation labels are crisp in a 4× PNG, also when the GPU can only draw it in tiles', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { target } = await targetAndRegion();
  await page.goto(`/?v=1&view=3d&t=${target}`);
  await figureReady(page);
  const onScreen = await canvasStats(page);
  await setExportScale(page, 4);
  const four = (await exportFile(page, 'PNG', testInfo.outputPath('brain-3d-labels-4x.png'))).bytes;
  await expect(page.getByTestId('brain-3d-figure').locator('canvas')).toHaveAttribute('data-capture-tiles', '1');
  const e = await labelEdges(page, four, 6);
  console.log(`3D labels at 4×: ${JSON.stringify(e)}`);
  // the labels are there (several words of grey text, strokes a few px wide at 4×) and sharp:
  // a 64 px texture enlarged to ~75 px gave blur ≈ 3.6 (soft edges and a grey fringe), 1:1 ≈ 0.5
  expect(e.core).toBeGreaterThan(2000);
  expect(e.blur).toBeLessThan(1);

  // A GPU whose largest drawing buffer is 1024 px: the 2560 × 1918 px capture is drawn in 3 × 2
  // tiles, and the PNG is the same (same size, within antialiasing at the seams).
  await page.evaluate(() => {
    for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
      const get = proto.getParameter;
      proto.getParameter = function (this: WebGLRenderingContext, p: number) {
        return p === this.MAX_RENDERBUFFER_SIZE ? 1024 : get.call(this, p);
      } as typeof get;
    }
  });
  const tiled = (await exportFile(page, 'PNG', testInfo.outputPath('brain-3d-labels-4x-tiled.png'))).bytes;
  await expect(page.getByTestId('brain-3d-figure').locator('canvas')).toHaveAttribute('data-capture-tiles', '6');
  expect(pngFacts(tiled)).toMatchObject({ width: pngFacts(four).width, height: pngFacts(four).height });
  const differing = await pngDifference(page, four, tiled);
  console.log(`3D 4× PNG drawn in tiles: ${(100 * differing).toFixed(3)} % of pixels differ by > 24`);
  expect(differing).toBeLessThan(0.002);
  expect((await labelEdges(page, tiled, 6)).blur).toBeLessThan(1);
  // the frame on screen is restored after the tiled capture
  expect((await canvasStats(page)).hash).toBe(onScreen.hash);
});

test.describe('at devicePixelRatio 2', () => {
  test.use({ deviceScaleFactor: 2 });
  test('the canvas is drawn at 2 device px per CSS px and its labels are crisp on screen', async ({ page }) => {
    const { target } = await targetAndRegion();
    await page.goto(`/?v=1&view=3d&t=${target}`);
    await figureReady(page);
    const canvas = page.getByTestId('brain-3d-figure').locator('canvas');
    const e = await labelEdges(page, await canvas.screenshot(), 3);
    console.log(`3D labels on screen at devicePixelRatio 2: ${JSON.stringify(e)}`);
    // a canvas drawn at 1 px per CSS px and enlarged by the browser gave core 60, blur 2.1; drawn
    // at 2 with labels fitted: core ≈ 310, blur ≈ 1.3 (small text: more edge per dark px than at 4×)
    expect(e.core).toBeGreaterThan(200);
    expect(e.blur).toBeLessThan(1.6);
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, css: c.getBoundingClientRect().width }));
    expect(size.width).toBe(Math.floor(size.css * 2));
  });
});
