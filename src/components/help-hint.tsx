// The (?) next to a control: its one-line explanation as the button's description (tooltip), and
// a click opens the Help panel at that control's entry. The accessible name is generic on
// purpose: it must never repeat the control's label, which tests and assistive technology use to
// find the control itself.
import type { ReactNode } from 'react';
import { HELP_PARAMS, type HelpParamId } from './help-params.ts';
import { useHelpStore } from '../state/help-store.ts';
import './help-hint.css';

export function HelpHint({ topic }: { readonly topic: HelpParamId }) {
  const p = HELP_PARAMS[topic];
  return (
    <button
      type="button"
      className="help-hint"
      aria-label="About this setting"
      title={`${p.name}: ${p.text}`}
      data-help-topic={topic}
      onClick={(e) => useHelpStore.getState().openAt(topic, e.currentTarget)}
    >
      ?
    </button>
  );
}

/** A field's label row: the label and its HelpHint side by side (the label keeps its htmlFor). */
export function FieldHead({ topic, children }: { readonly topic: HelpParamId; readonly children: ReactNode }) {
  return (
    <div className="field-head">
      {children}
      <HelpHint topic={topic} />
    </div>
  );
}

/** A checkbox row: the checkbox's label and its HelpHint side by side. */
export function HintRow({ topic, children }: { readonly topic: HelpParamId; readonly children: ReactNode }) {
  return (
    <div className="hint-row">
      {children}
      <HelpHint topic={topic} />
    </div>
  );
}
