// What the app shell hands every analysis view and its side-panel controls.
import type { Ontology } from '../allen/index.ts';
import type { Experiment } from '../allen/types.ts';

export interface AnalysisViewProps {
  readonly ontology: Ontology | undefined;
  /** Every experiment of the atlas (metadata only); undefined while loading or unavailable. */
  readonly allExperiments: readonly Experiment[] | undefined;
}

export interface AnalysisControlsProps extends AnalysisViewProps {
  /** Transgenic line names for the line filter. */
  readonly lines: readonly string[];
}
