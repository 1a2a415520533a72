// Draws a Scene (svg-scene.ts) as React SVG: the on-screen twin of sceneToSvg. Text is React
// text (never innerHTML).
import type { Scene, SceneItem } from './svg-scene';
import { SCENE_FONT } from './svg-scene';

export interface SceneSvgProps {
  readonly scene: Scene;
  readonly label: string;
  readonly testId?: string;
}

function Item({ it }: { readonly it: SceneItem }) {
  if (it.kind === 'rect') {
    return <rect x={it.x} y={it.y} width={it.w} height={it.h} fill={it.fill} stroke={it.stroke} strokeWidth={it.stroke ? (it.strokeWidth ?? 1) : undefined} />;
  }
  if (it.kind === 'line') return <line x1={it.x1} y1={it.y1} x2={it.x2} y2={it.y2} stroke={it.stroke} strokeWidth={it.strokeWidth ?? 1} />;
  return (
    <text
      x={it.x}
      y={it.y}
      fontSize={it.size ?? 12}
      fill={it.fill ?? '#000000'}
      textAnchor={it.anchor ?? 'start'}
      fontWeight={it.bold ? 'bold' : undefined}
      transform={it.rotate ? `rotate(${it.rotate} ${it.x} ${it.y})` : undefined}
    >
      {it.text}
    </text>
  );
}

export function SceneSvg({ scene, label, testId }: SceneSvgProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={scene.width}
      height={scene.height}
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      fontFamily={scene.fontFamily ?? SCENE_FONT}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      <rect width="100%" height="100%" fill="#ffffff" />
      {scene.items.map((it, i) => (
        <Item key={i} it={it} />
      ))}
    </svg>
  );
}
