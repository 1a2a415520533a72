// A small structural XML check for exported SVG (no DOM in Node): elements close in order, no
// raw '<' in text, no bare '&' in text or attribute values, attribute values quoted. Returns the
// first problem found, or null. Used by tests and available to e2e checks of downloaded files.

export function xmlProblem(xml: string): string | null {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  const bareAmp = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (between.includes('<')) return `raw '<' or malformed tag before offset ${m.index}`;
    if (bareAmp.test(between)) return `bare '&' in text before offset ${m.index}`;
    if (bareAmp.test(m[3] ?? '')) return `bare '&' in an attribute of <${m[2] ?? ''}>`;
    last = m.index + m[0].length;
    const [, close, name = '', , self] = m;
    if (self) continue;
    if (close) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
    } else stack.push(name);
  }
  if (body.slice(last).trim() !== '') return 'text or a malformed tag after the last element';
  if (stack.length > 0) return `unclosed <${stack.join('>, <')}>`;
  return null;
}

export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  /** Text right after the opening tag, up to the next tag (XML entities decoded). */
  readonly text: string;
  /** Names of the enclosing elements, outermost first. */
  readonly ancestors: readonly string[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');

/** Every element of a well-formed document (see xmlProblem), in document order: a DOM-free reader for tests. */
export function xmlElements(xml: string): XmlElement[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  const attr = /([\w:-]+)="([^"<]*)"/g;
  const out: XmlElement[] = [];
  const stack: string[] = [];
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const [whole, close, name = '', attrText = '', self] = m;
    if (close) {
      stack.pop();
      continue;
    }
    const attrs = new Map<string, string>();
    for (let a = attr.exec(attrText); a; a = attr.exec(attrText)) attrs.set(a[1] ?? '', decode(a[2] ?? ''));
    const rest = body.slice(m.index + whole.length);
    const text = self ? '' : decode(rest.slice(0, Math.max(0, rest.indexOf('<'))));
    out.push({ name, attrs, text, ancestors: [...stack] });
    if (!self) stack.push(name);
  }
  return out;
}
