// URL parameters of the subregions view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SubregionsParams {}

export const subregionsParams = createViewParams<SubregionsParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
