// The two processing choices every averaged view offers: normalisation of each experiment and
// hemisphere subtraction (both part of the aggregate's key).
import { useId } from 'react';

export interface Processing {
  readonly normalization: 'none' | 'injection-volume';
  readonly subtractOtherHemisphere: boolean;
}

export function ProcessingFields({ value, onChange }: { readonly value: Processing; readonly onChange: (patch: Partial<Processing>) => void }) {
  const ids = { norm: useId(), hemi: useId() };
  return (
    <>
      <div className="field">
        <label htmlFor={ids.norm}>Normalisation</label>
        <select id={ids.norm} value={value.normalization} onChange={(e) => onChange({ normalization: e.target.value === 'injection-volume' ? 'injection-volume' : 'none' })}>
          <option value="none">None (raw density, as bsv)</option>
          <option value="injection-volume">Divide by injection volume</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.hemi}>Hemispheres</label>
        <select id={ids.hemi} value={value.subtractOtherHemisphere ? 'sub' : 'both'} onChange={(e) => onChange({ subtractOtherHemisphere: e.target.value === 'sub' })}>
          <option value="both">Both, as measured</option>
          <option value="sub">Subtract the other hemisphere (ipsi − contra)</option>
        </select>
      </div>
    </>
  );
}
