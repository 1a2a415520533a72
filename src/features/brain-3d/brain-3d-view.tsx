// 3D: placeholder until the view is built (issue #5). Sets data-render-state so the shell's
// navigation can be tested.
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';

export function Brain3dView(_props: AnalysisViewProps) {
  return (
    <section className="view-placeholder" data-testid="brain-3d-view" data-render-state="ready">
      <h2>3D</h2>
      <p className="muted">Not built yet.</p>
    </section>
  );
}

export function Brain3dControls(_props: AnalysisControlsProps) {
  return null;
}
