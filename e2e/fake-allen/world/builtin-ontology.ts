// Built-in world used when /work/shared/allen is absent: a hand-picked subset of the real CCF 2017
// ontology (real ids, acronyms, names, colours, parents, graph orders, st_levels, atlas ids, checked
// against structure_graph_1_msg.json) and the injection sites of ~60 synthetic experiments.
// It keeps the acronym traps: VISC is not under VIS, MOB is not under MO.
import type { RawStructureNode } from './ontology.ts';

type Row = readonly [number, string, string, string, number | null, number, number, number];

// [id, acronym, name, colour, parent id, graph_order, st_level, atlas_id]
const ROWS: readonly Row[] = [
  [997, 'root', 'root', 'FFFFFF', null, 0, 0, -1],
  [8, 'grey', 'Basic cell groups and regions', 'BFDAE3', 997, 1, 1, 0],
  [567, 'CH', 'Cerebrum', 'B0F0FF', 8, 2, 2, 70],
  [688, 'CTX', 'Cerebral cortex', 'B0FFB8', 567, 3, 3, 85],
  [695, 'CTXpl', 'Cortical plate', '70FF70', 688, 4, 4, 86],
  [315, 'Isocortex', 'Isocortex', '70FF71', 695, 5, 5, 746],
  [500, 'MO', 'Somatomotor areas', '1F9D5A', 315, 12, 6, 203],
  [985, 'MOp', 'Primary motor area', '1F9D5A', 500, 18, 8, 830],
  [993, 'MOs', 'Secondary motor area', '1F9D5A', 500, 24, 8, 831],
  [669, 'VIS', 'Visual areas', '08858C', 315, 157, 6, 366],
  [385, 'VISp', 'Primary visual area', '08858C', 669, 185, 8, 755],
  [593, 'VISp1', 'Primary visual area, layer 1', '08858C', 385, 186, 11, 1064],
  [821, 'VISp2/3', 'Primary visual area, layer 2/3', '08858C', 385, 187, 11, 951],
  [721, 'VISp4', 'Primary visual area, layer 4', '08858C', 385, 188, 11, 1080],
  [778, 'VISp5', 'Primary visual area, layer 5', '08858C', 385, 189, 11, 1087],
  [33, 'VISp6a', 'Primary visual area, layer 6a', '08858C', 385, 190, 11, 428],
  [305, 'VISp6b', 'Primary visual area, layer 6b', '08858C', 385, 191, 11, 462],
  [409, 'VISl', 'Lateral visual area', '08858C', 669, 178, 8, 758],
  [402, 'VISal', 'Anterolateral visual area', '08858C', 669, 164, 8, 757],
  [394, 'VISam', 'Anteromedial visual area', '08858C', 669, 171, 8, 756],
  [677, 'VISC', 'Visceral area', '11AD83', 315, 114, 8, 367],
  [453, 'SS', 'Somatosensory areas', '188064', 315, 30, 6, 339],
  [322, 'SSp', 'Primary somatosensory area', '188064', 453, 37, 8, 747],
  [31, 'ACA', 'Anterior cingulate area', '40A666', 315, 220, 8, 3],
  [698, 'OLF', 'Olfactory areas', '9AD2BD', 695, 379, 5, 228],
  [507, 'MOB', 'Main olfactory bulb', '9AD2BD', 698, 380, 8, 204],
  [1089, 'HPF', 'Hippocampal formation', '7ED04B', 695, 454, 5, 135],
  [1080, 'HIP', 'Hippocampal region', '7ED04B', 1089, 455, 6, 134],
  [375, 'CA', "Ammon's horn", '7ED04B', 1080, 456, 8, 46],
  [382, 'CA1', 'Field CA1', '7ED04B', 375, 457, 9, 47],
  [623, 'CNU', 'Cerebral nuclei', '98D6F9', 567, 570, 3, 77],
  [477, 'STR', 'Striatum', '98D6F9', 623, 571, 5, 342],
  [485, 'STRd', 'Striatum dorsal region', '98D6F9', 477, 572, 6, 343],
  [672, 'CP', 'Caudoputamen', '98D6F9', 485, 573, 8, 83],
  [493, 'STRv', 'Striatum ventral region', '80CDF8', 477, 574, 6, 344],
  [56, 'ACB', 'Nucleus accumbens', '80CDF8', 493, 575, 8, 6],
  [343, 'BS', 'Brain stem', 'FF7080', 8, 639, 2, 42],
  [1129, 'IB', 'Interbrain', 'FF7080', 343, 640, 3, 140],
  [549, 'TH', 'Thalamus', 'FF7080', 1129, 641, 5, 351],
  [864, 'DORsm', 'Thalamus, sensory-motor cortex related', 'FF8084', 549, 642, 6, 107],
  [637, 'VENT', 'Ventral group of the dorsal thalamus', 'FF8084', 864, 643, 7, 362],
  [629, 'VAL', 'Ventral anterior-lateral complex of the thalamus', 'FF8084', 637, 644, 8, 361],
  [709, 'VP', 'Ventral posterior complex of the thalamus', 'FF8084', 637, 646, 8, 371],
  [733, 'VPM', 'Ventral posteromedial nucleus of the thalamus', 'FF8084', 709, 649, 9, 374],
  [718, 'VPL', 'Ventral posterolateral nucleus of the thalamus', 'FF8084', 709, 647, 9, 372],
  [1008, 'GENd', 'Geniculate group, dorsal thalamus', 'FF8084', 864, 657, 7, 125],
  [170, 'LGd', 'Dorsal part of the lateral geniculate complex', 'FF8084', 1008, 662, 8, 162],
  [856, 'DORpm', 'Thalamus, polymodal association cortex related', 'FF909F', 549, 666, 6, 106],
  [138, 'LAT', 'Lateral group of the dorsal thalamus', 'FF909F', 856, 667, 7, 158],
  [218, 'LP', 'Lateral posterior nucleus of the thalamus', 'FF909F', 138, 668, 8, 168],
  [444, 'MED', 'Medial group of the dorsal thalamus', 'FF909F', 856, 683, 7, 196],
  [362, 'MD', 'Mediodorsal nucleus of thalamus', 'FF909F', 444, 685, 8, 186],
  [313, 'MB', 'Midbrain', 'FF64FF', 343, 806, 5, 180],
  [339, 'MBsen', 'Midbrain, sensory related', 'FF7AFF', 313, 807, 6, 183],
  [302, 'SCs', 'Superior colliculus, sensory related', 'FF7AFF', 339, 808, 8, 320],
  [512, 'CB', 'Cerebellum', 'F0F080', 8, 1014, 2, 63],
  [1009, 'fiber tracts', 'fiber tracts', 'CCCCCC', 997, 1101, 1, 691],
  [73, 'VS', 'ventricular systems', 'AAAAAA', 997, 1292, 1, 716],
];

export function builtinOntologyRoots(): RawStructureNode[] {
  const nodes = new Map<number, RawStructureNode>();
  for (const [id, acronym, name, color, parent, graphOrder, stLevel, atlasId] of ROWS) {
    nodes.set(id, {
      id,
      atlas_id: atlasId,
      ontology_id: 1,
      acronym,
      name,
      color_hex_triplet: color,
      graph_order: graphOrder,
      st_level: stLevel,
      hemisphere_id: 3,
      parent_structure_id: parent,
      children: [],
    });
  }
  const roots: RawStructureNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_structure_id === null ? undefined : nodes.get(node.parent_structure_id);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  for (const node of nodes.values()) node.children.sort((a, b) => a.graph_order - b.graph_order);
  return roots;
}

export interface BuiltinSource {
  readonly acronym: string;
  /** Right-hemisphere injection site, CCF µm [AP, DV, ML] (medians of the real experiments). */
  readonly siteUm: readonly [number, number, number];
  /** Experiments per line name ('' = wild type). */
  readonly lines: Readonly<Record<string, number>>;
}

export const BUILTIN_SOURCES: readonly BuiltinSource[] = [
  { acronym: 'VISp', siteUm: [9080, 1370, 8200], lines: { '': 7, 'Rbp4-Cre_KL100': 3, 'Cux2-IRES-Cre': 2 } },
  { acronym: 'VISl', siteUm: [9050, 1950, 9160], lines: { '': 2, 'Rbp4-Cre_KL100': 1 } },
  { acronym: 'VISal', siteUm: [8420, 1760, 9320], lines: { '': 2 } },
  { acronym: 'VISam', siteUm: [7690, 820, 7410], lines: { '': 2 } },
  { acronym: 'VISC', siteUm: [6370, 4360, 10240], lines: { '': 2 } },
  { acronym: 'MOp', siteUm: [4910, 1890, 7430], lines: { '': 3, 'Rbp4-Cre_KL100': 1 } },
  { acronym: 'MOs', siteUm: [3500, 2150, 7110], lines: { '': 4, 'Rbp4-Cre_KL100': 2 } },
  { acronym: 'MOB', siteUm: [1530, 4670, 6500], lines: { '': 2 } },
  { acronym: 'SSp', siteUm: [5960, 1980, 8570], lines: { '': 3, 'Ntsr1-Cre_GN220': 1, 'Rbp4-Cre_KL100': 1 } },
  { acronym: 'ACA', siteUm: [4770, 1990, 6070], lines: { '': 3 } },
  { acronym: 'CA1', siteUm: [7680, 2050, 8220], lines: { '': 2 } },
  { acronym: 'CP', siteUm: [5600, 3640, 8290], lines: { '': 3 } },
  { acronym: 'ACB', siteUm: [4210, 5460, 6390], lines: { '': 2 } },
  { acronym: 'VAL', siteUm: [6090, 4550, 7080], lines: { '': 1, 'Syt6-Cre_KI148': 1 } },
  { acronym: 'LGd', siteUm: [7490, 3330, 7900], lines: { '': 2, 'Syt6-Cre_KI148': 1 } },
  { acronym: 'LP', siteUm: [7580, 3160, 7330], lines: { '': 2 } },
  { acronym: 'SCs', siteUm: [8870, 1580, 6390], lines: { '': 2 } },
  { acronym: 'CB', siteUm: [11390, 3310, 7910], lines: { '': 1 } },
];

/** Real Cre lines (ids and descriptions from ApiConnectivity). */
export const BUILTIN_LINES: Readonly<Record<string, { id: number; description: string }>> = {
  'Rbp4-Cre_KL100': { id: 177838435, description: 'Enriched in cortical layer 5 and the dentate gyrus.' },
  'Cux2-IRES-Cre': {
    id: 177839022,
    description: 'Cre expression is enriched in cortical layers 2/3/4. Reporter expression is widespread.',
  },
  'Syt6-Cre_KI148': {
    id: 177839216,
    description: 'Enriched in specific areas within thalamus, layer 6a cortex, and olfactory areas.',
  },
  'Ntsr1-Cre_GN220': { id: 177837713, description: 'Specific to cortical layer 6 neurons.' },
};

/** Extra seeds (right hemisphere, CCF µm) that make big targets big, compact regions. */
export const LARGE_TARGET_SEEDS: ReadonlyArray<{ readonly id: number; readonly siteUm: readonly [number, number, number] }> = [
  { id: 672, siteUm: [4300, 3800, 7900] },
  { id: 672, siteUm: [5300, 3200, 8800] },
  { id: 672, siteUm: [6200, 4300, 8900] },
  { id: 672, siteUm: [5000, 4800, 8100] },
  { id: 549, siteUm: [6600, 3600, 6300] },
  { id: 549, siteUm: [7200, 4300, 7000] },
  { id: 549, siteUm: [6300, 4700, 6500] },
  { id: 385, siteUm: [9700, 1200, 8700] },
  { id: 385, siteUm: [8700, 1000, 7900] },
];
