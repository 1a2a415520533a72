// The Help panel's text, per view: what it computes, which bsv function it ports, and its
// controls (explained once, in help-params.ts). Also the processing definitions, the AP
// convention and how to cite. Written from this app's code and docs/differences-from-bsv.md;
// bsv names are its public functions (bsv v0.1.1, docs/bsv-reference.md §4).
import type { ViewName } from '../state/url-state.ts';
import { HELP_PARAMS, type HelpParam, type HelpParamId } from './help-params.ts';

export { HELP_PARAMS, type HelpParam, type HelpParamId };

/** bsv's public functions (bsv/__init__.py), the names a section may cite. */
export const BSV_FUNCTIONS = [
  'find_connectivity_experiments',
  'fetch_upstream_regions',
  'plot_upstream_projectome',
  'fetch_connectivity_data',
  'fetch_connectivity_images',
  'fetch_connectivity_summary',
  'plot_connectivity',
  'plot_connectivity_3d',
  'plot_connectivity_multi_region',
  'plot_injections_combined',
  'plot_multi_region_injections',
  'threshold_connectivity',
  'analyze_cp_subregions',
  'plot_connectivity_with_subregion_analysis',
  'plot_connectivity_matrix',
] as const;
export type BsvFunction = (typeof BSV_FUNCTIONS)[number];

export interface HelpSection {
  readonly view: ViewName;
  /** The view's tab label. */
  readonly title: string;
  /** One or two sentences: what the view computes. */
  readonly computes: string;
  /** The bsv functions it ports; empty only with `bsvNote` saying there is no bsv equivalent. */
  readonly bsv: readonly BsvFunction[];
  /** How it differs from bsv, or "no bsv equivalent" for parts bsv does not have. */
  readonly bsvNote?: string;
  /** The view's experiments come from the query panel (Injection regions, line, …). */
  readonly usesQuery: boolean;
  /** Every control of the view, in the order they appear. */
  readonly params: readonly HelpParamId[];
}

const SLICE_PARAMS = [
  'target',
  'grouping',
  'groupingBins',
  'plane',
  'slices',
  'pixels',
  'customSlices',
  'sliceAveraging',
  'colormap',
  'colorLimits',
  'smoothing',
  'regionOnly',
  'normalizeByGroup',
  'normalization',
  'hemispheres',
] as const satisfies readonly HelpParamId[];

export const HELP_SECTIONS: readonly HelpSection[] = [
  {
    view: 'experiments',
    title: 'Experiments',
    computes:
      'Lists the Allen Mouse Brain Connectivity experiments that match a search, with injection structure, line, product, both injection volumes (the PSU injection signal volume that normalisation divides by, and the experiment list’s injection site volume) and the injection coordinate in CCF µm, each linked to its Allen page; downloads their projection-density grids.',
    bsv: ['find_connectivity_experiments', 'fetch_connectivity_data', 'fetch_connectivity_images', 'fetch_connectivity_summary'],
    bsvNote:
      'The injection-region and target searches port find_connectivity_experiments (regions; target_regions). The voxel and injection-coordinate searches have no bsv equivalent (Allen’s Spatial Search and Injection Coordinate Search).',
    usesQuery: false,
    params: ['searchMode', 'regions', 'line', 'primaryOnly', 'products', 'searchTargets', 'seedPoint', 'seedDistance', 'download'],
  },
  {
    view: 'projectome',
    title: 'Upstream projectome',
    computes:
      'Which regions project into a target and where inside it: for each chosen source, the mean projection density of its experiments, drawn over a coronal (or sagittal, or horizontal) section at one position along its axis (averaged over ± slice thickness) inside the target only, with opacity = value ÷ the colour ceiling, strongest source on top, and the injection sites of nearby experiments as dots sized by injection volume.',
    bsv: ['plot_upstream_projectome', 'fetch_upstream_regions'],
    bsvNote:
      'The source list ports fetch_upstream_regions with both hemispheres counted once and the target (and what contains it) excluded. bsv draws raw densities only; normalisation and hemisphere subtraction are added here.',
    usesQuery: false,
    params: [
      'target',
      'line',
      'primaryOnly',
      'products',
      'minVolume',
      'sources',
      'sliceThickness',
      'ceilingPercentile',
      'boundaryAtlas',
      'sourcePalette',
      'normalization',
      'hemispheres',
      'projectomePlane',
      'apPosition',
      'legendToggle',
      'voxelPick',
      'projectomeExport',
      'exportScale',
    ],
  },
  {
    view: 'slices',
    title: 'Slices',
    computes:
      'A grid of heatmaps, one row per group (query region or injection-coordinate bin) and one column per slice through the target: each bin is the mean projection density of the group over the target volume inside the bin and the slice’s slab, with the two hemispheres folded onto the left one and summed (bsv’s collapse).',
    bsv: ['plot_connectivity', 'plot_connectivity_multi_region'],
    bsvNote:
      'Slabs are the chunks themselves, centred on their label (bsv’s windows sat on the chunk start and spanned two chunks); bins are true area means, not point samples; color_limits, region_only and custom_slices work.',
    usesQuery: true,
    params: [...SLICE_PARAMS, 'voxelPick', 'figureExport', 'exportScale'],
  },
  {
    view: 'threshold',
    title: 'Threshold',
    computes:
      'The slice grid’s bins (before display smoothing) normalised, then thresholded at T: bins above T are marked “above threshold” and their border outlined; the figure counts them. No statistical test is done: “above threshold” is a cut-off, not significance. Statistics use target bins only. Shares every slice-grid setting and its averaged volumes.',
    bsv: ['threshold_connectivity'],
    bsvNote: 'Every group is thresholded (bsv thresholded one); bins outside the target are left out of the statistics (bsv included them).',
    usesQuery: true,
    params: ['thresholdMethod', 'thresholdNormalization', 'thresholdValue', ...SLICE_PARAMS.filter((p) => p !== 'colorLimits'), 'figureExport', 'exportScale'],
  },
  {
    view: 'matrix',
    title: 'Matrix',
    computes:
      'A sources × targets table: each row is a query region’s mean projection-density volume, each column a target structure with its descendants on the exact 100 µm annotation mask, and each cell the chosen metric over the target’s voxels.',
    bsv: ['plot_connectivity_matrix'],
    usesQuery: true,
    params: [
      'matrixTargets',
      'matrixMetric',
      'matrixNormalisation',
      'matrixHemisphere',
      'normalization',
      'hemispheres',
      'colormap',
      'matrixCells',
      'figureExport',
      'exportScale',
    ],
  },
  {
    view: 'subregions',
    title: 'Subregions',
    computes:
      'Mean projection density per subregion of the target (its children or leaf descendants, or the labels of an annotation volume you load), per slice and per group, from the density volumes on the 100 µm annotation; zero values count. Shown as a table and a bar chart. Error bars: the sample SD (n − 1) across experiments — each experiment’s own mean in the subregion, processed like the average — over the N experiments with data there (N per bar in the table and CSV); not across slices.',
    bsv: ['analyze_cp_subregions', 'plot_connectivity_with_subregion_analysis'],
    bsvNote:
      'bsv handles the striatum only (by the substring “CP”, which also caught fibre tracts) and drops values ≤ 0; here any target, through the ontology.',
    usesQuery: true,
    params: [
      'target',
      'subregionLevel',
      'userAnnotation',
      'userLabelNames',
      'subregionGrouping',
      'subregionBins',
      'subregionSlices',
      'plane',
      'subregionHemisphere',
      'normalization',
      'hemispheres',
      'figureExport',
      'exportScale',
    ],
  },
  {
    view: 'injections',
    title: 'Injections',
    computes:
      'Where the query’s experiments were injected: each injection coordinate (CCF µm) as a circle over the brain outline in top and side (and front) projections, coloured by query region and sized by injection volume; experiments without a usable coordinate or volume are listed with the reason.',
    bsv: ['plot_injections_combined', 'plot_multi_region_injections'],
    bsvNote: 'bsv showed injection sites as projection-density heatmaps inside the source outline; here each experiment is one point.',
    usesQuery: true,
    params: ['injectionFront', 'injectionSizing', 'sourcePalette', 'figureExport', 'exportScale'],
  },
  {
    view: 'brain3d',
    title: '3D',
    computes:
      'A translucent brain with the target’s surface in its ontology colour, one sphere per query experiment at its injection coordinate (equal-volume radius, coloured by query region) and, optionally, the isosurface of the query’s mean projection density.',
    bsv: ['plot_connectivity_3d'],
    bsvNote: 'bsv drew one dot per injection-summary record, all one colour; here one sphere per experiment.',
    usesQuery: true,
    params: ['target', 'camera', 'autoRotate', 'densitySurface', 'densityThreshold', 'sourcePalette', 'exportScale'],
  },
];

/** Processing shared by every averaged view (docs/differences-from-bsv.md). */
export const PROCESSING_NOTES: readonly { readonly term: string; readonly text: string }[] = [
  {
    term: 'Projection density',
    text: 'Allen’s value per 100 µm voxel: the fraction of segmented signal pixels in it, nominally 0–1. Grids are 132 × 80 × 114 voxels (AP × DV × ML); −1 means no data and is never averaged as a value.',
  },
  {
    term: 'Injection-volume normalisation',
    text: 'Divides each experiment’s grid by its injection signal volume: the ProjectionStructureUnionize record with is_injection = true, structure 997 (root), hemisphere 3 (both), projection_volume in mm³ — bsv’s injection summary. Values become density per mm³ of injection. An experiment without that record is left out and named (bsv divides it by 1). The second choice divides by the experiment list’s injection-volume, the injection site’s volume, a different quantity.',
  },
  {
    term: 'Hemisphere subtraction',
    text: 'The injected side comes from the injection coordinate (ML < 5700 µm = left). Injected half = injected − mirror, negative values kept, no data where either side has none; the other half = 0, a value that counts in means. bsv compared µm with a grid index, so its left injections came out as contra − ipsi.',
  },
  {
    term: 'Grouping and averaging',
    text: 'A group’s mean is the voxel-wise mean over its experiments that loaded; failed or missing experiments leave the denominator and are named (“38 of 40 experiments”). By query region: an experiment joins the first region, in query order, whose ontology subtree holds its injection structure; ids are counted once. By AP / DV / ML: B + 1 equal edges from the smallest to the largest injection coordinate, empty bins dropped, each labelled with its mean coordinate and edges.',
  },
  {
    term: 'Regions and masks',
    text: 'A region is a structure and all its ontology descendants, never an acronym prefix. Every number uses the exact 100 µm annotation mask (CCF 2017), each voxel wholly in or out, as AllenSDK; the 50 µm annotation only draws boundaries and surfaces.',
  },
];

export const AP_CONVENTION =
  'Coordinates are Allen CCFv3 µm, not bregma: AP from the front of the volume, posterior +; DV from the top, ventral +; ML from the left edge, right +, midline at 5700 µm. AP = grid index × 100 µm, the anterior face of the 100 µm slice (bsv’s label), the same number in the slider, titles, the URL (ap), hover readouts, CSV columns (ap_index, ap_um) and file names. Slice-grid column labels also give the 1-based 100 µm section (ARA level = ⌊AP / 100⌋ + 1). Sagittal and horizontal projectomes label their slices the same way along ML (the slice’s left face; URL ml, files …-ML5700) and DV (its dorsal face; URL dv, files …-DV4000).';

export interface Citation {
  readonly label: string;
  readonly text: string;
  readonly url: string;
}

/** What to cite, with this app's version and the exact link of the figure. */
export function citations(appVersion: string, dataRelease: string, pageUrl: string): readonly Citation[] {
  return [
    {
      label: 'Data',
      text: 'Oh SW, Harris JA, Ng L, et al. A mesoscale connectome of the mouse brain. Nature 508, 207–214 (2014). Allen Mouse Brain Connectivity Atlas, © Allen Institute.',
      url: 'https://doi.org/10.1038/nature13186',
    },
    {
      label: 'Atlas',
      text: 'Wang Q, Ding S-L, Li Y, et al. The Allen Mouse Brain Common Coordinate Framework: a 3D reference atlas. Cell 181(4), 936–953.e20 (2020).',
      url: 'https://doi.org/10.1016/j.cell.2020.04.007',
    },
    {
      label: 'Methods',
      text: 'Fabre J. Brain Street View (bsv), software; the methods this app ports follow bsv v0.1.1.',
      url: 'https://github.com/Julie-Fabre/brain_street_view',
    },
    {
      label: 'This app',
      text: `Brain Street View for the browser, version ${appVersion}, Allen data release ${dataRelease}. Figure link: ${pageUrl}`,
      url: pageUrl,
    },
  ];
}

export function sectionFor(view: ViewName): HelpSection | undefined {
  return HELP_SECTIONS.find((s) => s.view === view);
}

/** The section whose entry for `topic` the panel shows: the current view's if it lists it, else the first that does. */
export function sectionForTopic(topic: HelpParamId, currentView: ViewName): HelpSection | undefined {
  const current = sectionFor(currentView);
  if (current?.params.includes(topic)) return current;
  return HELP_SECTIONS.find((s) => s.params.includes(topic));
}

/** DOM ids of the panel's sections and entries (stable, used for scrolling and focus). */
export const helpDomId = {
  section: (view: ViewName | 'processing' | 'ap' | 'cite'): string => `help-${view}`,
  entry: (view: ViewName, topic: HelpParamId): string => `help-${view}-${topic}`,
};
