// Provenance of an exported file (pure): which app and version made it, from which Allen data
// release, the link that reopens the exact view, and when. Written into SVG as <title>, <desc>
// and <metadata> (RDF / Dublin Core, plus the app's own terms), and into PNG as text chunks with
// PNG-spec keywords (CSVs carry the same facts in their '#' header: csv-document.ts).
import { escapeXml } from './svg-export';
import { physChunk, textChunk, withPngChunks } from './png-chunks';
import { exportDpi, type ExportScale } from './export-scale';

export interface Provenance {
  /** What the figure shows (becomes the SVG <title> and the PNG Title). */
  readonly title: string;
  readonly appName: string;
  readonly appVersion: string;
  /** Allen data release, e.g. ccf2017-mcc2019. */
  readonly dataRelease: string;
  /** The exact view: the address bar at export time (the share link). */
  readonly url: string;
  readonly exportedAt: Date;
}

export const DATA_CREDIT =
  'Data: Allen Mouse Brain Connectivity Atlas (Oh et al., Nature 2014), connectivity.brain-map.org; Allen CCFv3 (Wang et al., Cell 2020). Methods ported from Brain Street View (J. Fabre).';

/** Namespace of the app's own metadata terms in SVG. */
export const PROVENANCE_NS = 'urn:brain-street-view:export:1';

/** One paragraph a reader of the file can follow back to the view. */
export function provenanceDescription(p: Provenance): string {
  return `${p.title}. Exported from ${p.appName} ${p.appVersion} on ${p.exportedAt.toISOString()}; Allen data release ${p.dataRelease}; view: ${p.url}`;
}

/** PNG text entries [keyword, text] (PNG spec §11.3.4 keywords). */
export function pngTextEntries(p: Provenance): Array<[string, string]> {
  return [
    ['Title', p.title],
    ['Software', `${p.appName} ${p.appVersion}`],
    ['Source', p.url],
    ['Creation Time', p.exportedAt.toISOString()],
    ['Description', provenanceDescription(p)],
    ['Comment', `Data release ${p.dataRelease}. ${DATA_CREDIT}`],
  ];
}

/** The PNG with its pHYs (96 · scale dpi) and the provenance text chunks. */
export function stampPng(png: Uint8Array, scale: ExportScale, p: Provenance): Uint8Array {
  return withPngChunks(png, [physChunk(exportDpi(scale)), ...pngTextEntries(p).map(([k, v]) => textChunk(k, v))]);
}

/** The <metadata> element: RDF with Dublin Core terms and the app's version and data release. */
export function svgMetadataElement(p: Provenance): string {
  const e = escapeXml;
  return [
    `<metadata id="provenance">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:bsv="${PROVENANCE_NS}">`,
    `<rdf:Description rdf:about="">`,
    `<dc:title>${e(p.title)}</dc:title>`,
    `<dc:creator>${e(`${p.appName} ${p.appVersion}`)}</dc:creator>`,
    `<dc:source>${e(p.url)}</dc:source>`,
    `<dc:date>${e(p.exportedAt.toISOString())}</dc:date>`,
    `<dc:format>image/svg+xml</dc:format>`,
    `<dc:description>${e(provenanceDescription(p))}</dc:description>`,
    `<dc:rights>${e(DATA_CREDIT)}</dc:rights>`,
    `<bsv:software>${e(p.appName)}</bsv:software>`,
    `<bsv:version>${e(p.appVersion)}</bsv:version>`,
    `<bsv:dataRelease>${e(p.dataRelease)}</bsv:dataRelease>`,
    `<bsv:viewUrl>${e(p.url)}</bsv:viewUrl>`,
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</metadata>`,
  ].join('');
}

/**
 * The SVG document with <title> (kept when the document has one first), <desc> and <metadata>
 * as the first children of the root <svg>. A document already stamped is returned unchanged.
 */
export function stampSvg(svg: string, p: Provenance): string {
  if (svg.includes('<metadata id="provenance">')) return svg;
  const open = /<svg[\s>]/.exec(svg);
  const end = open ? svg.indexOf('>', open.index) : -1;
  if (!open || end < 0) throw new Error('not an SVG document (no <svg> element)');
  let at = end + 1;
  const rest = svg.slice(at);
  const title = /^\s*<title>[^<]*<\/title>/.exec(rest);
  if (title) at += title[0].length;
  const head = `${title ? '' : `\n<title>${escapeXml(p.title)}</title>`}\n<desc>${escapeXml(provenanceDescription(p))}</desc>\n${svgMetadataElement(p)}`;
  return svg.slice(0, at) + head + svg.slice(at);
}

/** Reads back what stampSvg wrote (tests, and anyone checking a file). */
export function readSvgProvenance(svg: string): { title: string | null; desc: string | null; fields: Map<string, string> } {
  const unescape = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const one = (re: RegExp): string | null => {
    const m = re.exec(svg);
    return m?.[1] !== undefined ? unescape(m[1]) : null;
  };
  const meta = /<metadata id="provenance">([\s\S]*?)<\/metadata>/.exec(svg)?.[1] ?? '';
  const fields = new Map<string, string>();
  for (const m of meta.matchAll(/<((?:dc|bsv):[A-Za-z]+)>([^<]*)<\/\1>/g)) if (m[1] && m[2] !== undefined) fields.set(m[1], unescape(m[2]));
  return { title: one(/<svg[^>]*>\s*<title>([^<]*)<\/title>/), desc: one(/<desc>([^<]*)<\/desc>/), fields };
}

/** A file as exported: PNGs get their pHYs and text chunks, SVGs their metadata; others as they are. */
export async function stampExport(blob: Blob, scale: ExportScale, p: Provenance): Promise<Blob> {
  if (blob.type === 'image/png') {
    const bytes = stampPng(new Uint8Array(await blob.arrayBuffer()), scale, p);
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  }
  if (blob.type === 'image/svg+xml') return new Blob([stampSvg(await blob.text(), p)], { type: 'image/svg+xml' });
  return blob;
}
