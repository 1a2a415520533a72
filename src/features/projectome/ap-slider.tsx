// Slice position: a slider over the target's extent along the plane's axis (AP coronal, ML
// sagittal, DV horizontal) in 100 µm steps (arrow keys move one step, Page Up/Down five),
// labelled in CCF µm, with a play button that sweeps through the extent.
// The slider writes the position to the params store and follows it from there (an uncontrolled
// input updated by the store's subscription): a step or a played frame renders no React.
import { useEffect, useId, useRef, useState } from 'react';
import { HelpHint } from '../../components/help-hint.tsx';
import { projectomeActions } from '../../state/projectome-params.ts';
import { apText, axisName, currentApIndex, useApIndexEffect, usePlane, type SliceRange } from './ap-position.ts';

export interface ApSliderProps {
  readonly range: SliceRange;
  /** Sweep rate while playing, AP steps per second. */
  readonly fps?: number;
}

const setAp = (apIndex: number): void => projectomeActions.setPosition(apIndex * 100);

export function ApSlider({ range, fps = 30 }: ApSliderProps) {
  const id = useId();
  const [playing, setPlaying] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const labelRef = useRef<HTMLSpanElement>(null);
  const [lo, hi, open] = range;
  const axis = axisName(usePlane());

  useApIndexEffect(range, (ap, plane) => {
    const input = inputRef.current;
    if (input) {
      input.value = String(ap);
      input.setAttribute('aria-valuetext', `${apText(ap, plane)} (CCF)`);
    }
    if (labelRef.current) labelRef.current.textContent = apText(ap, plane);
  });

  // The sweep: one AP step per 1/fps s, paced by animation frames (a slow frame never bunches steps).
  useEffect(() => {
    if (!playing) return;
    const period = 1000 / fps;
    let raf = 0;
    let last: number | null = null;
    let due = 0;
    const tick = (t: number): void => {
      due += last === null ? period : t - last;
      last = t;
      if (due >= 0.75 * period) {
        due = Math.min(due - period, period);
        const ap = currentApIndex([lo, hi, open]);
        setAp(ap >= hi ? lo : ap + 1);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, lo, hi, open, fps]);

  return (
    <div className="ap-slider">
      <button
        type="button"
        aria-pressed={playing}
        aria-label={playing ? `Pause the ${axis} sweep` : `Play an ${axis} sweep through the target`}
        onClick={() => setPlaying((p) => !p)}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <label htmlFor={id} className="visually-hidden">
        {axis} position (CCF µm)
      </label>
      <input
        ref={inputRef}
        id={id}
        type="range"
        min={lo}
        max={hi}
        step={1}
        onChange={(e) => setAp(Number(e.target.value))}
        onKeyDown={(e) => {
          // Page Up/Down: five steps (500 µm); the browser's own page step depends on the range's length
          if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
          e.preventDefault();
          const ap = currentApIndex([lo, hi, open]) + (e.key === 'PageUp' ? 5 : -5);
          setAp(Math.min(hi, Math.max(lo, ap)));
        }}
      />
      <output htmlFor={id} data-testid="ap-label">
        <span ref={labelRef} /> <span className="muted">(CCF)</span>
      </output>
      <HelpHint topic="apPosition" />
    </div>
  );
}

/** The slice position as text ("AP 5000 µm", "ML 5700 µm"), kept current from the store without rendering. */
export function ApText({ range }: { readonly range: SliceRange | null }) {
  const ref = useRef<HTMLSpanElement>(null);
  useApIndexEffect(range, (ap, plane) => {
    if (ref.current) ref.current.textContent = apText(ap, plane);
  });
  return <span ref={ref} data-testid="ap-title" />;
}
