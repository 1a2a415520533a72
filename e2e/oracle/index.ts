// The independent oracle: the app's numbers recomputed from the fake Allen server's served files
// over HTTP, in plain float64 scalar loops. Imports only its own files and node: built-ins (never
// src/, workers/, e2e/fake-allen/ or npm packages). See README.md for the definitions.
export { apBins, coordinateBins, percentile } from './bins.ts';
export type { Axis, Bin } from './bins.ts';
export { parseAppCsv } from './csv.ts';
export type { AppCsv } from './csv.ts';
export { GRID_DIMS, groupMeans, isValid, planGroup, subtractHemispheres } from './group-means.ts';
export type { Dims, Excluded, GroupMean, Normalization } from './group-means.ts';
export { grid, gridFromNrrd, gridFromZip, nrrdGridUrl, psuInjectionVolume, zipGridUrl } from './grids.ts';
export { regionMask, targetStats } from './masks.ts';
export type { Hemisphere, TargetStats } from './masks.ts';
export { decodeNrrd } from './nrrd.ts';
export { projectome } from './projectome.ts';
export type { Projectome, ProjectomeSlice } from './projectome.ts';
export { assignToRegions, searchExperiments } from './search.ts';
export type { LineFilter, SearchQuery } from './search.ts';
export { sliceRegionMeans } from './slices.ts';
export { subregionStats } from './subregions.ts';
export type { SubregionOracle, SubregionWindow } from './subregions.ts';
export type { SliceChunk } from './slices.ts';
export { loadOracleWorld, MIDLINE_INDEX, NX, NY, NZ, VOXELS, VOXEL_MM3 } from './world.ts';
export type { GridRoute, OracleExperiment, OracleProduct, OracleWorld } from './world.ts';
export { readZip } from './zip.ts';
