// Public surface of src/render (renderers own the GPU; inputs are read-only; no data/state imports).
export { projectomeRendererSteps, type ProjectomeRenderer, type ProjectomeRendererOptions } from './projectome-renderer';
export {
  DENSITY_SECTION_SHAPE,
  markerAreaToDiameterCssPx,
  type ProjectomeBackground,
  type ProjectomeDots,
  type ProjectomeDrawInput,
  type ProjectomeFrameState,
  type ProjectomeSections,
  type ProjectomeSourceStack,
  type ProjectomeInjectionDots,
  type ProjectomeSource,
  type ProjectomeStyle,
  type ProjectomeTarget,
  type RasterShape,
} from './projectome-types';
export {
  coverageToMask,
  createHeatmapRenderer,
  encodeHeatmap,
  type HeatmapDrawInput,
  type HeatmapOutline,
  type HeatmapPanel,
  type HeatmapRenderer,
} from './heatmap-renderer';
export * from './colormaps';
export * from './source-palette';
export * from './section-viewport';
export * from './scale-bar';
export { overlayLayout, type LegendEntry, type OverlayLayout, type OverlaySpec } from './overlay-layout';
export { colorBarSvg, escapeXml, projectomeSvg, sourceRgba, type ColorBarSpec, type ProjectomeSvgInput } from './svg-export';
export { heatmapRgba, heatmapSvg, maskOutlinePath, type HeatmapSvgInput, type SvgHeatmapPanel } from './svg-heatmap';
export { labelEdgesPath } from './svg-paths';
export { composeFrame, type PngExportInput } from './png-export';
export { encodePngRgba, pngDataUrl } from './png-encode';
export { xmlProblem } from './xml-check';
export { nonZeroBox, type CellBox } from './raster-box';
