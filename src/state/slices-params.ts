// URL parameters of the slices view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SliceGridParams {}

export const slicesParams = createViewParams<SliceGridParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
