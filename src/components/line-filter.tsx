import { useId } from 'react';
import type { MouseLineFilter } from '../allen/types.ts';
import { FieldHead } from './help-hint.tsx';

export interface LineFilterProps {
  readonly value: MouseLineFilter;
  readonly lines: readonly string[];
  readonly onChange: (line: MouseLineFilter) => void;
  readonly disabled?: boolean;
}

const ALL = '__all__';
const WT = '__wt__';

function toValue(line: MouseLineFilter): string {
  return line.kind === 'all' ? ALL : line.kind === 'wild-type' ? WT : line.name;
}

export function LineFilter({ value, lines, onChange, disabled }: LineFilterProps) {
  const id = useId();
  const current = toValue(value);
  // Keep a line from a shared link selectable even before the list of lines has loaded.
  const options = value.kind === 'line' && !lines.includes(value.name) ? [value.name, ...lines] : lines;
  return (
    <div className="field">
      <FieldHead topic="line">
        <label htmlFor={id}>Mouse line</label>
      </FieldHead>
      <select
        id={id}
        value={current}
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.value;
          onChange(v === ALL ? { kind: 'all' } : v === WT ? { kind: 'wild-type' } : { kind: 'line', name: v });
        }}
      >
        <option value={ALL}>All lines</option>
        <option value={WT}>Wild type only</option>
        {options.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
