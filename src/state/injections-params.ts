// URL parameters of the injections view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InjectionsParams {}

export const injectionsParams = createViewParams<InjectionsParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
