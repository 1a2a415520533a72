// Every control's explanation, declared once: the Help panel lists them per view (help-content.ts)
// and HelpHint shows the same text as the (?) button's description. Ranges and defaults are the
// ones the URL parsers in src/state/*-params.ts enforce; the `URL` part names the link key.

export interface HelpParam {
  /** The control's name as the user sees it (its label). */
  readonly name: string;
  /** One line: what it does, units, range, default (and the URL key). */
  readonly text: string;
}

export const HELP_PARAMS = {
  // the query (query panel, shared by every view but the projectome's own copy of the filters)
  regions: {
    name: 'Injection regions',
    text: 'Allen structures whose experiments are used (acronym or name). Each expands to itself and all its ontology descendants (VIS never pulls in VISC, unlike bsv). Search runs the query. URL r.',
  },
  line: {
    name: 'Mouse line',
    text: 'All lines (default), wild type only, or one Cre/reporter line; filters every search, the upstream sources and every average. URL line.',
  },
  primaryOnly: {
    name: 'Primary injection structure only',
    text: 'On (default): an experiment counts when its primary injection structure lies in the region; off: any of its injection structures does (bsv primary_injection). In the projectome, off also lists an experiment under its secondary injection structures. URL p=0 when off.',
  },
  products: {
    name: 'Products',
    text: 'Allen products (experiment series) to keep. Default: every product, as bsv, which applies no product filter; tick a subset to restrict. URL prod (e.g. prod=5,35).',
  },
  target: {
    name: 'Target region',
    text: 'The structure every analysis view looks into (projectome, slices, threshold, subregions, 3D; the matrix by default). Numbers use it with all its descendants on the 100 µm annotation. Shared between views. URL t.',
  },
  // experiments view
  searchMode: {
    name: 'Find experiments by',
    text: 'Injection region (Allen Source Search; bsv find_connectivity_experiments), Target (experiments with projection signal in target structures, ranked by projection volume there; bsv target_regions), Voxel (density ≥ 0.1 at a point) or Injection coordinate (injections near a point). URL search.',
  },
  searchTargets: {
    name: 'Target structures',
    text: 'Target search: structures (each with its descendants, up to 20) in which an experiment must have projection signal outside its injection site, both hemispheres; rows are ranked by that projection volume (mm³). URL tgt.',
  },
  seedPoint: {
    name: 'Point (AP, DV, ML µm)',
    text: 'A CCF point in µm: AP 0–13200 (posterior +), DV 0–8000 (ventral +), ML 0–11400 (right +, midline 5700). The voxel search uses the 100 µm voxel holding it; clicking (or Enter on) a voxel of the projectome or a slice panel fills it. URL seed.',
  },
  seedDistance: {
    name: 'within (µm)',
    text: 'Injection-coordinate search: list injections whose coordinate lies within this distance of the point, nearest first. 100–20000 µm, default 1000. URL dmax.',
  },
  download: {
    name: 'Download volumes',
    text: "Downloads each experiment's 100 µm projection-density grid (132 × 80 × 114 voxels, gzip NRRD, zip as fallback) into this browser's cache (bsv fetch_connectivity_images); failures are listed with Retry. Views download what they need themselves.",
  },
  // upstream projectome
  minVolume: {
    name: 'Minimum projection volume (mm³)',
    text: 'Upstream sources: experiments whose projection_volume in the target (ProjectionStructureUnionize, is_injection = false, both hemispheres) exceeds this. 0–10 mm³, default 0.01 (bsv min_projection_volume). URL min.',
  },
  sources: {
    name: 'Sources',
    text: 'Regions whose experiments are averaged and overlaid (up to 20, coloured by their order in the Source colours palette). Tick them in the upstream table (experiments and summed projection volume in the target per primary injection structure) or type any structure. An experiment joins the first source whose subtree holds its injection structure. URL s.',
  },
  boundaryAtlas: {
    name: 'Boundary atlas',
    text: 'Annotation the section boundaries and target shading are drawn from: 50 µm (default) or 25 µm (finer lines; downloads ~4 MB once, then cached in this browser). Numbers always use the 100 µm annotation. If 25 µm fails, 50 µm is drawn with a message. URL atlas=25.',
  },
  sourcePalette: {
    name: 'Source colours',
    text: 'Colours of the sources (projectome) or query regions (injections, 3D) everywhere they are drawn: figure, legend, dots, exports and tables. tab10 (default, bsv; repeats after 10), Okabe–Ito (colour-blind safe; repeats after 7) or Allen ontology colours (near sources can look alike). URL pal=okabe-ito|ontology.',
  },
  sliceThickness: {
    name: 'Slice thickness (±100 µm)',
    text: 'Number of 100 µm slices averaged on EACH side of the AP position (bsv slice_thickness): 0 = the slice alone, 2 (default) = 5 slices, 500 µm. Also sets the injection dots shown: |AP − slice centre| ≤ (thickness + 1) × 100 µm. 0–10. URL th.',
  },
  ceilingPercentile: {
    name: 'Ceiling percentile',
    text: "Colour ceiling = this percentile (numpy linear) of all positive in-target voxel values of all source means over the whole AP extent (bsv density_percentile); a pixel's opacity = slab mean ÷ ceiling, clipped to 0–1. 50–100, default 99. URL pct.",
  },
  projectomePlane: {
    name: 'Plane',
    text: 'Coronal (default; slider over AP), sagittal (slider over ML; anterior left, dorsal up) or horizontal (slider over DV; anterior left, CCF left hemisphere up). The same slab means, ceiling, draw order and dots, with the axes permuted; another plane opens at the middle of the target (see Slice position). URL plane=sagittal|horizontal (absent = coronal).',
  },
  apPosition: {
    name: 'Slice position (AP, ML or DV)',
    text: 'The slice shown: grid index × 100 µm (CCF) along the plane’s axis, the slice’s lower face (AP: anterior, bsv’s label; ML: left; DV: dorsal), over the target’s extent (a link without one: its middle, or its largest section if the middle has none of it). Arrows step one slice, Page Up/Down five; ▶ sweeps through the target at 30 slices per second. URL ap (coronal), ml (sagittal), dv (horizontal).',
  },
  legendToggle: {
    name: 'Legend (show / hide a source)',
    text: 'Each source’s colour, experiments used of those planned ("38 of 40" when some failed), and a toggle that hides it from the drawing without changing the means or the ceiling. URL hide.',
  },
  projectomeExport: {
    name: 'Export',
    text: 'PNG and SVG of the frame, CSV of every AP position (per source: target mean and maximum, and the ceiling), CSV of the frame’s voxels, and the sweep (bsv save_gif) as a looping GIF or WebM: a frame per 100 µm position, 8 per second, at the PNG scale, with title, legend, scale bar and colour key. Each CSV starts with # lines giving the version, data release, link and parameters.',
  },
  exportScale: {
    name: 'PNG scale',
    text: '1×, 2× (default) or 4×: the PNG is exactly that many times the figure’s size on screen, drawn at that resolution and marked 96, 192 or 384 dpi; remembered in this browser. Every PNG and SVG names the app version, data release, link to this view and export time in its metadata; each CSV in its # lines.',
  },
  // processing, offered by every averaged view
  normalization: {
    name: 'Grid normalisation',
    text: 'None (default): projection density as downloaded. ÷ injection volume (PSU, as bsv): each experiment ÷ its injection signal volume (structure 997, both hemispheres, mm³); experiments without it are left out. ÷ metadata injection volume: ÷ the injection site volume from the experiment list. URL norm.',
  },
  hemispheres: {
    name: 'Other hemisphere',
    text: 'Both, as measured (default), or subtract the other hemisphere (bsv subtract_other_hemisphere): injected half = injected − mirror (negatives kept), other half = 0; the injected side comes from the injection coordinate (ML < 5700 µm = left). URL hemi=sub.',
  },
  // slice grid (and threshold, which shares its settings)
  grouping: {
    name: 'Rows (grouping)',
    text: 'One row per query region (default; bsv input_regions/region_groups), all experiments together, or injection AP / DV / ML bins (bsv grouping_method) labelled with their centre and edges in CCF µm. URL g.',
  },
  groupingBins: {
    name: 'Grouping bins',
    text: 'Number of equal-width bins from the smallest to the largest injection coordinate along the chosen axis (bsv grouping_bins); empty bins are dropped. 1–10, default 3. URL gb.',
  },
  plane: {
    name: 'Plane',
    text: 'Coronal (default): slices along AP, panels ML × DV; sagittal: slices along ML, panels AP × DV, dorsal up. URL pl=sag (slices) or sp=sag (subregions).',
  },
  slices: {
    name: 'Number of slices',
    text: 'The target’s extent along the slicing axis (left hemisphere when folded) is cut into this many equal, non-overlapping chunks, each averaged over its whole width and labelled at its centre (bsv number_of_chunks). 1–30, default 6. URL n.',
  },
  pixels: {
    name: 'Number of pixels',
    text: 'Bins per panel axis (bsv number_of_pixels): n × n bins over the target’s extent in that slice; a bin is the mean density over the target volume inside it and the slab (true area binning; bsv point-sampled the grid at bin edges). 2–200, default 25. URL px.',
  },
  customSlices: {
    name: 'Custom slices',
    text: 'Positions in CCF µm along the slicing axis (AP coronal, ML sagittal), comma-separated, up to 30; replaces the automatic chunks (bsv custom_slices, here in µm rather than atlas levels). Empty = automatic. URL cs.',
  },
  sliceAveraging: {
    name: 'Slice averaging',
    text: 'Extra 100 µm slabs averaged on each side of each custom slice (bsv slice_averaging): k gives 2k + 1 slabs. 0–10, default 0. URL sa.',
  },
  colormap: {
    name: 'Colormap',
    text: 'Colours of the heatmap: gray_r, gray, viridis, magma, inferno, plasma or hot. Default gray_r in the slice grid (bsv plot_connectivity), viridis in the matrix (bsv plot_connectivity_matrix). URL cm.',
  },
  colorLimits: {
    name: 'Colour limits',
    text: 'Global (default: one range over every panel, from the displayed bins: target bins only when Region only is on; low end min(0, smallest value)), per slice, per group (row), or manual Low/High (bsv color_limits, which bsv ignored). URL cl.',
  },
  smoothing: {
    name: 'Smoothing',
    text: 'Gaussian σ in bins, display only (bsv smoothing); bins without data stay blank and do not pull neighbours to 0. 0–5, default 0 (none). URL sm.',
  },
  regionOnly: {
    name: 'Region only',
    text: 'On (default): bins average only voxels of the target and bins without any are blank; off: bins average every voxel they cover (bsv region_only, which bsv ignored). URL ro=0 when off.',
  },
  normalizeByGroup: {
    name: 'Normalise each row by its maximum',
    text: 'Divide every panel of a row (group) by that row’s maximum over all its slices, so rows with weak signal become comparable (bsv normalize_by_group). Default off. URL nbg=1.',
  },
  voxelPick: {
    name: 'Click a voxel',
    text: 'Clicking (or Enter on) a bin of a panel or a pixel of the projectome opens the voxel search at that CCF point: the experiments with projection density ≥ 0.1 there.',
  },
  figureExport: {
    name: 'Export',
    text: 'PNG, SVG and CSV of the figure’s numbers; the slice grid also exports each slice’s region mean (over every target voxel in the slab, not a mean of bins). Each CSV starts with # lines giving the version, data release, link and parameters.',
  },
  // threshold
  thresholdMethod: {
    name: 'Threshold method',
    text: 'How T is set from the normalised target bins of all slices and groups (bsv threshold_method): absolute (T = value, default), percentile (T = that percentile), zscore (T = mean + value × SD), relative (T = value × max). URL tm.',
  },
  thresholdNormalization: {
    name: 'Slice normalisation (threshold)',
    text: 'Applied to the bins before thresholding: minmax (default: (v − min)/(max − min) over all slices and groups, bsv’s behaviour), none, region (min–max per slice and group), zscore (per slice and group), robust ((v − median)/IQR per slice and group, as bsv; left as it is when the IQR is 0). URL tn.',
  },
  thresholdValue: {
    name: 'Threshold',
    text: 'The value for the method: absolute in normalised units (default 0.5), percentile 0–100 (90 when switching), zscore −10–10 SD (1), relative 0–1 of the maximum (0.5). A bin is marked above threshold when its value > T (a cut-off, not a statistical test). URL tv.',
  },
  // matrix
  matrixTargets: {
    name: 'Targets (columns)',
    text: 'Up to 40 target structures, each with its descendants. Default: the shared target, else 12 major divisions (Isocortex, OLF, HPF, CTXsp, STR, PAL, TH, HY, MB, P, MY, CB). “Use the children of” fills them with the target’s children. URL tg.',
  },
  matrixMetric: {
    name: 'Metric',
    text: 'Per source (row) and target: mean projection density over the target’s voxels (default), the maximum voxel density, or projection volume = Σ density × 0.001 mm³ per 100 µm voxel (bsv metric). No valid voxel = no data. URL mx.',
  },
  matrixNormalisation: {
    name: 'Row / column normalisation',
    text: 'None (default), each row ÷ its maximum, each column ÷ its maximum, or rows then columns (bsv normalize_rows / normalize_cols). URL mn.',
  },
  matrixHemisphere: {
    name: 'Target hemisphere',
    text: 'Which hemisphere of each target is measured: both (default, as bsv), left (ML < 5700 µm) or right. URL mh.',
  },
  matrixCells: {
    name: 'Cells and headers',
    text: 'A cell opens the slice grid (or the projectome) for its source and target; a header sorts rows by that target or columns by that source. URL sr, sc.',
  },
  // subregions
  subregionLevel: {
    name: 'Subregions',
    text: 'Which structures are reported: the target’s children (default) or its leaf descendants, each measured with its own descendants; or, once loaded, the labels of your annotation volume inside the target. URL sl=leaves, sl=user (the volume itself is not in the link).',
  },
  userAnnotation: {
    name: 'Load annotation volume…',
    text: 'Your own label volume to divide any target by (e.g. a striatum subdivision atlas): NRRD (raw or gzip) of integer labels (0 = none, ≤ 1000 labels) in CCF space, AP × DV × ML, at 10, 25, 50 or 100 µm. Each 100 µm voxel takes its majority label (tie: the smaller). Kept in this browser (IndexedDB), never uploaded; Remove forgets it.',
  },
  userLabelNames: {
    name: 'Label names (optional)…',
    text: 'Names for your annotation’s labels: a CSV with a header naming an id column and a name and/or acronym column (e.g. the Kim-lab UnifiedAtlas_Label_ontology_v2.csv), headerless id,name rows, or JSON {"<id>": "name"}. Unnamed labels stay “label <id>”. Kept with the volume.',
  },
  subregionGrouping: {
    name: 'Group experiments by',
    text: 'Nothing (default: one mean of all query experiments), query region, or injection AP / DV / ML bins. URL sg.',
  },
  subregionBins: {
    name: 'Bins',
    text: 'Number of equal-width bins along the grouping axis (bsv grouping_bins). 1–20, default 5. URL sb.',
  },
  subregionSlices: {
    name: 'Slices',
    text: 'Number of equal chunks the target is cut into along the slicing axis (bsv number_of_chunks); each subregion gets a mean per slice. 1–20, default 5. URL sn.',
  },
  subregionHemisphere: {
    name: 'Hemisphere folding (subregions)',
    text: 'Folded, summed (default, bsv’s collapse: left + mirrored right), folded, averaged (mean of the sides with data), both not folded, left only or right only. URL sh.',
  },
  // injection sites
  injectionFront: {
    name: 'Front view (ML × DV)',
    text: 'Adds a front projection to the top (AP × ML) and side (AP × DV) views. Default off. URL front=1.',
  },
  injectionSizing: {
    name: 'Point size',
    text: 'By injection volume (default): the radius of a sphere of the experiment list’s injection volume, at figure scale, clamped to 2–24 px (so area grows as volume^2/3); or all equal (4 px). URL sz=eq.',
  },
  // 3D
  camera: {
    name: 'Camera',
    text: 'Preset view: oblique (default), top (dorsal), side (left) or front (anterior). Drag or use the arrow keys to orbit, +/− to zoom. URL cam.',
  },
  autoRotate: {
    name: 'Auto-rotate',
    text: 'Turns the brain continuously (bsv animate). Default off. URL spin=1.',
  },
  densitySurface: {
    name: 'Projection density surface',
    text: 'Draws the isosurface of the mean projection density of all query experiments (raw, not normalised). Off by default, so the view needs no density download unless asked. URL dens=1.',
  },
  densityThreshold: {
    name: 'Density threshold',
    text: 'The surface encloses voxels whose mean projection density exceeds this value; log slider 0.001–1, default 0.05. URL dth.',
  },
} as const satisfies Readonly<Record<string, HelpParam>>;

export type HelpParamId = keyof typeof HELP_PARAMS;

export function helpParam(id: HelpParamId): HelpParam {
  return HELP_PARAMS[id];
}
