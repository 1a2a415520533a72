import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, encodePngRgba } from './png-encode';
import { escapeXml, projectomeSvg, sourceRgba } from './svg-export';
import { xmlProblem } from './xml-check';

function assertWellFormed(xml: string): void {
  expect(xmlProblem(xml)).toBeNull();
}

describe('the well-formedness check', () => {
  it('rejects broken XML', () => {
    expect(xmlProblem('<svg><g></svg>')).toMatch(/closes <g>/);
    expect(xmlProblem('<svg><g>')).toMatch(/unclosed/);
    expect(xmlProblem('<svg>a < b</svg>')).toMatch(/raw '<'/);
    expect(xmlProblem('<svg>a & b</svg>')).toMatch(/bare '&'/);
    expect(xmlProblem('<svg><t a="x & y"/></svg>')).toMatch(/attribute/);
    expect(xmlProblem('<svg><text x="1">ok &amp; fine</text></svg>')).toBeNull();
  });
});

describe('escapeXml', () => {
  it('neutralises markup and quotes', () => {
    expect(escapeXml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeXml(`Tom & 'Jerry'`)).toBe('Tom &amp; &apos;Jerry&apos;');
    expect(escapeXml('a\u0000b\u0007c\td')).toBe('abc\td');
    expect(escapeXml('CA1 → µm')).toBe('CA1 → µm');
  });
});

describe('png-encode', () => {
  it('writes a valid PNG whose IDAT inflates back to the filtered rows', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const png = encodePngRgba(rgba, 3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const v = new DataView(png.buffer);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(v.getUint32(16)).toBe(3);
    expect(v.getUint32(20)).toBe(2);
    // IEND's CRC is the well-known constant AE 42 60 82
    expect(v.getUint32(png.length - 4)).toBe(0xae426082);
    const idatLen = v.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = unzlibSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(2 * (1 + 12));
    expect(raw[0]).toBe(0);
    expect([...raw.subarray(1, 13)]).toEqual([...rgba.subarray(0, 12)]);
    expect([...raw.subarray(14, 26)]).toEqual([...rgba.subarray(12, 24)]);
  });
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('rejects a wrong byte count', () => {
    expect(() => encodePngRgba(new Uint8Array(5), 1, 1)).toThrow(RangeError);
  });
});

describe('projectomeSvg', () => {
  const alpha = new Float32Array(80 * 114);
  alpha[10 * 114 + 20] = 0.5;
  const frame = {
    sources: [
      { alpha, color: [1, 0, 0] as const, visible: true },
      { alpha, color: [0, 0, 1] as const, visible: false },
    ],
    order: Int32Array.from([1, 0]),
    target: {
      mask: new Uint8Array(160 * 228).fill(1),
      rows: 160,
      cols: 228,
      resolutionUm: 50,
      color: [0, 0.5, 0] as const,
    },
    background: { labels: new Uint8Array(160 * 228), rows: 160, cols: 228, resolutionUm: 50 },
    injections: {
      positionsUm: Float32Array.from([4000, 5700]),
      sizesPx: Float32Array.from([10]),
      colors: Float32Array.from([1, 0, 0]),
    },
  };
  const svg = projectomeSvg({
    width: 1140,
    height: 800,
    frame,
    overlay: {
      title: 'Target region: <script>alert(1)</script>',
      legend: [{ label: `VISp "primary" & <b>`, color: [1, 0, 0] }],
    },
    colorBar: { colormap: 'viridis', limits: [0, 1], label: 'density' },
  });
  it('is well-formed with every name escaped', () => {
    assertWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Target region: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('VISp &quot;primary&quot; &amp; &lt;b&gt;');
  });
  it('draws the title with a page-coloured halo (it may sit over the section and its boundary lines)', () => {
    expect(svg).toMatch(/<text class="title"[^>]* stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">Target region/);
  });
  it('draws only the visible sources as rasters; target and dots are vector elements', () => {
    expect(svg.match(/<image /g)).toHaveLength(1);
    expect(svg).toContain('<image class="source" data-source="0"');
    expect(svg).toMatch(/<path class="target-fill" d="M[\d. L]+Z" fill="#008000" fill-opacity="0.15"/);
    // colour bar leaves 72 px on the right: 1068 × 800 box → width-limited, 11400/1068 µm per px
    const k = 1068 / 11400;
    const y0 = (800 - 8000 * k) / 2;
    const dot = svg.match(/<circle class="injection" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="#ff0000" stroke="#000"/);
    expect(Number(dot?.[1])).toBeCloseTo(5700 * k, 1);
    expect(Number(dot?.[2])).toBeCloseTo(y0 + 4000 * k, 1);
    expect(Number(dot?.[3])).toBeCloseTo(4.5, 2); // 10 px diameter incl. the 1 px outline
    expect(svg).toMatch(/class="scale-bar".*>1 mm</);
    expect(svg).toContain('url(#cbar)');
  });
  it('draws the colour key (0 → ceiling) with its label when the overlay has one', () => {
    expect(svg).not.toContain('class="color-key"');
    const keyed = projectomeSvg({ width: 1140, height: 800, frame, overlay: { colorKey: { label: 'density ÷ <mm³>', max: '0.25' } } });
    assertWellFormed(keyed);
    expect(keyed).toMatch(/<g class="color-key">.*url\(#ckey\).*paint-order="stroke".*>0<\/text>.*>0\.25<\/text>.*>density ÷ &lt;mm³&gt;<\/text><\/g><\/g>/);
  });
  it('tolerates an empty frame and a zero-sized figure', () => {
    assertWellFormed(projectomeSvg({ width: 300, height: 200, frame: { sources: [] } }));
    const empty = projectomeSvg({ width: 0, height: 0, frame });
    assertWellFormed(empty);
    expect(empty).not.toContain('<image');
  });
  it('draws annotation boundaries as a vector path over the filled inside', () => {
    const ann = new Uint32Array(4 * 6);
    for (let i = 0; i < 12; i++) ann[i] = 5; // top two rows id 5, bottom two rows 0
    const svg = projectomeSvg({
      width: 600,
      height: 400,
      frame: {
        sources: [],
        section: { dvMinUm: 0, dvMaxUm: 400, mlMinUm: 0, mlMaxUm: 600 },
        background: { annotation: ann, rows: 4, cols: 6, resolutionUm: 100 },
      },
    });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toContain('<image');
    expect(svg).toContain('<path class="inside" d="M0 0L600 0L600 200L0 200Z" fill="#f2f2f2"');
    // 1 µm per px here: the id boundary at DV 200 µm spans ML 0…600
    expect(svg).toContain('class="boundaries" d="M0 200L600 200"');
  });
  it('sourceRgba keeps the colour and maps alpha to bytes', () => {
    const px = sourceRgba(Float32Array.from([0, 1, 0.5, NaN]), [0, 0.5, 1]);
    expect([...px.subarray(4, 8)]).toEqual([0, 128, 255, 255]);
    expect(px[3]).toBe(0);
    expect(px[11]).toBe(128);
    expect(px[15]).toBe(0);
  });
});
