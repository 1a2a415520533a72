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
