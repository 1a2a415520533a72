// AP position: a slider over the target's AP extent in 100 µm steps (arrow keys move one step,
// Page Up/Down five), labelled in CCF µm, with a play button that sweeps through the extent.
import { useEffect, useId, useState } from 'react';

export interface ApSliderProps {
  readonly apIndex: number;
  readonly range: readonly [number, number];
  readonly onChange: (apIndex: number) => void;
  /** Frames per second of the sweep (bsv save_gif default 8). */
  readonly fps?: number;
}

export function ApSlider({ apIndex, range, onChange, fps = 8 }: ApSliderProps) {
  const id = useId();
  const [playing, setPlaying] = useState(false);
  const [lo, hi] = range;

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      onChange(apIndex >= hi ? lo : apIndex + 1);
    }, 1000 / fps);
    return () => window.clearInterval(timer);
  }, [playing, apIndex, lo, hi, fps, onChange]);

  return (
    <div className="ap-slider">
      <button
        type="button"
        aria-pressed={playing}
        aria-label={playing ? 'Pause the AP sweep' : 'Play an AP sweep through the target'}
        onClick={() => setPlaying((p) => !p)}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <label htmlFor={id} className="visually-hidden">
        AP position (CCF µm)
      </label>
      <input
        id={id}
        type="range"
        min={lo}
        max={hi}
        step={1}
        value={apIndex}
        aria-valuetext={`AP ${apIndex * 100} µm (CCF)`}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output htmlFor={id} data-testid="ap-label">
        AP {apIndex * 100} µm <span className="muted">(CCF)</span>
      </output>
    </div>
  );
}
