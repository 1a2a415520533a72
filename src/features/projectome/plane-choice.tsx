// The section plane of the projectome: coronal (slider over AP), sagittal (over ML), horizontal
// (over DV). The choice lives in the URL (plane=…); another plane opens at the middle of the
// target's extent along its axis.
import { SECTION_PLANES, type SectionPlane } from '../../compute/section-plane.ts';
import { projectomeActions } from '../../state/projectome-params.ts';
import { usePlane } from './ap-position.ts';
import { HelpHint } from '../../components/help-hint.tsx';

const LABELS: Readonly<Record<SectionPlane, string>> = {
  coronal: 'Coronal (AP)',
  sagittal: 'Sagittal (ML)',
  horizontal: 'Horizontal (DV)',
};

/** How the image lies in each plane (compute/section-plane.ts), said under the figure. */
export const PLANE_ORIENTATION: Readonly<Record<SectionPlane, string>> = {
  coronal: 'Coronal section: dorsal up, the CCF left hemisphere on the left.',
  sagittal: 'Sagittal section: anterior left, posterior right; dorsal up, ventral down.',
  horizontal: 'Horizontal section: anterior left, posterior right; the CCF left hemisphere up, the right down.',
};

export function PlaneChoice() {
  const plane = usePlane();
  return (
    <fieldset className="plane-choice" data-testid="plane-choice">
      <legend>
        Plane <HelpHint topic="projectomePlane" />
      </legend>
      {SECTION_PLANES.map((p) => (
        <label key={p}>
          <input type="radio" name="projectome-plane" value={p} checked={plane === p} onChange={() => projectomeActions.setPlane(p)} /> {LABELS[p]}
        </label>
      ))}
    </fieldset>
  );
}
