import { describe, expect, it } from 'vitest';
import { encodePngRgba } from './png-encode';
import { readPhysDpi, readPngChunks, readPngText } from './png-chunks';
import { readSvgProvenance, stampPng, stampSvg, type Provenance } from './export-provenance';

const p: Provenance = {
  title: 'Target region: CP — AP = 5000 µm (CCF)',
  appName: 'Brain Street View for the browser',
  appVersion: '1.2.3',
  dataRelease: 'ccf2017-mcc2019',
  url: 'http://localhost:4330/?v=1&view=proj&t=CP&s=MOp,SSp&ap=5000',
  exportedAt: new Date('2026-12-04T23:00:00.000Z'),
};

describe('PNG provenance', () => {
  it('pHYs at 96 · scale dpi and text chunks with the version, release and link, read back', () => {
    for (const scale of [1, 2, 4] as const) {
      const chunks = readPngChunks(stampPng(encodePngRgba(new Uint8Array(16).fill(255), 2, 2), scale, p));
      expect(readPhysDpi(chunks)).toEqual({ x: 96 * scale, y: 96 * scale });
      const text = readPngText(chunks);
      expect(text.get('Software')).toBe('Brain Street View for the browser 1.2.3');
      expect(text.get('Source')).toBe(p.url);
      expect(text.get('Title')).toBe(p.title);
      expect(text.get('Creation Time')).toBe('2026-12-04T23:00:00.000Z');
      expect(text.get('Description')).toContain(p.url);
      expect(text.get('Description')).toContain('ccf2017-mcc2019');
      expect(text.get('Comment')).toContain('Allen Mouse Brain Connectivity Atlas');
      // the title has an em dash: it is an iTXt chunk, the ASCII ones tEXt
      expect(chunks.find((c) => c.type === 'iTXt')).toBeDefined();
      expect(chunks.filter((c) => c.type === 'tEXt').length).toBeGreaterThan(2);
    }
  });
});

describe('SVG provenance', () => {
  const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n<rect width="10" height="10"/>\n</svg>';

  it('adds <title>, <desc> and <metadata> as the first children, escaped, and reads them back', () => {
    const out = stampSvg(svg, { ...p, url: `${p.url}&x=<&>` });
    expect(out.indexOf('<title>')).toBeLessThan(out.indexOf('<rect'));
    const back = readSvgProvenance(out);
    expect(back.title).toBe(p.title);
    expect(back.desc).toContain(`${p.url}&x=<&>`);
    expect(back.fields.get('dc:source')).toBe(`${p.url}&x=<&>`);
    expect(back.fields.get('bsv:viewUrl')).toBe(`${p.url}&x=<&>`);
    expect(back.fields.get('bsv:version')).toBe('1.2.3');
    expect(back.fields.get('bsv:dataRelease')).toBe('ccf2017-mcc2019');
    expect(back.fields.get('dc:date')).toBe('2026-12-04T23:00:00.000Z');
    expect(out).not.toContain('&x=<&>');
    expect(stampSvg(out, p)).toBe(out);
  });

  it('keeps a document title that comes first', () => {
    const titled = svg.replace('<rect', '<title>Matrix</title><rect');
    const once = stampSvg(titled.replace('\n<title>', '<title>'), p);
    expect(readSvgProvenance(once).title).toBe('Matrix');
    expect(once.match(/<title>/g)?.length).toBe(1);
  });
});
