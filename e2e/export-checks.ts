// Checks of exported files (Node side): a PNG's pixel size, its pHYs and its provenance text
// chunks; an SVG's <metadata>; a CSV's provenance header. Parsers are the app's own pure readers.
import { readFile } from 'node:fs/promises';
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

/** Width and height (whole CSS px) of an element's box: a figure's layout size. */
export async function layoutOf(page: Page, testId: string): Promise<{ width: number; height: number }> {
  const box = await page.getByTestId(testId).boundingBox();
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
