// URL parameters of the brain3d view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Brain3dParams {}

export const brain3dParams = createViewParams<Brain3dParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
