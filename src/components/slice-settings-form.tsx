// Side-panel settings shared by the slice grid and threshold views: target region and every bsv
// plot_connectivity parameter. Values that are out of range are clamped (or, for text lists,
// the bad entries dropped) with an inline message saying what was changed; nothing throws.
import { useId, useState } from 'react';
import type { Ontology } from '../allen/index.ts';

import { COLORMAP_NAMES, isColormapName } from '../render/colormaps.ts';
import { checkCustomSlices, checkManualLimits, checkNumber, SLICE_LIMITS, type SliceGridParams, type SliceGrouping } from '../state/slices-params.ts';
import { RegionAutocomplete } from './region-autocomplete.tsx';
import './slice-settings-form.css';
import { ProcessingFields } from './processing-fields.tsx';
import { useRegionSearch } from '../hooks/use-allen.ts';
import { FieldHead, HintRow } from './help-hint.tsx';
import type { HelpParamId } from './help-params.ts';

export interface SliceSettingsFormProps {
  readonly ontology: Ontology | undefined;
  readonly target: string | null;
  readonly onTarget: (acronym: string) => void;
  readonly value: SliceGridParams;
  readonly onChange: (patch: Partial<SliceGridParams>) => void;
  /** Colour-limit controls (hidden where the view sets its own limits, e.g. threshold). */
  readonly showColorLimits?: boolean;
}

export interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly integer: boolean;
  readonly onCommit: (v: number) => void;
  /** Help entry reached from a (?) beside the label. */
  readonly help?: HelpParamId;
}

/** A number input that commits valid values as typed and clamps the rest on blur, saying so. */
export function NumberField({ label, value, min, max, step, integer, onCommit, help }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const commit = (text: string, final: boolean) => {
    const c = checkNumber(text, label, min, max, value, integer);
    setMessage(c.message);
    if (c.message === null || final) {
      onCommit(c.value);
      if (final) setDraft(null);
    }
  };
  return (
    <div className="field">
      {help ? (
        <FieldHead topic={help}>
          <label htmlFor={id}>{label}</label>
        </FieldHead>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        aria-invalid={message !== null}
        aria-describedby={message ? `${id}-msg` : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          commit(e.target.value, false);
        }}
        onBlur={(e) => draft !== null && commit(e.target.value, true)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value, true)}
      />
      {message && (
        <span id={`${id}-msg`} className="field-message" role="status">
          {message}
        </span>
      )}
    </div>
  );
}

const GROUPINGS: ReadonlyArray<[SliceGrouping, string]> = [
  ['region', 'One row per query region'],
  ['none', 'All experiments together'],
  ['AP', 'Injection AP bins'],
  ['DV', 'Injection DV bins'],
  ['ML', 'Injection ML bins'],
];

export function SliceSettingsForm({ ontology, target, onTarget, value: v, onChange, showColorLimits = true }: SliceSettingsFormProps) {
  const ids = { g: useId(), pl: useId(), cm: useId(), cl: useId(), cs: useId() };
  const search = useRegionSearch(ontology);
  const [csDraft, setCsDraft] = useState<string | null>(null);
  const [csMessage, setCsMessage] = useState<string | null>(null);
  const manual = Array.isArray(v.colorLimits) ? (v.colorLimits as readonly [number, number]) : null;
  const [limDraft, setLimDraft] = useState<readonly [number, number]>(manual ?? [0, 1]);
  const [limMessage, setLimMessage] = useState<string | null>(null);
  const targetStructure = target ? ontology?.byAcronym(target) : undefined;
  const commitCustom = (text: string) => {
    const c = checkCustomSlices(text, v.plane);
    setCsMessage(c.message);
    setCsDraft(null);
    onChange({ customSlicesUm: c.value });
  };
  const setLimit = (k: 0 | 1, x: number) => {
    const next: [number, number] = k === 0 ? [x, limDraft[1]] : [limDraft[0], x];
    setLimDraft(next);
    const problem = checkManualLimits(next[0], next[1]);
    setLimMessage(problem);
    if (!problem) onChange({ colorLimits: next });
  };
  const L = SLICE_LIMITS;
  const axis = v.plane === 'coronal' ? 'AP' : 'ML';

  return (
    <div className="slice-settings">
      <RegionAutocomplete
        label="Target region"
        placeholder={ontology ? 'e.g. CP or "caudoputamen"' : 'Loading structures…'}
        search={search}
        disabled={!ontology}
        help="target"
        onPick={(s) => onTarget(s.acronym)}
      />
      {target && (
        <div className="expansion" data-testid="slice-target">
          Target: <strong>{target}</strong>
          {targetStructure ? ` — ${targetStructure.name}` : ontology ? ' — not in the ontology' : ''}
        </div>
      )}
      <div className="field">
        <FieldHead topic="grouping">
          <label htmlFor={ids.g}>Rows (grouping)</label>
        </FieldHead>
        <select id={ids.g} value={v.grouping} onChange={(e) => onChange({ grouping: GROUPINGS.find(([g]) => g === e.target.value)?.[0] ?? 'region' })}>
          {GROUPINGS.map(([g, text]) => (
            <option key={g} value={g}>
              {text}
            </option>
          ))}
        </select>
      </div>
      {v.grouping !== 'region' && v.grouping !== 'none' && (
        <NumberField
          label="Grouping bins"
          help="groupingBins"
          value={v.groupingBins}
          min={L.minBins}
          max={L.maxBins}
          step={1}
          integer
          onCommit={(x) => onChange({ groupingBins: x })}
        />
      )}
      <div className="field">
        <FieldHead topic="plane">
          <label htmlFor={ids.pl}>Plane</label>
        </FieldHead>
        <select id={ids.pl} value={v.plane} onChange={(e) => onChange({ plane: e.target.value === 'sagittal' ? 'sagittal' : 'coronal' })}>
          <option value="coronal">Coronal (slices along AP)</option>
          <option value="sagittal">Sagittal (slices along ML)</option>
        </select>
      </div>
      <div className="field-row">
        <NumberField
          label="Number of slices"
          help="slices"
          value={v.slices}
          min={L.minSlices}
          max={L.maxSlices}
          step={1}
          integer
          onCommit={(x) => onChange({ slices: x })}
        />
        <NumberField
          label="Number of pixels"
          help="pixels"
          value={v.pixels}
          min={L.minPixels}
          max={L.maxPixels}
          step={1}
          integer
          onCommit={(x) => onChange({ pixels: x })}
        />
      </div>
      <div className="field">
        <FieldHead topic="customSlices">
          <label htmlFor={ids.cs}>Custom slices ({axis} in CCF microns, comma-separated)</label>
        </FieldHead>
        <input
          id={ids.cs}
          type="text"
          inputMode="decimal"
          placeholder="automatic chunks"
          value={csDraft ?? v.customSlicesUm.join(', ')}
          aria-invalid={csMessage !== null}
          onChange={(e) => setCsDraft(e.target.value)}
          onBlur={(e) => commitCustom(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commitCustom(e.currentTarget.value)}
        />
        {csMessage && (
          <span className="field-message" role="status">
            {csMessage}
          </span>
        )}
      </div>
      {v.customSlicesUm.length > 0 && (
        <NumberField
          label="Slice averaging (extra 100-micron slabs each side)"
          help="sliceAveraging"
          value={v.sliceAveraging}
          min={0}
          max={L.maxSliceAveraging}
          step={1}
          integer
          onCommit={(x) => onChange({ sliceAveraging: x })}
        />
      )}
      <div className="field-row">
        <div className="field">
          <FieldHead topic="colormap">
            <label htmlFor={ids.cm}>Colormap</label>
          </FieldHead>
          <select id={ids.cm} value={v.colormap} onChange={(e) => isColormapName(e.target.value) && onChange({ colormap: e.target.value })}>
            {COLORMAP_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {showColorLimits && (
          <div className="field">
            <FieldHead topic="colorLimits">
              <label htmlFor={ids.cl}>Colour limits</label>
            </FieldHead>
            <select
              id={ids.cl}
              value={manual ? 'manual' : v.colorLimits === 'global' ? 'global' : v.colorLimits === 'per_slice' ? 'slice' : 'group'}
              onChange={(e) => {
                const m = e.target.value;
                if (m === 'manual') setLimit(0, limDraft[0]);
                else onChange({ colorLimits: m === 'slice' ? 'per_slice' : m === 'group' ? 'per_group' : 'global' });
              }}
            >
              <option value="global">Global</option>
              <option value="slice">Per slice</option>
              <option value="group">Per group (row)</option>
              <option value="manual">Manual</option>
            </select>
          </div>
        )}
      </div>
      {showColorLimits && manual && (
        <div className="field-row">
          <NumberField
            label="Low"
            value={limDraft[0]}
            min={-L.maxAbsColorLimit}
            max={L.maxAbsColorLimit}
            step={0.01}
            integer={false}
            onCommit={(x) => setLimit(0, x)}
          />
          <NumberField
            label="High"
            value={limDraft[1]}
            min={-L.maxAbsColorLimit}
            max={L.maxAbsColorLimit}
            step={0.01}
            integer={false}
            onCommit={(x) => setLimit(1, x)}
          />
        </div>
      )}
      {showColorLimits && limMessage && (
        <span className="field-message" role="status">
          {limMessage}
        </span>
      )}
      <NumberField
        label="Smoothing (Gaussian sigma, bins)"
        help="smoothing"
        value={v.smoothing}
        min={0}
        max={L.maxSmoothing}
        step={0.5}
        integer={false}
        onCommit={(x) => onChange({ smoothing: x })}
      />
      <HintRow topic="regionOnly">
        <label className="checkbox">
          <input type="checkbox" checked={v.regionOnly} onChange={(e) => onChange({ regionOnly: e.target.checked })} />
          Region only (bins outside the target are blank)
        </label>
      </HintRow>
      <HintRow topic="normalizeByGroup">
        <label className="checkbox">
          <input type="checkbox" checked={v.normalizeByGroup} onChange={(e) => onChange({ normalizeByGroup: e.target.checked })} />
          Normalise each row by its maximum
        </label>
      </HintRow>
      <ProcessingFields value={v} onChange={onChange} />
    </div>
  );
}
