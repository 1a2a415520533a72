// Checks of exported files (Node side): a PNG's pixel size, its pHYs and its provenance text
// chunks; an SVG's <metadata>; a CSV's provenance header; the link they carry; every file of a
// figure's Export group at once (checkFigureExports). Parsers are the app's own pure readers.
import { readFile, writeFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { readPhysDpi, readPngChunks, readPngText, pngSize } from '../src/render/png-chunks.ts';
import { readSvgProvenance } from '../src/render/export-provenance.ts';
import { csvHeader } from './helpers.ts';

export interface PngFacts {
  readonly width: number;
  readonly height: number;
  readonly dpi: { readonly x: number; readonly y: number } | null;
  readonly text: Map<string, string>;
}

export function pngFacts(bytes: Uint8Array): PngFacts {
  const chunks = readPngChunks(bytes);
  return { ...pngSize(chunks), dpi: readPhysDpi(chunks), text: readPngText(chunks) };
}

/** Chooses the shared PNG scale in an export bar. */
export async function setExportScale(page: Page, scale: 1 | 2 | 4): Promise<void> {
  await page.getByRole('group', { name: 'Export' }).getByLabel('PNG scale').selectOption(String(scale));
}

/** Clicks an export button and returns the file's name and bytes (a copy is kept in `keepDir` when given). */
export async function exportFile(page: Page, name: string, keepAs?: string): Promise<{ file: string; bytes: Buffer }> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true }).click(),
  ]);
  const path = await dl.path();
  if (keepAs) await dl.saveAs(keepAs);
  return { file: dl.suggestedFilename(), bytes: await readFile(path) };
}

/** The PNG is exactly scale × the layout size, says 96·scale dpi, and names the app version and this view. */
export function expectPngExport(png: PngFacts, scale: number, layout: { width: number; height: number }, url: string): void {
  expect({ width: png.width, height: png.height }).toEqual({ width: scale * layout.width, height: scale * layout.height });
  expect(png.dpi).toEqual({ x: 96 * scale, y: 96 * scale });
  expect(png.text.get('Software')).toMatch(/^Brain Street View for the browser \d+\.\d+\.\d+/);
  expect(png.text.get('Source')).toBe(url);
  expect(png.text.get('Description')).toContain(url);
  expect(png.text.get('Description')).toContain('ccf2017-mcc2019');
  expect(png.text.get('Creation Time')).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(png.text.get('Title')?.length).toBeGreaterThan(3);
}

export function expectSvgProvenance(svg: string, url: string): void {
  const p = readSvgProvenance(svg);
  expect(svg).toContain('<metadata id="provenance">');
  expect(p.fields.get('dc:source')).toBe(url);
  expect(p.fields.get('bsv:viewUrl')).toBe(url);
  expect(p.fields.get('bsv:version')).toMatch(/^\d+\.\d+\.\d+/);
  expect(p.fields.get('bsv:dataRelease')).toBe('ccf2017-mcc2019');
  expect(p.title?.length).toBeGreaterThan(3);
  expect(p.desc).toContain(url);
}

export function expectCsvProvenance(csv: string, url: string): void {
  const h = csvHeader(csv);
  expect(csv.split('\r\n')[0]).toMatch(/^# Brain Street View for the browser \d+\.\d+\.\d+/);
  expect(h.get('data release')).toBe('ccf2017-mcc2019');
  expect(h.get('url')).toBe(url);
  expect(h.get('exported')).toMatch(/^\d{4}-\d\d-\d\dT/);
}

/** Width and height (whole CSS px) of an element's box — a figure's layout size — or of its `inner` descendant (the canvas inside a bordered wrapper). */
export async function layoutOf(page: Page, testId: string, inner?: string): Promise<{ width: number; height: number }> {
  const el = page.getByTestId(testId);
  const box = await (inner ? el.locator(inner) : el).boundingBox();
  if (!box) throw new Error(`no box for ${testId}`);
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

export interface SvgRendering {
  /** Text elements whose box (the browser's getBBox) leaves the viewBox. */
  readonly clipped: readonly string[];
  readonly texts: number;
  readonly png: Buffer;
}

/** Opens an exported SVG in a page of its own (as a file would be), measures its text and renders it. */
export async function renderSvg(page: Page, svg: string): Promise<SvgRendering> {
  const viewer = await page.context().newPage();
  try {
    await viewer.setContent(`<!doctype html><body style="margin:0">${svg.replace(/^<\?xml[^?]*\?>/, '')}</body>`);
    const facts = await viewer.evaluate(() => {
      const root = document.querySelector('svg');
      if (!root) return { clipped: ['no <svg>'], texts: 0 };
      // on screen, so a rotated label is measured as drawn (getBBox ignores the transform)
      const r = root.getBoundingClientRect();
      const texts = [...root.querySelectorAll('text')];
      const clipped = texts
        .filter((t) => {
          const b = t.getBoundingClientRect();
          return b.left < r.left - 0.5 || b.top < r.top - 0.5 || b.right > r.right + 0.5 || b.bottom > r.bottom + 0.5;
        })
        .map((t) => t.textContent ?? '');
      return { clipped, texts: texts.length };
    });
    return { ...facts, png: await viewer.locator('svg').screenshot() };
  } finally {
    await viewer.close();
  }
}

/** The layout size (whole CSS px) an exported SVG declares on its root: its PNG is scale × that. */
export function svgLayout(svg: string): { width: number; height: number } {
  const size = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!size) throw new Error('the SVG declares no width and height');
  return { width: Math.round(Number(size[1])), height: Math.round(Number(size[2])) };
}

/**
 * The link an export carries reopens the view on screen: same page, the same query parameters as
 * the address bar, and the parameters that define the view (view, r, t, s, …) have the values the
 * test asked for, so a link that lost or changed one fails here even if the address bar did too.
 */
export function expectViewLink(link: string | undefined, pageUrl: string, expected: Readonly<Record<string, string>>): void {
  expect(link, 'the export carries a link').toBeDefined();
  const got = new URL(link ?? '');
  const want = new URL(pageUrl);
  expect(got.origin + got.pathname).toBe(want.origin + want.pathname);
  expect([...got.searchParams].sort()).toEqual([...want.searchParams].sort());
  for (const [k, v] of Object.entries(expected)) expect(got.searchParams.get(k), `link parameter ${k}`).toBe(v);
}

/** An SVG export without what changes from one export to the next (its time, in <desc> and <metadata>). */
export const svgFigureOnly = (svg: string): string => svg.replace(/<desc>[^<]*<\/desc>/, '').replace(/<metadata id="provenance">[\s\S]*?<\/metadata>/, '');

export interface FigureExports {
  readonly svg: string;
  readonly csv: string;
  readonly png: PngFacts;
  readonly layout: { readonly width: number; readonly height: number };
}

/**
 * Downloads every file of a figure's Export group (SVG, PNG at each scale, CSV) and checks each
 * one's provenance: app version, data release and a link reproducing the view (`expected`: the
 * view's defining URL parameters); the PNG is scale × the SVG's layout size; the SVG, drawn by the
 * browser as a file, has no text outside it. Copies go to the test's output folder as `<name>.*`.
 */
export async function checkFigureExports(
  page: Page,
  outputPath: (name: string) => string,
  name: string,
  expected: Readonly<Record<string, string>>,
  scales: readonly (1 | 2 | 4)[] = [2, 1],
): Promise<FigureExports> {
  const url = page.url();
  expectViewLink(url, url, expected);
  const svg = (await exportFile(page, 'SVG', outputPath(`${name}.svg`))).bytes.toString('utf8');
  expect(svg).toContain('<svg');
  expectSvgProvenance(svg, url);
  expectViewLink(readSvgProvenance(svg).fields.get('bsv:viewUrl'), url, expected);
  const drawn = await renderSvg(page, svg);
  expect(drawn.clipped, 'text outside the SVG figure').toEqual([]);
  expect(drawn.texts).toBeGreaterThan(2);
  await writeFile(outputPath(`${name}.svg.png`), drawn.png);
  const layout = svgLayout(svg);
  expect(layout.width).toBeGreaterThan(100);
  let png: PngFacts | null = null;
  for (const scale of scales) {
    await setExportScale(page, scale);
    const file = await exportFile(page, 'PNG', outputPath(`${name}-${scale}x.png`));
    expect(file.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const facts = pngFacts(file.bytes);
    expectPngExport(facts, scale, layout, url);
    expectViewLink(facts.text.get('Source'), url, expected);
    console.log(`${name} PNG at ${scale}×: ${facts.width}×${facts.height} px (layout ${layout.width}×${layout.height} CSS px)`);
    png ??= facts;
  }
  if (!png) throw new Error('no PNG scale to check');
  const csv = (await exportFile(page, 'CSV', outputPath(`${name}.csv`))).bytes.toString('utf8');
  expectCsvProvenance(csv, url);
  expectViewLink(csvHeader(csv).get('url'), url, expected);
  // the '#' block, then the table: the first line that is not provenance is the column header
  const firstRow = csv.split(/\r?\n/).find((l) => !l.startsWith('#'));
  expect(firstRow).toMatch(/^[A-Za-z]\w*(,[A-Za-z]\w*)+$/);
  return { svg, csv, png, layout };
}

/**
 * Opens `link` in a new tab of the same browser (the cache is shared), waits for the figure
 * (`testId`) and returns its SVG export without provenance: the link reproduces the figure when
 * this equals svgFigureOnly of the first export.
 */
export async function svgOfLink(page: Page, link: string, testId: string): Promise<string> {
  const tab = await page.context().newPage();
  try {
    await tab.goto(link);
    await expect(tab.getByTestId(testId)).toHaveAttribute('data-render-state', 'ready', { timeout: 45_000 });
    return svgFigureOnly((await exportFile(tab, 'SVG')).bytes.toString('utf8'));
  } finally {
    await tab.close();
  }
}
