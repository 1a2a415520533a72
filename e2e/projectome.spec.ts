import { expect, test, type Page } from '@playwright/test';
import { projectomeReady } from './chaos-helpers.ts';
import { expectCsvProvenance, expectPngExport, expectSvgProvenance, layoutOf, pngFacts, renderSvg, setExportScale } from './export-checks.ts';
import { xmlElements, xmlProblem } from '../src/render/xml-check.ts';
import { decodeGifFrame, readGif } from '../src/compute/gif-read.ts';
import { encodePngRgba } from '../src/render/png-encode.ts';
import { clearBrowserCache, fake, csvHeader, csvTableLines, projectomeCanvasStats, smallProjectome, storedKeys } from './helpers.ts';

const canvasReady = (page: Page) => projectomeReady(page);
const canvasStats = projectomeCanvasStats;

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

test('a shared projectome link draws its frame; the slider moves it; a reload downloads nothing', async ({ page }) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) cspViolations.push(m.text());
  });
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await canvasReady(page);

  const first = await canvasStats(page);
  expect(first.inked).toBeGreaterThan(0.2);
  expect(first.colours).toBeGreaterThan(8);
  await expect(page.getByTestId('projectome-legend')).toContainText(sources[0] ?? '');
  await expect(page.getByTestId('scale-bar')).toContainText('mm');
  // the orientation mark over the section: dorsal up, the CCF right hemisphere to the right
  await expect(page.getByTestId('projectome-canvas').getByTestId('orientation-mark')).toContainText('dorsal');
  await expect(page.getByTestId('projectome-canvas').getByTestId('orientation-mark')).toContainText('right');
  await expect(page.getByTestId('projectome-canvas')).toHaveScreenshot('projectome-shared-link.png');

  // Arrow keys on the slider step 100 µm and redraw.
  const label = await page.getByTestId('ap-label').textContent();
  const slider = page.getByRole('slider');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(page.getByTestId('ap-label')).not.toHaveText(label ?? '');
  await canvasReady(page);
  const afterStep = await canvasStats(page);
  expect(afterStep.hash).not.toBe(first.hash);
  await expect(page).toHaveURL(/ap=\d+/);

  // Hover readout names a structure and the CCF coordinate.
  const box = await page.getByTestId('projectome-canvas').boundingBox();
  if (!box) throw new Error('no canvas box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('hover-readout')).toContainText('µm (CCF)');

  await expect(page.getByTestId('projectome-view')).toHaveAttribute('data-aggregate-from', 'computed');
  // the source means are written behind the frame (mean + used ids per source): wait for them
  await expect.poll(async () => (await storedKeys(page)).filter((k) => /^v\d+\|[^|]+\|aggregate\|/.test(k)).length).toBe(2 * sources.length);

  // Second visit: everything comes from IndexedDB, the source means included.
  await fake.reset();
  await page.reload();
  await canvasReady(page);
  await expect(page.getByTestId('projectome-view')).toHaveAttribute('data-aggregate-from', 'restored');
  expect((await canvasStats(page)).hash).toBe(afterStep.hash);
  expect(await fake.requests({ path: '/grid_data/' })).toHaveLength(0);
  expect(await fake.requests({ path: 'annotation_' })).toHaveLength(0);
  // The page runs under its Content-Security-Policy without violations (worker, WebAssembly, WebGL).
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
  expect(cspViolations).toEqual([]);
});

test('the URL reproduces the same frame in a fresh browser', async ({ page, browser }) => {
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}&th=1`);
  await canvasReady(page);
  await page.getByRole('slider').press('ArrowLeft');
  await canvasReady(page);
  await page.getByTestId('projectome-legend').getByRole('checkbox').first().uncheck();
  await canvasReady(page);
  await expect(page).toHaveURL(/hide=/);
  const url = page.url();
  const here = await canvasStats(page);

  const fresh = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
  expect((await canvasStats(other)).hash).toBe(here.hash);
  await expect(other.getByTestId('ap-label')).toHaveText((await page.getByTestId('ap-label').textContent()) ?? '');
  await fresh.close();
});

test('a bad projectome link shows a notice and sensible defaults, never a blank page', async ({ page }) => {
  await page.goto('/?v=1&view=proj&t=%3Cscript%3E&s=%3Cimg%3E&ap=-4&th=999&pct=abc');
  await expect(page.getByTestId('url-notices')).toBeVisible();
  await expect(page.getByTestId('projectome-view')).toContainText('Choose a target region');
  await expect(page.getByRole('combobox', { name: 'Target region' })).toBeVisible();
});

test('exports: PNG (1×, 2×, 4×), SVG and CSV of the frame with their provenance', async ({ page }, testInfo) => {
  // four PNGs (one at 4×: the frame drawn again at 4 × its size on software WebGL)
  test.setTimeout(120_000);
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await canvasReady(page);
  const bar = page.getByRole('group', { name: 'Export' });

  const save = async (name: string, keepAs?: string): Promise<{ file: string; bytes: Buffer }> => {
    const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name, exact: true }).click()]);
    const path = await download.path();
    await download.saveAs(testInfo.outputPath(keepAs ?? download.suggestedFilename()));
    const { readFileSync } = await import('node:fs');
    return { file: download.suggestedFilename(), bytes: readFileSync(path) };
  };

  // the PNG scale: 2× by default, then 1× and 4×; each PNG is exactly scale × the canvas's layout size
  const url = page.url();
  const layout = await layoutOf(page, 'projectome-canvas', 'canvas');
  await expect(bar.getByLabel('PNG scale')).toHaveValue('2');
  const png = await save('PNG');
  expect(png.file).toMatch(/^projectome-.*\.png$/);
  expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.bytes.length).toBeGreaterThan(10_000);
  expectPngExport(pngFacts(png.bytes), 2, layout, url);
  for (const scale of [1, 4] as const) {
    await setExportScale(page, scale);
    const facts = pngFacts((await save('PNG', `projectome-${scale}x.png`)).bytes);
    expectPngExport(facts, scale, layout, url);
    expect(facts.text.get('Title')).toContain(`AP ${(await page.getByTestId('ap-label').textContent())?.match(/AP (\d+)/)?.[1]} µm`);
    console.log(`projectome PNG at ${scale}×: ${facts.width}×${facts.height} px (layout ${layout.width}×${layout.height} CSS px)`);
  }
  // the frame on screen is restored after the exports drew it at 4× (same size, same pixels)
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-render-state', 'ready');
  await expect(page.getByTestId('projectome-canvas')).toHaveScreenshot('projectome-shared-link.png');
  // the choice is remembered in this browser
  await page.reload();
  await canvasReady(page);
  await expect(bar.getByLabel('PNG scale')).toHaveValue('4');

  const svg = (await save('SVG')).bytes.toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Input regions');
  expect(svg).toContain(sources[0] ?? '');
  expectSvgProvenance(svg, url);
  // a vector figure: the only rasters are the visible sources' heatmaps
  expect(xmlProblem(svg)).toBeNull();
  const els = xmlElements(svg);
  const ofClass = (name: string, c: string) => els.filter((e) => e.name === name && e.attrs.get('class') === c);
  expect(els.filter((e) => e.name === 'image')).toHaveLength(sources.length);
  expect(ofClass('image', 'source')).toHaveLength(sources.length);
  for (const c of ['inside', 'boundaries', 'target-fill', 'target-outline']) expect(ofClass('path', c), c).toHaveLength(1);
  expect(ofClass('path', 'inside')[0]?.attrs.get('d')).toMatch(/^M[\d. ]+L.*Z$/);
  const dotsShown = ofClass('circle', 'injection').length;
  const svgTexts = els.filter((e) => e.name === 'text').map((e) => e.text);
  expect(svgTexts).toEqual(expect.arrayContaining(['Input regions', 'dorsal', 'right']));
  expect(svgTexts.some((t) => /^\d+ (mm|µm)$/.test(t))).toBe(true);
  expect(ofClass('text', 'title')[0]?.text).toContain(`Target region: ${target}`);
  // drawn by the browser: no text leaves the figure
  const drawn = await renderSvg(page, svg);
  expect(drawn.clipped).toEqual([]);
  expect(drawn.texts).toBeGreaterThan(5);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(testInfo.outputPath('projectome-svg-rendered.png'), drawn.png);
  console.log(`projectome SVG: ${svg.length} bytes, ${dotsShown} dots, ${drawn.texts} texts`);

  // per-AP statistics over the target's extent, and the frame's voxels in a file of their own
  const perAp = (await save('CSV')).bytes.toString('utf8');
  expect(csvHeader(perAp).get('sources')).toBe(sources.join(' '));
  expectCsvProvenance(perAp, url);
  const csv = csvTableLines(perAp);
  expect(csv[0]).toBe('ap_index,ap_um,source,target_voxels,voxels_with_data,target_mean,target_max,ceiling');
  expect(csv.length).toBeGreaterThan(1 + sources.length);
  const frame = csvTableLines((await save('Frame CSV')).bytes.toString('utf8'));
  expect(frame[0]).toBe('ap_index,ap_um,dv_index,dv_um,ml_index,ml_um,source,slab_mean,at_ceiling');
  const apUm = (await page.getByTestId('ap-label').textContent())?.match(/AP (\d+)/)?.[1];
  expect(new Set(frame.slice(1).map((l) => l.split(',')[1]))).toEqual(new Set([apUm]));
});

/** Pixels with a red value below 80 (text, lines) in [x0, x1) × [y0, y1) of an RGBA image `width` wide. */
function darkIn(rgba: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if ((rgba[4 * (y * width + x)] ?? 255) < 80) n++;
  return n;
}

test('sweep exports: a looping GIF and a WebM, one frame per position with its furniture; progress, cancel', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await canvasReady(page);
  const bar = page.getByRole('group', { name: 'Export' });
  const { readFileSync, writeFileSync } = await import('node:fs');
  const save = async (name: string): Promise<{ file: string; bytes: Buffer }> => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), bar.getByRole('button', { name, exact: true }).click()]);
    await download.saveAs(testInfo.outputPath(download.suggestedFilename()));
    return { file: download.suggestedFilename(), bytes: readFileSync((await download.path()) ?? '') };
  };
  const url = page.url();
  const startAp = await page.getByTestId('projectome-canvas').getAttribute('data-drawn-ap');
  const layout = await layoutOf(page, 'projectome-canvas', 'canvas');
  // the positions of the sweep: the target's extent, as the per-position CSV lists it
  const perAp = csvTableLines((await save('CSV')).bytes.toString('utf8'));
  const positions = [...new Set(perAp.slice(1).map((l) => Number(l.split(',')[0])))].sort((a, b) => a - b);
  expect(positions.length).toBeGreaterThan(1);

  // cancel (at the default 2×, where the sweep takes long enough to be stopped): no file, the
  // buttons come back, the position on screen is the one before
  await expect(bar.getByLabel('PNG scale')).toHaveValue('2');
  let downloads = 0;
  page.on('download', () => downloads++);
  await bar.getByRole('button', { name: 'Sweep GIF', exact: true }).click();
  await expect(bar.getByRole('button', { name: 'Sweep WebM' })).toBeDisabled();
  await expect(bar.getByTestId('export-progress')).toContainText('GIF');
  await bar.getByRole('button', { name: 'Cancel' }).click();
  await expect(bar.getByRole('button', { name: 'Sweep GIF', exact: true })).toBeEnabled();
  await expect(bar.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', startAp ?? '');
  await canvasReady(page);
  expect(downloads).toBe(0);

  await setExportScale(page, 1);
  const t0 = Date.now();
  const gif = await save('Sweep GIF');
  console.log(`sweep GIF: ${positions.length} frames of ${layout.width}×${layout.height} px, ${gif.bytes.length} bytes, ${Date.now() - t0} ms`);
  expect(gif.file).toBe(`projectome-${target}-AP-sweep.gif`);
  const info = readGif(new Uint8Array(gif.bytes));
  expect([info.width, info.height]).toEqual([layout.width, layout.height]); // the PNG's size at 1×
  expect(info.frames).toHaveLength(positions.length);
  expect(info.loopCount).toBe(0);
  expect(info.complete).toBe(true);
  expect(new Set(info.frames.map((f) => f.delayMs))).toEqual(new Set([120]));
  expect(info.comments.join('\n')).toContain(url);
  expect(info.comments.join('\n')).toContain(`${positions.length} frames`);
  const [f0, fMid] = [info.frames[0], info.frames[info.frames.length >> 1]];
  if (!f0 || !fMid) throw new Error('the GIF has no frames');
  const first = decodeGifFrame(f0);
  const middle = decodeGifFrame(fMid);
  expect(Buffer.from(first).equals(Buffer.from(middle))).toBe(false);
  // the furniture: dark text in the title row (top-left), the legend box (top-right) and the scale bar (bottom-left)
  const dark = (x0: number, y0: number, x1: number, y1: number): number => darkIn(first, info.width, x0, y0, x1, y1);
  expect(dark(0, 0, info.width >> 1, 24)).toBeGreaterThan(50);
  expect(dark(info.width - 120, 24, info.width, 60)).toBeGreaterThan(20);
  writeFileSync(testInfo.outputPath('sweep-gif-frame-0.png'), encodePngRgba(first, info.width, info.height));
  writeFileSync(testInfo.outputPath('sweep-gif-frame-mid.png'), encodePngRgba(middle, info.width, info.height));
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', startAp ?? '');

  const video = await save('Sweep WebM');
  expect(video.file).toBe(`projectome-${target}-AP-sweep.webm`);
  expect(video.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML magic
  console.log(`sweep WebM: ${video.bytes.length} bytes`);
  // its first frame, decoded by the browser (a blank page: the app's CSP allows no blob: media)
  const blank = await page.context().newPage();
  const mid = Math.floor(positions.length / 2);
  const [shot, midShot] = await blank.evaluate(
    async ([b64, times]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const v = document.createElement('video');
      v.muted = true;
      v.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
      await new Promise((resolve, reject) => {
        v.onloadeddata = resolve;
        v.onerror = () => reject(new Error('the WebM does not decode'));
      });
      const out = [];
      for (const t of times) {
        v.currentTime = t;
        await new Promise((resolve) => (v.onseeked = resolve));
        const c = document.createElement('canvas');
        [c.width, c.height] = [v.videoWidth, v.videoHeight];
        const g = c.getContext('2d');
        if (!g) throw new Error('no 2D canvas');
        g.drawImage(v, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let s = '';
        for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode(...d.subarray(i, i + 0x8000));
        out.push({ width: c.width, height: c.height, rgba: btoa(s), time: v.currentTime, duration: v.duration });
      }
      return out;
    },
    [video.bytes.toString('base64'), [0, (mid + 0.5) / 8]] as const,
  );
  if (!shot || !midShot) throw new Error('the WebM frames were not read');
  await blank.close();
  expect([shot.width, shot.height]).toEqual([layout.width, layout.height]);
  // every frame is there, each shown for exactly 125 ms (WebCodecs timestamps), however slowly drawn
  console.log(`WebM: ${shot.duration} s for ${positions.length} frames`);
  expect(Math.abs(shot.duration - positions.length / 8)).toBeLessThan(0.02);
  // the middle position's frame is the middle position, not the first one held
  const webmMid = new Uint8Array(Buffer.from(midShot.rgba, 'base64'));
  writeFileSync(testInfo.outputPath('sweep-webm-frame-mid.png'), encodePngRgba(webmMid, midShot.width, midShot.height));
  const webmFirst = new Uint8Array(Buffer.from(shot.rgba, 'base64'));
  let differing = 0;
  for (let i = 0; i < webmMid.length; i += 4) if (Math.abs((webmMid[i] ?? 0) - (webmFirst[i] ?? 0)) > 40) differing++;
  expect(differing).toBeGreaterThan(200);
  writeFileSync(testInfo.outputPath('sweep-webm-frame-0.png'), encodePngRgba(webmFirst, shot.width, shot.height));
  console.log(`WebM first frame at ${shot.time} s of ${shot.duration} s`);
  expect(darkIn(webmFirst, shot.width, 0, 0, shot.width >> 1, 24)).toBeGreaterThan(50); // the title
});

test('sweep WebM without WebCodecs: recorded in real time (MediaRecorder), every position there, the position restored', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // a browser without VideoEncoder (older Safari/Firefox): the export falls back to recording
  await page.addInitScript(() => {
    delete (window as unknown as { VideoEncoder?: unknown }).VideoEncoder;
  });
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await canvasReady(page);
  const bar = page.getByRole('group', { name: 'Export' });
  await bar.getByLabel('PNG scale').selectOption('1');
  const startAp = await page.getByTestId('projectome-canvas').getAttribute('data-drawn-ap');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 90_000 }),
    bar.getByRole('button', { name: 'Sweep WebM', exact: true }).click(),
  ]);
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML magic
  const positions = Number(await page.getByRole('slider').getAttribute('max')) - Number(await page.getByRole('slider').getAttribute('min')) + 1;
  const blank = await page.context().newPage();
  const duration = await blank.evaluate(async (b64) => {
    const v = document.createElement('video');
    v.muted = true;
    v.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'video/webm' }));
    await new Promise((resolve, reject) => {
      v.onloadedmetadata = resolve;
      v.onerror = () => reject(new Error('the WebM does not decode'));
    });
    // a recorded WebM has no duration in its header: seek far to learn it
    if (!Number.isFinite(v.duration)) {
      v.currentTime = 1e6;
      await new Promise((resolve) => (v.ondurationchange = resolve));
    }
    return v.duration;
  }, bytes.toString('base64'));
  await blank.close();
  console.log(`recorded WebM: ${bytes.length} bytes, ${duration} s for ${positions} positions`);
  // each position shown for at least 125 ms (longer when it took longer to draw)
  expect(duration).toBeGreaterThan(positions / 8 - 0.25);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', startAp ?? '');
});

test('hemisphere subtraction and the region expansion list', async ({ page }) => {
  const { target, sources } = await smallProjectome();
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  await canvasReady(page);
  const before = await canvasStats(page);
  await expect(page.getByTestId('target-expansion')).toContainText('with descendants');
  await page
    .getByTestId('target-expansion')
    .getByText(/with descendants/)
    .click();
  await expect(page.getByTestId('target-expansion')).toContainText(target);

  await page.getByLabel('Other hemisphere').selectOption('sub');
  await expect(page).toHaveURL(/hemi=sub/);
  await canvasReady(page);
  expect((await canvasStats(page)).hash).not.toBe(before.hash);
});

test('while volumes arrive, a partial preview is drawn and marked, then the final frame replaces it', async ({ page }) => {
  const { target, sources } = await smallProjectome();
  // Every grid takes 600 ms and four download at once: the volumes arrive over a few seconds.
  await fake.configure({ latencyMs: 600, match: '/grid_data/' });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __states: string[] }).__states = seen;
    const titles: string[] = [];
    (window as unknown as { __titlesBeforeFrame: string[] }).__titlesBeforeFrame = titles;
    new MutationObserver(() => {
      const wrap = document.querySelector('[data-testid="projectome-canvas"]');
      const state = wrap?.getAttribute('data-render-state');
      if (state && seen[seen.length - 1] !== state) seen.push(state);
      // the title while no projectome exists yet (the canvas is mounted, loading; no legend yet)
      const h = [...document.querySelectorAll('h2')].find((e) => e.textContent?.startsWith('Projections into'));
      const none = !wrap?.hasAttribute('data-drawn-ap') && !document.querySelector('[data-testid="projectome-legend"]');
      if (h && none && titles[titles.length - 1] !== h.textContent) titles.push(h.textContent ?? '');
    }).observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
  });
  await page.goto(`/?v=1&view=proj&t=${target}&s=${sources.join(',')}`);
  const title = page.getByRole('heading', { name: new RegExp(`^Projections into ${target}`) });
  await expect(page.getByTestId('partial-note')).toContainText(/Preview: the means of \d+ of \d+ experiments so far/, { timeout: 45_000 });
  await expect(title).toContainText(/— AP \d+ µm \(CCF\)/);
  await canvasReady(page);
  await expect(page.getByTestId('partial-note')).toHaveCount(0);
  const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
  expect(states).toContain('partial');
  expect(states.lastIndexOf('partial')).toBeLessThan(states.lastIndexOf('ready'));
  expect(states.indexOf('ready')).toBeGreaterThan(states.indexOf('partial'));
  // before any frame existed the title named no AP position (it used to say "AP 0 µm")
  const before = await page.evaluate(() => (window as unknown as { __titlesBeforeFrame: string[] }).__titlesBeforeFrame);
  expect(before).toContain(`Projections into ${target}`);
  expect(before.filter((t) => t.includes('AP'))).toEqual([]);
});
