// Connectivity matrix: placeholder until the view is built (issue #5). Sets data-render-state so the shell's
// navigation can be tested.
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';

export function MatrixView(_props: AnalysisViewProps) {
  return (
    <section className="view-placeholder" data-testid="matrix-view" data-render-state="ready">
      <h2>Connectivity matrix</h2>
      <p className="muted">Not built yet.</p>
    </section>
  );
}

export function MatrixControls(_props: AnalysisControlsProps) {
  return null;
}
