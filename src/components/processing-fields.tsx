// The two processing choices every averaged view offers: normalisation of each experiment and
// hemisphere subtraction (both part of the aggregate's key).
import { useId } from 'react';
import { FieldHead } from './help-hint.tsx';
import { NORMALIZATION_LABELS, NORMALIZATION_TITLES, type Normalization, type Processing } from '../state/normalization.ts';

const CHOICES: readonly Normalization[] = ['none', 'injection-volume', 'metadata-volume'];

export type { Processing };

export function ProcessingFields({ value, onChange }: { readonly value: Processing; readonly onChange: (patch: Partial<Processing>) => void }) {
  const ids = { norm: useId(), hemi: useId() };
  return (
    <>
      <div className="field">
        <FieldHead topic="normalization">
          <label htmlFor={ids.norm}>Grid normalisation</label>
        </FieldHead>
        <select
          id={ids.norm}
          value={value.normalization}
          title={NORMALIZATION_TITLES[value.normalization]}
          onChange={(e) => onChange({ normalization: CHOICES.find((c) => c === e.target.value) ?? 'none' })}
        >
          {CHOICES.map((c) => (
            <option key={c} value={c} title={NORMALIZATION_TITLES[c]}>
              {NORMALIZATION_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <FieldHead topic="hemispheres">
          <label htmlFor={ids.hemi}>Other hemisphere</label>
        </FieldHead>
        <select
          id={ids.hemi}
          value={value.subtractOtherHemisphere ? 'sub' : 'both'}
          onChange={(e) => onChange({ subtractOtherHemisphere: e.target.value === 'sub' })}
        >
          <option value="both">Both, as measured</option>
          <option value="sub">Subtract the other hemisphere (ipsi − contra)</option>
        </select>
      </div>
    </>
  );
}
