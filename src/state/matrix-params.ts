// URL parameters of the matrix view (see view-params.ts for the contract). Placeholder: no
// parameters yet.
import { createViewParams } from './view-params';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MatrixParams {}

export const matrixParams = createViewParams<MatrixParams>({
  defaults: {},
  parse: () => ({}),
  write: () => undefined,
});
