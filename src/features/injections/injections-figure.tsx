// The injection-site figure on screen: the same layout as the SVG export (render/
// injection-figure-layout.ts) as React SVG, so names stay text and every site is a focusable link
// to its Allen experiment page with a hover / focus tooltip.
import { useState } from 'react';
import { experimentPageUrl } from '../../allen/links.ts';
import type { InjectionFigureLayout, PanelKind, PointLayout } from '../../render/injection-figure-layout.ts';
import type { InjectionSites } from '../../render/injection-sites.ts';

export interface InjectionsFigureProps {
  readonly layout: InjectionFigureLayout;
  readonly sites: InjectionSites;
  readonly outlines: Partial<Record<PanelKind, { readonly href: string; readonly path: string }>>;
  readonly ariaLabel: string;
}

export function InjectionsFigure({ layout, sites, outlines, ariaLabel }: InjectionsFigureProps) {
  const [hover, setHover] = useState<PointLayout | null>(null);
  const site = hover ? sites.sites[hover.site] : undefined;
  const mid = layout.midlineUm * layout.pxPerUm;
  return (
    <div className="injections-figure-wrap">
      <svg
        className="injections-svg"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={ariaLabel}
        fontFamily="Helvetica, Arial, sans-serif"
        fontSize={12}
      >
        <rect width={layout.width} height={layout.height} fill="#ffffff" />
        <text x={8} y={18} fontWeight="bold" fontSize={14}>
          {layout.title}
        </text>
        {layout.panels.map((p) => {
          const o = outlines[p.kind];
          return (
            <g key={p.kind} data-panel={p.kind}>
              <text x={p.x} y={p.y - 8}>
                {p.title}
              </text>
              <rect x={p.x} y={p.y} width={p.width} height={p.height} fill="none" stroke="#cccccc" />
              {o && (
                <>
                  <image x={p.x} y={p.y} width={p.width} height={p.height} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} href={o.href} />
                  <path d={o.path} fill="none" stroke="#555555" strokeWidth={1} />
                </>
              )}
              {p.kind === 'top' && <line x1={p.x} x2={p.x + p.width} y1={p.y + mid} y2={p.y + mid} stroke="#999999" strokeDasharray="4 4" />}
              {p.kind === 'front' && <line y1={p.y} y2={p.y + p.height} x1={p.x + mid} x2={p.x + mid} stroke="#999999" strokeDasharray="4 4" />}
              <text x={p.x + 4} y={p.y + p.height / 2} fill="#666666">
                {p.ends[0]}
              </text>
              <text x={p.x + p.width - 12} y={p.y + p.height / 2} fill="#666666">
                {p.ends[1]}
              </text>
              <text x={p.x + p.width / 2} y={p.y + 14} fill="#666666">
                {p.ends[2]}
              </text>
              <text x={p.x + p.width / 2} y={p.y + p.height - 4} fill="#666666">
                {p.ends[3]}
              </text>
              {layout.points.map((pt) => {
                if (pt.panel !== p.kind) return null;
                const s = sites.sites[pt.site];
                if (!s) return null;
                const label = `Experiment ${s.experimentId}, ${s.structureAcronym}, ${s.volumeMm3} mm³ (opens the Allen experiment page)`;
                return (
                  <a
                    key={s.experimentId}
                    href={experimentPageUrl(s.experimentId)}
                    target="_blank"
                    rel="noreferrer noopener"
                    aria-label={label}
                    onMouseEnter={() => setHover(pt)}
                    onMouseLeave={() => setHover(null)}
                    onFocus={() => setHover(pt)}
                    onBlur={() => setHover(null)}
                  >
                    <circle
                      className="injection-point"
                      data-experiment-id={s.experimentId}
                      cx={pt.cx}
                      cy={pt.cy}
                      r={pt.r}
                      fill={pt.color}
                      fillOpacity={0.8}
                      stroke={hover === pt ? '#000000' : '#222222'}
                      strokeWidth={hover === pt ? 2 : 0.5}
                    />
                  </a>
                );
              })}
            </g>
          );
        })}
        <text x={layout.legend.x} y={layout.legend.y} fontWeight="bold">
          Injection regions
        </text>
        {layout.legend.rows.map((row) => (
          <g key={row.label}>
            <circle
              cx={layout.legend.x + 6}
              cy={row.y - 4}
              r={5}
              fill={row.color}
              stroke="#000000"
              strokeWidth={0.5}
              data-testid="injections-legend-swatch"
              data-region={row.label}
            />
            <text x={layout.legend.x + 16} y={row.y}>
              {row.label}
            </text>
          </g>
        ))}
        {layout.sizeKey.map((k) => (
          <g key={k.label}>
            <circle cx={k.cx} cy={k.cy} r={k.r} fill="#bbbbbb" stroke="#000000" strokeWidth={0.5} />
            <text x={k.cx + 30} y={k.cy + 4}>
              {k.label}
            </text>
          </g>
        ))}
      </svg>
      {hover && site && (
        <div
          className="injections-tooltip"
          role="tooltip"
          data-testid="injections-tooltip"
          style={{
            left: `${(100 * hover.cx) / layout.width}%`,
            top: `${(100 * (hover.cy + hover.r + 4)) / layout.height}%`,
            // keep the box inside the figure: anchor it by its right edge near the right side
            transform: hover.cx > layout.width * 0.6 ? 'translateX(-100%)' : hover.cx < layout.width * 0.2 ? 'none' : 'translateX(-50%)',
          }}
        >
          <strong>Experiment {site.experimentId}</strong>
          <div>
            {site.structureAcronym} — {site.structureName}
          </div>
          <div>Injection volume {site.volumeMm3.toPrecision(3)} mm³</div>
          <div className="muted">
            AP {Math.round(site.coordUm[0])} · DV {Math.round(site.coordUm[1])} · ML {Math.round(site.coordUm[2])} µm (CCF)
          </div>
        </div>
      )}
    </div>
  );
}
