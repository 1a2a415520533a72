// The matrix columns: the `tg` list when given, else the shared target `t`, else the major
// divisions of the brain (MATRIX_DEFAULT_TARGETS).
import { MATRIX_DEFAULT_TARGETS } from '../../state/matrix-params.ts';

export function effectiveTargets(listed: readonly string[], shared: string | null): readonly string[] {
  if (listed.length > 0) return listed;
  return shared ? [shared] : MATRIX_DEFAULT_TARGETS;
}
