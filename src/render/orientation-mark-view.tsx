// The orientation mark (orientation-mark.ts) as a React SVG group, for on-screen overlays.
import { ORIENTATION_COLOR, ORIENTATION_LINE_PX, type OrientationMark } from './orientation-mark';

export function OrientationMarkView({ mark }: { readonly mark: OrientationMark }) {
  return (
    <g data-testid="orientation-mark" fontSize={mark.fontPx} fill={ORIENTATION_COLOR}>
      <path d={mark.path} fill="none" stroke={ORIENTATION_COLOR} strokeWidth={ORIENTATION_LINE_PX} />
      {mark.labels.map((l) => (
        <text key={l.text} x={l.x} y={l.y}>
          {l.text}
        </text>
      ))}
    </g>
  );
}
