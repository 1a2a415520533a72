import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, DEFAULT_URL_STATE, URL_LIMITS, linkTooLong, parseSourcePalette, parseUrlState, serializeUrlState } from './url-state';
import { DEFAULT_PROJECTOME, projectomeCodec } from './projectome-params';

describe('URL state', () => {
  it('round-trips a query', () => {
    const query = { regions: ['VISp', 'SSp-bfd', 'CA1'], line: { kind: 'line', name: 'Syt6-Cre_KI148' }, primaryOnly: false, products: [5, 35] } as const;
    const url = serializeUrlState({ ...DEFAULT_URL_STATE, query });
    expect(url).toContain('r=VISp,SSp-bfd,CA1');
    expect(url).toContain('prod=5,35');
    expect(parseUrlState(url)).toEqual({ ...DEFAULT_URL_STATE, query, notices: [] });
  });

  it('gives defaults and no notices for an empty URL', () => {
    expect(parseUrlState('')).toEqual({ ...DEFAULT_URL_STATE, notices: [] });
  });

  it('encodes wild type and reads it back', () => {
    const url = serializeUrlState({ ...DEFAULT_URL_STATE, query: { ...DEFAULT_QUERY, line: { kind: 'wild-type' } } });
    expect(url).toContain('line=wt');
    expect(parseUrlState(url).query.line).toEqual({ kind: 'wild-type' });
  });

  it('drops script tags and other hostile values with a notice', () => {
    const parsed = parseUrlState('?v=1&r=VISp,<script>alert(1)</script>&line=<img src=x>&p=yes');
    expect(parsed.query.regions).toEqual(['VISp']);
    expect(parsed.query.line).toEqual({ kind: 'all' });
    expect(parsed.query.primaryOnly).toBe(true);
    expect(parsed.notices).toHaveLength(3);
  });

  it('caps thousands of regions', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `R${i}`).join(',');
    const parsed = parseUrlState(`?r=${many}`.slice(0, URL_LIMITS.maxQueryLength));
    expect(parsed.query.regions.length).toBeLessThanOrEqual(URL_LIMITS.maxRegions);
    expect(parsed.notices.length).toBeGreaterThan(0);
  });

  it('every product unless the link names some; a bad product list gives a notice and every product', () => {
    expect(parseUrlState('?r=VISp').query.products).toEqual([]);
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, query: { ...DEFAULT_QUERY, regions: ['VISp'] } })).not.toContain('prod=');
    expect(parseUrlState('?prod=35,5,5').query.products).toEqual([5, 35]);
    for (const bad of ['5,x', '0', '-5', '5.5', '0x5']) {
      const parsed = parseUrlState(`?prod=${bad}`);
      expect(parsed.query.products).toEqual([]);
      expect(parsed.notices).toEqual([expect.stringContaining('invalid product list')]);
    }
  });

  it('refuses absurdly long URLs outright', () => {
    const parsed = parseUrlState(`?r=${'A'.repeat(URL_LIMITS.maxQueryLength + 1)}`);
    expect(parsed.query).toEqual(DEFAULT_QUERY);
    expect(parsed.notices[0]).toMatch(/too long/);
  });

  it('a link the app writes is short enough to be read back; a longer one is refused before copying', () => {
    // the CCF's longest acronyms have 12 characters ("SSp-bfd2/3", "CUL4, 5gr" percent-encode to 14)
    const regions = ['CUL4, 5gr', ...Array.from({ length: URL_LIMITS.maxRegions - 1 }, (_, i) => `SSp-bfd2/${String(i).padStart(3, '0')}`)];
    const link = serializeUrlState({ view: 'slices', query: { ...DEFAULT_QUERY, regions }, target: 'CUL4, 5gr' });
    expect(linkTooLong(link)).toBeNull();
    expect(parseUrlState(link).query.regions).toEqual(regions);
    expect(linkTooLong(`?r=${'A'.repeat(URL_LIMITS.maxQueryLength)}`)).toMatch(/not read back/);
  });

  it('reads links from another version but says so', () => {
    const parsed = parseUrlState('?v=99&r=MOs');
    expect(parsed.query.regions).toEqual(['MOs']);
    expect(parsed.notices[0]).toMatch(/different version/);
  });

  it('removes duplicate regions', () => {
    expect(parseUrlState('?r=VISp,VISp,MOs').query.regions).toEqual(['VISp', 'MOs']);
  });
});

describe('URL state with the projectome view', () => {
  it("round-trips the view, the shared target and the projectome codec's parameters", () => {
    const state = { view: 'projectome' as const, query: { ...DEFAULT_QUERY, line: { kind: 'wild-type' as const } }, target: 'CP' };
    const own = { ...DEFAULT_PROJECTOME, sources: ['VISp', 'MOs'], positionUm: 5400 };
    const url = serializeUrlState(state, (params) => projectomeCodec.write(own, params));
    expect(url).toBe('?v=1&view=proj&line=wt&t=CP&s=VISp,MOs&ap=5400');
    expect(parseUrlState(url)).toEqual({ ...state, drawingAtlasUm: 50, sourcePalette: 'tab10', notices: [] });
    expect(projectomeCodec.parse(new URLSearchParams(url), [])).toEqual(own);
  });
  it('ignores a script tag as the target, with a notice', () => {
    const parsed = parseUrlState('?view=proj&t=<script>');
    expect(parsed.target).toBeNull();
    expect(parsed.notices).toEqual([expect.stringContaining('not a valid acronym')]);
  });
  it('falls back to the experiments view for an unknown view', () => {
    const parsed = parseUrlState('?view=<svg>');
    expect(parsed.view).toBe('experiments');
    expect(parsed.notices).toHaveLength(1);
  });
});

describe('strict links', () => {
  it('a repeated key gives a notice and the first value is used', () => {
    const parsed = parseUrlState('?view=proj&t=CP&t=MOs');
    expect(parsed.target).toBe('CP');
    expect(parsed.notices).toEqual(['The link gives "t" more than once; the first value is used.']);
  });
  it('a hexadecimal AP is refused with a notice that names no placeholder', () => {
    const notices: string[] = [];
    expect(projectomeCodec.parse(new URLSearchParams('ap=0x1388'), notices).positionUm).toBeNull();
    expect(notices).toEqual(['Ignored an invalid AP position "0x1388"; showing the slice the target opens at.']);
  });
});

describe('boundary atlas preference (atlas=25)', () => {
  it('is absent from links at the default, so old links and their serialisation are unchanged', () => {
    const old = '?v=1&view=proj&r=VISp&t=CP';
    const parsed = parseUrlState(old);
    expect(parsed.drawingAtlasUm).toBe(50);
    expect(parsed.notices).toEqual([]);
    expect(serializeUrlState(parsed)).toBe(old);
  });

  it('round-trips 25 on any view, and reads an explicit 50 as the default', () => {
    for (const view of ['projectome', 'slices', 'experiments'] as const) {
      const url = serializeUrlState({ ...DEFAULT_URL_STATE, view, target: 'CP', drawingAtlasUm: 25 });
      expect(url).toContain('atlas=25');
      expect(parseUrlState(url)).toMatchObject({ view, drawingAtlasUm: 25, notices: [] });
    }
    expect(parseUrlState('?v=1&atlas=50')).toMatchObject({ drawingAtlasUm: 50, notices: [] });
  });

  it('is strict: anything but 25 or 50 gives the default and a notice', () => {
    for (const bad of ['10', '100', '25.0', ' 25', 'fine', '']) {
      const parsed = parseUrlState(`?v=1&atlas=${encodeURIComponent(bad)}`);
      expect(parsed.drawingAtlasUm).toBe(50);
      expect(parsed.notices.join(' ')).toMatch(/boundary atlas/);
    }
  });
});

describe('source palette preference (pal=)', () => {
  it('is absent from links at the default (tab10), so old links and their serialisation are unchanged', () => {
    const old = '?v=1&view=proj&r=VISp&t=CP';
    const parsed = parseUrlState(old);
    expect(parsed.sourcePalette).toBe('tab10');
    expect(parsed.notices).toEqual([]);
    expect(serializeUrlState(parsed)).toBe(old);
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, view: 'injections', sourcePalette: 'tab10' })).not.toContain('pal=');
  });

  it('round-trips okabe-ito and ontology on any view, and reads an explicit tab10 as the default', () => {
    for (const pal of ['okabe-ito', 'ontology'] as const)
      for (const view of ['projectome', 'injections', 'brain3d', 'experiments'] as const) {
        const url = serializeUrlState({ ...DEFAULT_URL_STATE, view, target: 'CP', sourcePalette: pal });
        expect(url).toContain(`pal=${pal}`);
        expect(parseUrlState(url)).toMatchObject({ view, sourcePalette: pal, notices: [] });
      }
    expect(parseUrlState('?v=1&pal=tab10')).toMatchObject({ sourcePalette: 'tab10', notices: [] });
  });

  it('is strict: anything else gives tab10 and a notice naming the choices', () => {
    for (const bad of ['Tab10', 'okabe_ito', 'okabe-ito ', 'viridis', '', '<b>x</b>']) {
      const notices: string[] = [];
      expect(parseSourcePalette(bad, notices)).toBe('tab10');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/invalid source palette .*pal=tab10, okabe-ito, ontology/);
    }
    const parsed = parseUrlState(`?v=1&view=proj&pal=${encodeURIComponent('rainbow')}`);
    expect(parsed.sourcePalette).toBe('tab10');
    expect(parsed.notices).toEqual(['Ignored an invalid source palette "rainbow" (use pal=tab10, okabe-ito, ontology); sources are drawn in tab10.']);
  });

  it('clips a long invalid value in its notice', () => {
    const notices: string[] = [];
    parseSourcePalette('x'.repeat(500), notices);
    expect(notices[0]?.length).toBeLessThan(140);
  });
});
