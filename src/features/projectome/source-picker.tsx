// Upstream sources of the target: per source its experiment count and summed projection volume
// in the target; tick to show. Sources can also be typed directly.
import type { Ontology } from '../../allen/index.ts';
import type { UpstreamSource } from '../../allen/types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { RegionAutocomplete } from '../../components/region-autocomplete.tsx';
import { onRovingKeyDown } from '../../components/roving-focus.ts';
import { useRegionSearch } from '../../hooks/use-allen.ts';
import { useState } from 'react';

export interface SourcePickerProps {
  readonly ontology: Ontology | undefined;
  readonly upstream: readonly UpstreamSource[] | undefined;
  readonly loading: boolean;
  readonly error: Error | null;
  readonly onRetry: () => void;
  readonly chosen: readonly string[];
  /** '#rrggbb' of each chosen source, as the figure draws it (render/source-palette.ts sourceSetColors). */
  readonly colors: ReadonlyMap<string, string>;
  readonly onToggle: (acronym: string) => void;
  readonly maxSources: number;
}

export function SourcePicker({ ontology, upstream, loading, error, onRetry, chosen, colors, onToggle, maxSources }: SourcePickerProps) {
  const search = useRegionSearch(ontology);
  const full = chosen.length >= maxSources;
  // the table's checkboxes are one tab stop; arrow keys move between them
  const [active, setActive] = useState(0);
  const enabled = (upstream ?? []).map((u) => chosen.includes(u.acronym) || !full);
  const tabStop = enabled[active] ? active : Math.max(0, enabled.indexOf(true));
  return (
    <div className="source-picker">
      <RegionAutocomplete
        label="Add a source"
        help="sources"
        placeholder="type an acronym or name"
        search={search}
        disabled={!ontology || full}
        onPick={(s) => {
          if (!chosen.includes(s.acronym)) onToggle(s.acronym);
        }}
      />
      {full && <p className="muted small">At most {maxSources} sources.</p>}
      {loading && <p className="muted">Finding upstream sources…</p>}
      {error && (
        <ErrorMessage title="Upstream sources could not be loaded; you can still type sources." onRetry={onRetry}>
          {error.message}
        </ErrorMessage>
      )}
      {upstream && upstream.length === 0 && <p className="muted">No upstream sources above this minimum projection volume.</p>}
      {upstream && upstream.length > 0 && (
        <div className="table-wrap source-table">
          <table className="experiments-table" data-testid="upstream-table">
            <caption className="visually-hidden">Upstream sources of the target; arrow keys move between the checkboxes, Space ticks</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Shown</span>
                </th>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Exp.
                </th>
                <th scope="col" className="num" title="Summed projection volume in the target, mm³">
                  Σ vol (mm³)
                </th>
              </tr>
            </thead>
            <tbody onKeyDown={(e) => onRovingKeyDown(e, setActive)}>
              {upstream.map((u, i) => {
                const on = chosen.includes(u.acronym);
                const color = colors.get(u.acronym);
                return (
                  <tr key={u.structureId}>
                    <td>
                      <input
                        type="checkbox"
                        data-roving-item
                        tabIndex={i === tabStop ? 0 : -1}
                        aria-label={`Show ${u.acronym}`}
                        checked={on}
                        disabled={!on && full}
                        onFocus={() => setActive(i)}
                        onChange={() => onToggle(u.acronym)}
                      />
                    </td>
                    <td title={u.name}>
                      {/* the figure's colour of a shown source; an empty box for one not drawn */}
                      <span
                        className={color ? 'swatch' : 'swatch swatch-empty'}
                        style={color ? { background: color } : undefined}
                        data-testid={`source-swatch-${u.acronym}`}
                        aria-hidden
                      />
                      {u.acronym}
                    </td>
                    <td className="num">{u.experimentIds.length}</td>
                    <td className="num">{u.summedVolumeMm3.toFixed(3)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
