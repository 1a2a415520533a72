// Picks a voxel of a figure (projectome section, slice panel) for a spatial search, with the
// mouse or the keyboard: click a voxel; or focus the figure (Tab), move the mark with the arrow
// keys (Shift = 5 voxels) and press Enter. The figure says where a CSS pixel is through
// `hitTest` (coordinates relative to this wrapper's top-left, which must be the figure's).
import { useCallback, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { CcfPoint } from '../state/search-params.ts';

export interface VoxelHit {
  /** CCF µm [AP, DV, ML] under the pixel. */
  readonly pointUm: CcfPoint;
  /** What is there, read out to screen readers ("AP 5000 µm, DV 3400 µm, ML 2200 µm — CP"). */
  readonly label: string;
}

export interface VoxelPickerProps {
  readonly hitTest: (x: number, y: number) => VoxelHit | null;
  /** One 100 µm voxel in CSS px (the arrow-key step). */
  readonly stepPx: number;
  readonly onPick: (pointUm: CcfPoint) => void;
  /** What the figure is, e.g. "Coronal section at AP 5000 µm". */
  readonly name: string;
  /** Size to the figure (fixed-size figures) instead of filling the width. */
  readonly inline?: boolean;
  /** Id of a <VoxelPickHint> the caller places itself; without it the hint follows the figure. */
  readonly hintId?: string;
  readonly children: ReactNode;
}

interface Cursor {
  readonly x: number;
  readonly y: number;
}

export function VoxelPicker({ hitTest, stepPx, onPick, name, inline, hintId: externalHint, children }: VoxelPickerProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  const ownHint = useId();
  const hintId = externalHint ?? ownHint;
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const [focused, setFocused] = useState(false);
  const step = Number.isFinite(stepPx) && stepPx > 0 ? stepPx : 8;
  const hit = cursor ? hitTest(cursor.x, cursor.y) : null;

  /** The centre, or else the first pixel with a voxel on a coarse scan (panels may have gaps). */
  const firstCursor = useCallback((): Cursor | null => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return null;
    const centre = { x: box.width / 2, y: box.height / 2 };
    if (hitTest(centre.x, centre.y)) return centre;
    const s = Math.max(4, step);
    for (let y = s / 2; y < box.height; y += s) for (let x = s / 2; x < box.width; x += s) if (hitTest(x, y)) return { x, y };
    return centre;
  }, [hitTest, step]);

  function onClick(e: MouseEvent<HTMLDivElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    const at = { x: e.clientX - box.left, y: e.clientY - box.top };
    setCursor(at);
    const h = hitTest(at.x, at.y);
    if (h) onPick(h.pointUm);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    const current = cursor ?? firstCursor();
    if (move && current) {
      e.preventDefault();
      const box = ref.current?.getBoundingClientRect();
      const k = e.shiftKey ? 5 : 1;
      setCursor({
        x: Math.min(Math.max(0, current.x + move[0] * step * k), (box?.width ?? 1) - 1),
        y: Math.min(Math.max(0, current.y + move[1] * step * k), (box?.height ?? 1) - 1),
      });
    } else if ((e.key === 'Enter' || e.key === ' ') && current) {
      e.preventDefault();
      setCursor(current);
      const h = hitTest(current.x, current.y);
      if (h) onPick(h.pointUm);
    }
  }

  return (
    <>
      <div
        ref={ref}
        className="voxel-picker"
        style={{ position: 'relative', width: inline ? 'fit-content' : undefined, cursor: 'crosshair' }}
        tabIndex={0}
        role="group"
        aria-label={`${name}: spatial search`}
        aria-describedby={hintId}
        data-testid="voxel-picker"
        onClick={onClick}
        onKeyDown={onKeyDown}
        onFocus={() => {
          setFocused(true);
          setCursor((c) => c ?? firstCursor());
        }}
        onBlur={() => setFocused(false)}
      >
        {children}
        {focused && cursor && (
          <span
            aria-hidden
            data-testid="voxel-mark"
            style={{
              position: 'absolute',
              left: cursor.x - 7,
              top: cursor.y - 7,
              width: 14,
              height: 14,
              border: '2px solid #d0021b',
              borderRadius: '50%',
              boxShadow: '0 0 0 1px #fff',
              pointerEvents: 'none',
            }}
          />
        )}
        <span className="visually-hidden" aria-live="polite">
          {focused ? (hit ? `${hit.label}. Press Enter to list the experiments with signal there.` : 'Outside the section.') : ''}
        </span>
      </div>
      {externalHint === undefined && <VoxelPickHint id={ownHint} />}
    </>
  );
}

/** How to pick a voxel (the picker's accessible description). */
export function VoxelPickHint({ id }: { readonly id: string }) {
  return (
    <p id={id} className="muted small voxel-picker-hint">
      Click a voxel — or focus the figure, move the mark with the arrow keys and press Enter — to list the experiments with signal there (spatial search).
    </p>
  );
}
