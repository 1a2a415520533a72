// Legend (source colours, experiments used of planned, visibility toggles), 1 mm scale bar and
// the colour bar of the density ceiling. Names and acronyms are rendered as text only.
import type { Normalization } from '../../compute/aggregate-plan.ts';
import type { Rgb } from '../../render/colormaps.ts';
import { rgbToHex } from '../../render/colormaps.ts';
import { scaleBarLength } from '../../render/scale-bar.ts';
import type { SourceResult } from './projectome-pipeline.ts';
import { formatValue } from '../../render/csv-document.ts';

export interface ProjectomeLegendProps {
  readonly sources: readonly SourceResult[];
  readonly colors: readonly Rgb[];
  readonly visible: readonly boolean[];
  readonly onToggle: (acronym: string) => void;
  readonly ceiling: number;
  readonly umPerCssPx: number;
  readonly targetAcronym: string;
  /** What the densities are (raw, or per mm³ of injection): the colour bar's unit. */
  readonly densityLabel: string;
  readonly percentile: number;
}

/** What the densities are (the colour key's unit): raw, or per mm³ of an injection volume. */
export function densityLabelOf(normalization: Normalization): string {
  return normalization === 'none'
    ? 'projection density'
    : `projection density ÷ ${normalization === 'injection-volume' ? 'injection volume (PSU)' : 'metadata injection volume'} (mm⁻³)`;
}

/**
 * Distinct experiments planned across all sources and how many of them entered a mean: the
 * figure says "38 of 40 experiments" rather than silently averaging fewer.
 */
export function experimentTotals(sources: readonly Pick<SourceResult, 'planned' | 'usedIds'>[]): { used: number; planned: number } {
  const planned = new Set<number>();
  const used = new Set<number>();
  for (const s of sources) {
    for (const e of s.planned) planned.add(e.id);
    for (const id of s.usedIds) used.add(id);
  }
  return { used: used.size, planned: planned.size };
}

export function ProjectomeLegend({ sources, colors, visible, onToggle, ceiling, umPerCssPx, targetAcronym, densityLabel, percentile }: ProjectomeLegendProps) {
  const bar = Number.isFinite(umPerCssPx) ? scaleBarLength(umPerCssPx) : null;
  const { used, planned } = experimentTotals(sources);
  return (
    <div className="projectome-legend" data-testid="projectome-legend">
      <h3>Input regions → {targetAcronym}</h3>
      <p
        className={used < planned ? 'small' : 'small muted'}
        style={used < planned ? { color: 'var(--error)' } : undefined}
        data-testid="projectome-experiments"
        title={used < planned ? 'Experiments that failed to download or lack the metadata the processing needs are left out of the means.' : undefined}
      >
        {used} of {planned} experiments{used < planned ? ` (${planned - used} missing)` : ''}
      </p>
      <ul>
        {sources.map((s, i) => {
          const used = s.usedIds.length;
          const planned = s.planned.length;
          return (
            <li key={s.acronym}>
              <label title={s.name}>
                <input type="checkbox" checked={visible[i] !== false} onChange={() => onToggle(s.acronym)} />
                <span className="dot" style={{ background: rgbToHex(colors[i] ?? [0, 0, 0]) }} data-testid={`legend-dot-${s.acronym}`} aria-hidden />
                <strong>{s.acronym}</strong>{' '}
                <span className="muted" data-testid={`legend-count-${s.acronym}`}>
                  {used === planned ? `${planned} exp.` : `${used} of ${planned} exp.`}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <div className="colorbar" aria-label={`Colour bar: opacity from 0 to the ceiling ${formatValue(ceiling)}`}>
        <span>0</span>
        <div className="ramp" />
        <span data-testid="ceiling">{formatValue(ceiling)}</span>
      </div>
      <div className="muted small">
        {densityLabel} (opacity ∝ value / ceiling; ceiling = {percentile}th percentile in the target)
      </div>
      {bar && (
        <div className="scalebar" data-testid="scale-bar">
          <div style={{ width: `${bar.lengthPx}px` }} />
          <span>{bar.label}</span>
        </div>
      )}
    </div>
  );
}
