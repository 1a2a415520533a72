// Subregions: placeholder until the view is built (issue #5). Sets data-render-state so the shell's
// navigation can be tested.
import type { AnalysisControlsProps, AnalysisViewProps } from '../../components/view-props.ts';

export function SubregionsView(_props: AnalysisViewProps) {
  return (
    <section className="view-placeholder" data-testid="subregions-view" data-render-state="ready">
      <h2>Subregions</h2>
      <p className="muted">Not built yet.</p>
    </section>
  );
}

export function SubregionsControls(_props: AnalysisControlsProps) {
  return null;
}
