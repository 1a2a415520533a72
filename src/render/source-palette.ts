// The colour of each source of a set (the projectome's sources, the query's regions as groups),
// decided here and nowhere else, so the figure, its legend, dots and exports, the tables beside
// it, the injection sites and the 3D view agree. URL `pal` (src/state/url-state.ts).
import { hexToRgb, rgbToHex, type Rgb } from './colormaps';

/** matplotlib tab10 (Tableau 10), the palette bsv's projectome uses for sources, in bsv's order. */
export const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

/** Okabe–Ito colour-blind-safe palette without black (dots have black outlines) — 7 colours. */
export const OKABE_ITO = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442'] as const;

/**
 * tab10 (bsv, the default), okabe-ito (colour-blind safe), or ontology: each source in its
 * structure's Allen colour (color_hex_triplet), whatever its place in the set.
 */
export const SOURCE_PALETTES = ['tab10', 'okabe-ito', 'ontology'] as const;
export type SourcePalette = (typeof SOURCE_PALETTES)[number];
export const DEFAULT_SOURCE_PALETTE: SourcePalette = 'tab10';

export function isSourcePalette(v: string): v is SourcePalette {
  return (SOURCE_PALETTES as readonly string[]).includes(v);
}

/** Structure id → '#rrggbb' (the Allen ontology's colour; allen/ontology.ts satisfies this). */
export interface StructureColors {
  color(structureId: number): string;
}

/** What the ontology palette shows while the ontology is not loaded (the ontology's own "unknown" grey). */
export const NO_ONTOLOGY_COLOR = '#aaaaaa';

/**
 * Colour of source `index` (0-based place in its set) whose structure is `structureId`: the
 * list palettes cycle (bsv: tab10, i mod 10); the ontology palette ignores the index.
 */
export function sourceColor(palette: SourcePalette, index: number, structureId: number, ontology: StructureColors | undefined): Rgb {
  if (palette === 'ontology') return hexToRgb(ontology?.color(structureId) ?? NO_ONTOLOGY_COLOR);
  const list: readonly string[] = palette === 'tab10' ? TAB10 : OKABE_ITO;
  const k = ((Math.trunc(index) % list.length) + list.length) % list.length;
  return hexToRgb(list[k] ?? '#000000');
}

/** An ontology as far as colouring a set needs it (allen/ontology.ts satisfies this). */
export interface StructureLookup extends StructureColors {
  byAcronym(acronym: string): { readonly id: number } | undefined;
}

/**
 * Acronym → '#rrggbb' of each source of a set chosen by acronym (the projectome's sources, the
 * query's regions): the ones in the ontology, in the order chosen, each coloured by its place
 * among them — the set and order allen/assign-sources.ts gives the figures. Acronyms not in the
 * ontology are not drawn and get no colour; nothing before the ontology loads.
 */
export function sourceSetColors(chosen: readonly string[], ontology: StructureLookup | undefined, palette: SourcePalette): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (!ontology) return out;
  for (const acronym of chosen) {
    const s = ontology.byAcronym(acronym);
    if (s && !out.has(acronym)) out.set(acronym, rgbToHex(sourceColor(palette, out.size, s.id, ontology)));
  }
  return out;
}
