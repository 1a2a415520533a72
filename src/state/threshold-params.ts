// URL parameters of the threshold view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ThresholdParams {}

export const thresholdParams = createViewParams<ThresholdParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
