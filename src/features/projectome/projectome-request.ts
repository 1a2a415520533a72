// The projectome request of the shown state: one function builds it, for the view (from the
// stores) and for the boot prefetch of a link's stored first frame (from the address alone,
// before React renders), so both ask for the same frame under the same key.
import type { MouseLineFilter } from '../../allen/types.ts';
import { projectomeParams, type ProjectomeParams } from '../../state/projectome-params.ts';
import { DEFAULT_DRAWING_ATLAS_UM, parseUrlState, type DrawingAtlasUm } from '../../state/url-state.ts';
import type { ProjectomeRequest } from './projectome-pipeline.ts';

export interface RequestInputs {
  readonly target: string | null;
  readonly drawingAtlasUm: DrawingAtlasUm;
  readonly line: MouseLineFilter;
  readonly primaryOnly: boolean;
  readonly products: readonly number[];
}

/** What of the projectome's own parameters defines its result (not the AP position, visibility or source-list filter). */
export type RequestParams = Pick<ProjectomeParams, 'sources' | 'normalization' | 'subtractOtherHemisphere' | 'sliceThickness' | 'densityPercentile' | 'plane'>;

export function projectomeRequestOf(inputs: RequestInputs, p: RequestParams): ProjectomeRequest | null {
  const { target, drawingAtlasUm, line, primaryOnly, products } = inputs;
  if (!target || p.sources.length === 0) return null;
  return {
    target,
    sources: p.sources,
    line,
    primaryOnly,
    products,
    normalization: p.normalization,
    subtractOtherHemisphere: p.subtractOtherHemisphere,
    sliceThickness: p.sliceThickness,
    densityPercentile: p.densityPercentile,
    plane: p.plane,
    // absent at the default: the request (and its stored first frame's key) as before
    ...(drawingAtlasUm === 25 ? { drawingAtlasUm } : {}),
  };
}

/** The request a projectome link asks for, read from the address as the stores will hydrate it; null for other views. */
export function requestOfLocation(search: string): ProjectomeRequest | null {
  const parsed = parseUrlState(search);
  if (parsed.view !== 'projectome') return null;
  const p = projectomeParams.codec.parse(new URLSearchParams(search), []);
  return projectomeRequestOf({ ...parsed.query, target: parsed.target, drawingAtlasUm: parsed.drawingAtlasUm ?? DEFAULT_DRAWING_ATLAS_UM }, p);
}
