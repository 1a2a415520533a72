// Which view owns which URL parameters. Views without an entry have none of their own.
import { brain3dParams } from './brain3d-params';
import { injectionsParams } from './injections-params';
import { matrixParams } from './matrix-params';
import { projectomeParams } from './projectome-params';
import { searchParams } from './search-params';
import { slicesParams } from './slices-params';
import { subregionsParams } from './subregions-params';
import { thresholdParams } from './threshold-params';
import type { ViewName } from './url-state';
import { eraseViewParams, type AnyViewParams } from './view-params';

export const VIEW_PARAMS: Partial<Record<ViewName, AnyViewParams>> = {
  experiments: eraseViewParams(searchParams),
  projectome: eraseViewParams(projectomeParams),
  slices: eraseViewParams(slicesParams),
  threshold: eraseViewParams(thresholdParams),
  matrix: eraseViewParams(matrixParams),
  brain3d: eraseViewParams(brain3dParams),
  injections: eraseViewParams(injectionsParams),
  subregions: eraseViewParams(subregionsParams),
};
