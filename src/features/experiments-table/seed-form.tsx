// A CCF point typed in µm (AP, DV, ML), checked against the CCF extent before it is searched.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { parseCcfPoint, type CcfPoint } from '../../state/search-params.ts';

export interface SeedFormProps {
  readonly value: CcfPoint | null;
  readonly onSearch: (pointUm: CcfPoint) => void;
  readonly legend: string;
  /** Extra fields before the button. */
  readonly children?: ReactNode;
}

const AXES = [
  { label: 'AP', hint: 'posterior +, 0–13200', max: 13_200 },
  { label: 'DV', hint: 'ventral +, 0–8000', max: 8_000 },
  { label: 'ML', hint: 'right +, 0–11400; midline 5700', max: 11_400 },
] as const;

export function SeedForm({ value, onSearch, legend, children }: SeedFormProps) {
  const id = useId();
  const [text, setText] = useState<string[]>(value ? value.map(String) : ['', '', '']);
  const [error, setError] = useState<string | null>(null);
  // A new point from the URL (Back, a voxel pick) replaces what is typed.
  useEffect(() => {
    if (value) setText(value.map(String));
  }, [value]);
  return (
    <form
      className="seed-form"
      onSubmit={(e) => {
        e.preventDefault();
        const p = parseCcfPoint(text.join(','));
        if (!p) {
          setError('Give AP, DV and ML in CCF µm inside the brain volume (AP 0–13200, DV 0–8000, ML 0–11400).');
          return;
        }
        setError(null);
        onSearch(p);
      }}
    >
      <fieldset>
        <legend>{legend}</legend>
        {AXES.map((a, i) => (
          <label key={a.label} className="seed-field" htmlFor={`${id}-${a.label}`}>
            {a.label} (µm)
            <input
              id={`${id}-${a.label}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={a.max}
              step={10}
              value={text[i] ?? ''}
              title={`CCF µm, ${a.hint}`}
              onChange={(e) => setText((t) => t.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
        {children}
        <button type="submit" className="primary">
          Search
        </button>
      </fieldset>
      {error && (
        <p className="error-inline" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
