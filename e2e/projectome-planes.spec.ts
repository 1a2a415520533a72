// Sagittal and horizontal projectomes (plane=…): a link opens the plane with its slider over ML
// or DV, labelled and kept in the URL under the axis's key; keyboard steps redraw; the hover
// readout, exports (file names, CSV columns) and the plane choice follow the plane. Screenshots
// of each plane go to test-results/planes/ (look at them: a blank canvas is a bug).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readGif } from '../src/compute/gif-read.ts';
import { clearBrowserCache, csvHeader, csvTableLines, fake, projectomeCanvasStats } from './helpers.ts';
import { canvasReady, drawnAp, projUrl, smallProjectome } from './projectome-helpers.ts';
import { xmlElements } from '../src/render/xml-check.ts';

test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ page }) => {
  await fake.reset();
  await page.goto('/');
  await clearBrowserCache(page);
});

// the orientation mark over the section: what is up and what is to the right
const PLANES = [
  { plane: 'sagittal', axis: 'ML', key: 'ml', up: 'dorsal', right: 'posterior' },
  { plane: 'horizontal', axis: 'DV', key: 'dv', up: 'left', right: 'posterior' },
] as const;

/** target_voxels per slice index, from the per-position CSV (one row per slice and source). */
function targetVoxelsPerSlice(csv: string): Map<number, number> {
  return new Map(
    csvTableLines(csv)
      .slice(1)
      .map((l) => l.split(',').map(Number))
      .map((f) => [f[0] ?? -1, f[3] ?? 0] as const),
  );
}

async function stepAndCheck(page: Page, axis: string, key: string): Promise<number> {
  const slider = page.getByRole('slider');
  const lo = Number(await slider.getAttribute('min'));
  const hi = Number(await slider.getAttribute('max'));
  expect(hi).toBeGreaterThan(lo);
  const start = await drawnAp(page);
  await slider.focus();
  const next = start < hi ? start + 1 : start - 1;
  await slider.press(start < hi ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(next));
  await canvasReady(page);
  await expect(page.getByTestId('ap-label')).toHaveText(`${axis} ${next * 100} µm (CCF)`);
  await expect(page.getByTestId('ap-title')).toHaveText(`${axis} ${next * 100} µm`);
  await expect(page).toHaveURL(new RegExp(`[?&]${key}=${next * 100}(&|$)`));
  await expect(page).not.toHaveURL(/[?&]ap=/);
  // Page Down: five slices, clamped to the extent
  await slider.press('PageDown');
  const down = Math.max(lo, next - 5);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(down));
  await canvasReady(page);
  await expect(page).toHaveURL(new RegExp(`[?&]${key}=${down * 100}(&|$)`));
  return down;
}

for (const { plane, axis, key, up, right } of PLANES)
  test(`a ${plane} link draws ${plane} sections with a slider over ${axis}; keys step it, the URL and labels follow`, async ({ page }, testInfo) => {
    const { target, sources } = await smallProjectome();
    await page.goto(projUrl(target, sources, `&plane=${plane}`));
    await canvasReady(page);
    await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-plane', plane);
    await expect(page.getByRole('radio', { name: new RegExp(`^${plane}`, 'i') })).toBeChecked();
    await expect(page.getByTestId('ap-label')).toHaveText(new RegExp(`^${axis} \\d+ µm \\(CCF\\)$`));
    await expect(page.getByTestId('plane-orientation')).toContainText('anterior left');
    const mark = page.getByTestId('projectome-canvas').getByTestId('orientation-mark');
    await expect(mark.locator('text')).toHaveText([up, right]);
    const opened = await drawnAp(page);
    const first = await projectomeCanvasStats(page);
    expect(first.inked).toBeGreaterThan(0.1);
    expect(first.colours).toBeGreaterThan(8);
    await page.getByTestId('projectome-canvas').screenshot({ path: `test-results/planes/${plane}-open.png` });

    const at = await stepAndCheck(page, axis, key);
    const after = await projectomeCanvasStats(page);
    expect(after.inked).toBeGreaterThan(0.1);
    await page.getByTestId('projectome-canvas').screenshot({ path: `test-results/planes/${plane}-stepped.png` });
    await page.screenshot({ path: `test-results/planes/${plane}-page.png`, fullPage: true });

    // hover: the slicing axis first, with its slice, then the other two CCF coordinates
    const box = await page.getByTestId('projectome-canvas').boundingBox();
    if (!box) throw new Error('no canvas box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('hover-readout')).toContainText(`${axis} ${at * 100} (slice ${at * 100}–${at * 100 + 100})`);
    // a step from the keyboard with the pointer still over the section: the readout follows it
    await page.getByRole('slider').focus();
    await page.getByRole('slider').press('ArrowRight');
    await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(at + 1));
    await expect(page.getByTestId('hover-readout')).toContainText(`${axis} ${(at + 1) * 100} (slice ${(at + 1) * 100}–${(at + 2) * 100})`);
    await page.getByRole('slider').press('ArrowLeft');
    await expect(page.getByTestId('hover-readout')).toContainText(`${axis} ${at * 100} (slice`);

    // exports name the axis; the frame CSV gives each voxel's CCF indices, its slice coordinate fixed
    const bar = page.getByRole('group', { name: 'Export' });
    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name, exact: true }).click()]);
      const path = await download.path();
      await download.saveAs(testInfo.outputPath(download.suggestedFilename()));
      return { file: download.suggestedFilename(), text: readFileSync(path).toString('utf8') };
    };
    const png = await save('PNG');
    expect(png.file).toBe(`projectome-${target}-${axis}${at * 100}.png`);
    // the SVG is a vector figure in this plane too, with the same orientation mark
    const svg = xmlElements((await save('SVG')).text);
    expect(svg.filter((e) => e.name === 'image')).toHaveLength(sources.length);
    expect(svg.filter((e) => e.name === 'path' && e.attrs.get('class') === 'inside')).toHaveLength(1);
    expect(svg.filter((e) => e.name === 'text').map((e) => e.text)).toEqual(expect.arrayContaining([up, right]));
    const perPosition = await save('CSV');
    expect(perPosition.file).toBe(`projectome-${target}-per-${axis}.csv`);
    expect(csvTableLines(perPosition.text)[0]).toBe(`${key}_index,${key}_um,source,target_voxels,voxels_with_data,target_mean,target_max,ceiling`);
    expect(csvHeader(perPosition.text).get('sources')).toBe(sources.join(' '));
    // the link named no position: it opened at the middle of the target's extent if the target is
    // in that slice, else at its largest section (a two-sided target cut along ML: the last test
    // opens one with nothing at the midline), never at a section without the target
    const voxelsAt = targetVoxelsPerSlice(perPosition.text);
    const extent = [...voxelsAt.keys()];
    const middle = Math.round((Math.min(...extent) + Math.max(...extent)) / 2);
    const largest = Math.max(...voxelsAt.values());
    expect(voxelsAt.get(opened)).toBeGreaterThan(0);
    if ((voxelsAt.get(middle) ?? 0) > 0) expect(opened).toBe(middle);
    else expect(voxelsAt.get(opened)).toBe(largest);
    testInfo.annotations.push({ type: 'opened', description: `${plane}: ${opened} (middle ${middle}, ${voxelsAt.get(middle) ?? 0} target voxels there)` });
    const frame = await save('Frame CSV');
    expect(frame.file).toBe(`projectome-${target}-${axis}${at * 100}-frame.csv`);
    const lines = csvTableLines(frame.text);
    expect(lines[0]).toBe('ap_index,ap_um,dv_index,dv_um,ml_index,ml_um,source,slab_mean,at_ceiling');
    expect(lines.length).toBeGreaterThan(1);
    const col = key === 'ml' ? 5 : 3;
    expect(new Set(lines.slice(1).map((l) => l.split(',')[col]))).toEqual(new Set([String(at * 100)]));

    // the sweep GIF runs along the plane's axis: one frame per position of the per-position CSV
    await page.getByRole('group', { name: 'Export' }).getByLabel('PNG scale').selectOption('1');
    const [gifDownload] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      bar.getByRole('button', { name: 'Sweep GIF', exact: true }).click(),
    ]);
    expect(gifDownload.suggestedFilename()).toBe(`projectome-${target}-${axis}-sweep.gif`);
    const gif = readGif(new Uint8Array(readFileSync((await gifDownload.path()) ?? '')));
    const positions = new Set(
      csvTableLines(perPosition.text)
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    expect(gif.frames).toHaveLength(positions.size);
    expect(gif.comments.join('\n')).toContain(`Sweep through ${target} along ${axis}, ${axis} `);
    await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-drawn-ap', String(at));

    // play sweeps along the plane's axis; pause leaves a ready frame
    await page.getByRole('button', { name: `Play an ${axis} sweep through the target` }).click();
    await expect(page.getByTestId('projectome-canvas')).not.toHaveAttribute('data-drawn-ap', String(at));
    await page.getByRole('button', { name: `Pause the ${axis} sweep` }).click();
    await canvasReady(page);
    const paused = await drawnAp(page);
    await expect(page).toHaveURL(new RegExp(`[?&]${key}=${paused * 100}(&|$)`));

    // a reload of the link (repeat visit) shows the same plane and position
    await page.reload();
    await canvasReady(page);
    await expect(page.getByTestId('ap-label')).toHaveText(`${axis} ${paused * 100} µm (CCF)`);

    // a click on the section opens the spatial search at that voxel's CCF centre (AP, DV, ML)
    const area = await page.getByTestId('projectome-canvas').boundingBox();
    if (!area) throw new Error('no canvas box');
    await page.mouse.move(area.x + area.width * 0.5, area.y + area.height * 0.4);
    const readout = (await page.getByTestId('hover-readout').textContent()) ?? '';
    const um = ['AP', 'DV', 'ML'].map((n) => Number(new RegExp(`${n} (\\d+)`).exec(readout)?.[1]));
    expect(um[key === 'ml' ? 2 : 1]).toBe(paused * 100);
    await page.mouse.click(area.x + area.width * 0.5, area.y + area.height * 0.4);
    const seed = um.map((v) => Math.floor(v / 100) * 100 + 50).join(',');
    await expect(page).toHaveURL(new RegExp(`search=spatial&seed=${seed}$`));
  });

test('the plane choice switches planes through the URL; a link without a plane stays coronal', async ({ page }) => {
  const { target, sources } = await smallProjectome();
  await page.goto(projUrl(target, sources));
  await canvasReady(page);
  await expect(page.getByRole('radio', { name: /^coronal/i })).toBeChecked();
  await expect(page.getByTestId('ap-label')).toHaveText(/^AP \d+ µm \(CCF\)$/);
  // the pointer rests over the section while the plane changes from the keyboard
  const box = await page.getByTestId('projectome-canvas').boundingBox();
  if (!box) throw new Error('no canvas box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('hover-readout')).toContainText(/^AP \d+ \(slice/);
  await page.getByRole('radio', { name: /^horizontal/i }).focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]plane=horizontal(&|$)/);
  await canvasReady(page);
  await expect(page.getByTestId('projectome-canvas')).toHaveAttribute('data-plane', 'horizontal');
  // the readout describes the horizontal section under the pointer, the slicing axis (DV) first
  await expect(page.getByTestId('hover-readout')).toContainText(/^DV \d+ \(slice/);
  await expect(page.getByTestId('ap-label')).toHaveText(/^DV \d+ µm \(CCF\)$/);
  expect((await projectomeCanvasStats(page)).inked).toBeGreaterThan(0.1);
  // Back returns to the coronal figure
  await page.goBack();
  await expect(page).not.toHaveURL(/plane=/);
  await canvasReady(page);
  await expect(page.getByTestId('ap-label')).toHaveText(/^AP \d+ µm \(CCF\)$/);
});

test('a sagittal link into a two-sided target with nothing at the midline opens inside one half, at its largest section', async ({ page }, testInfo) => {
  // the fake's CP, like the real one, has two halves and no voxel at ML 5700 µm, the middle of its ML extent
  const world = await fake.world();
  const counts = new Map(world.structuresWithExperiments.map((s) => [s.acronym, s.count]));
  const up = await fake.upstream('CP');
  const sources = up.sources
    .map((s) => s.acronym)
    .filter((a) => a !== 'CP' && (counts.get(a) ?? 99) <= 8)
    .slice(0, 2);
  expect(sources).toHaveLength(2);
  await page.goto(projUrl('CP', sources, '&plane=sagittal'));
  const opened = await drawnAp(page);
  await expect(page.getByTestId('ap-label')).toHaveText(`ML ${opened * 100} µm (CCF)`);
  // the opening slice is a default, not a position the link names
  await expect(page).not.toHaveURL(/[?&]ml=/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  await download.saveAs(testInfo.outputPath(download.suggestedFilename()));
  const voxelsAt = targetVoxelsPerSlice(readFileSync((await download.path()) ?? '').toString('utf8'));
  const extent = [...voxelsAt.keys()];
  const middle = Math.round((Math.min(...extent) + Math.max(...extent)) / 2);
  expect(middle).toBe(57);
  expect(voxelsAt.get(middle)).toBe(0);
  expect(voxelsAt.get(opened)).toBe(Math.max(...voxelsAt.values()));
  expect(opened).not.toBe(57);
  await page.getByTestId('projectome-canvas').screenshot({ path: 'test-results/planes/sagittal-two-sided-open.png' });
  // a reload opens the same slice
  await page.reload();
  await expect.poll(() => drawnAp(page)).toBe(opened);
});
