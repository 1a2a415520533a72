// Combobox for structures: type an acronym or part of a name, pick with the mouse or the
// keyboard (↑/↓ to move, Enter to add, Escape to close). Names are rendered as text, never HTML.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Structure } from '../allen/types.ts';
import { FieldHead } from './help-hint.tsx';
import type { HelpParamId } from './help-params.ts';

export interface RegionAutocompleteProps {
  readonly label: string;
  readonly search: (text: string, limit: number) => readonly Structure[];
  readonly onPick: (structure: Structure) => void;
  /** Called on Enter when nothing matches, so the caller can explain ("did you mean"). */
  readonly onUnknown?: (text: string) => void;
  readonly disabled?: boolean;
  readonly placeholder?: string;
  /** Help entry reached from a (?) beside the label. */
  readonly help?: HelpParamId;
}

const LIMIT = 12;

export function RegionAutocomplete({ label, search, onPick, onUnknown, disabled, placeholder, help }: RegionAutocompleteProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const options = useMemo(() => (text.trim() === '' ? [] : search(text.trim(), LIMIT)), [search, text]);
  const listId = `${id}-list`;

  function pick(structure: Structure) {
    onPick(structure);
    setText('');
    setOpen(false);
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const choice = options[active] ?? options[0];
      if (choice) pick(choice);
      else if (text.trim() !== '') onUnknown?.(text.trim());
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  const showList = open && options.length > 0;
  return (
    <div className="autocomplete">
      {help ? (
        <FieldHead topic={help}>
          <label htmlFor={id}>{label}</label>
        </FieldHead>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList ? `${id}-opt-${active}` : undefined}
        value={text}
        disabled={disabled}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" className="autocomplete-list">
          {options.map((s, i) => (
            <li
              key={s.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="swatch" style={{ background: s.color }} aria-hidden />
              <strong>{s.acronym}</strong> <span className="muted">{s.name}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
