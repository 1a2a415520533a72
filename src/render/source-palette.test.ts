import { describe, expect, it } from 'vitest';
import { assignSources } from '../allen/assign-sources';
import { Ontology, type RawStructureNode } from '../allen/ontology';
import { tinyOntology } from '../allen/search-test-fixtures';
import { rgbToHex } from './colormaps';
import { DEFAULT_SOURCE_PALETTE, isSourcePalette, NO_ONTOLOGY_COLOR, SOURCE_PALETTES, sourceColor, sourceSetColors } from './source-palette';

const node = (id: number, acronym: string, hex: string, children: RawStructureNode[] = []): RawStructureNode => ({
  id,
  acronym,
  name: `${acronym} area`,
  color_hex_triplet: hex,
  graph_order: id,
  parent_structure_id: null,
  children,
});
// Allen's colours of VISp, MOp and CP (structure_graph_download/1.json), written without '#' as Allen does
const ontology = new Ontology([node(997, 'root', 'FFFFFF', [node(385, 'VISp', '08858C'), node(985, 'MOp', '1F9D5A'), node(672, 'CP', '98D6F9')])]);

const hex = (...args: Parameters<typeof sourceColor>) => rgbToHex(sourceColor(...args));

describe('source palette', () => {
  it('tab10 (the default, bsv) gives matplotlib tab10 by place in the set and cycles after 10', () => {
    expect(DEFAULT_SOURCE_PALETTE).toBe('tab10');
    const tab10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
    expect(Array.from({ length: 10 }, (_, i) => hex('tab10', i, 385, ontology))).toEqual(tab10);
    expect(hex('tab10', 10, 385, ontology)).toBe('#1f77b4');
    expect(hex('tab10', 13, 385, ontology)).toBe('#d62728');
    expect(hex('tab10', -1, 385, ontology)).toBe('#17becf');
    // the structure does not matter, only the place
    expect(hex('tab10', 2, 672, undefined)).toBe('#2ca02c');
  });

  it('okabe-ito gives the seven Okabe–Ito colours without black, then cycles', () => {
    const okabeIto = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442'];
    expect(Array.from({ length: 7 }, (_, i) => hex('okabe-ito', i, 985, ontology))).toEqual(okabeIto);
    expect(hex('okabe-ito', 7, 985, ontology)).toBe('#0072b2');
    expect(hex('okabe-ito', 9, 985, undefined)).toBe('#009e73');
  });

  it('ontology gives each structure its color_hex_triplet, whatever its place', () => {
    expect(hex('ontology', 0, 385, ontology)).toBe('#08858c');
    expect(hex('ontology', 5, 385, ontology)).toBe('#08858c');
    expect(hex('ontology', 0, 985, ontology)).toBe('#1f9d5a');
    expect(hex('ontology', 1, 672, ontology)).toBe('#98d6f9');
    // unknown structure, or no ontology yet: the ontology's grey
    expect(hex('ontology', 0, 123456, ontology)).toBe(NO_ONTOLOGY_COLOR);
    expect(hex('ontology', 0, 385, undefined)).toBe(NO_ONTOLOGY_COLOR);
  });

  it('names exactly three palettes', () => {
    expect([...SOURCE_PALETTES]).toEqual(['tab10', 'okabe-ito', 'ontology']);
    for (const p of SOURCE_PALETTES) expect(isSourcePalette(p)).toBe(true);
    for (const bad of ['Tab10', 'okabe_ito', '', 'viridis']) expect(isSourcePalette(bad)).toBe(false);
  });
});

describe('the colours of a set chosen by acronym', () => {
  it('colours the known chosen sources by their place among the known ones, as the figure does', () => {
    const chosen = ['MOp', 'NOPE', 'VISp', 'CP'];
    const c = sourceSetColors(chosen, tinyOntology, 'tab10');
    expect([...c.entries()]).toEqual([
      ['MOp', '#1f77b4'],
      ['VISp', '#ff7f0e'],
      ['CP', '#2ca02c'],
    ]);
    // the same set, in the same order, as the pipeline averages (result.sources)
    expect(assignSources(chosen, [], tinyOntology, { kind: 'all' }).sources.map((s) => s.structure.acronym)).toEqual([...c.keys()]);
    expect([...sourceSetColors(chosen, tinyOntology, 'okabe-ito').values()]).toEqual(['#0072b2', '#e69f00', '#009e73']);
  });

  it('uses the ontology colours under the ontology palette, and nothing before the ontology loads', () => {
    expect([...sourceSetColors(['CP', 'VISp'], ontology, 'ontology').values()]).toEqual(['#98d6f9', '#08858c']);
    expect(sourceSetColors(['CP'], undefined, 'tab10').size).toBe(0);
  });
});
