// The PNG scale of every export bar (1×, 2×, 4×): one shared, remembered choice.
import { EXPORT_SCALES, exportDpi, isExportScale } from '../render/export-scale.ts';
import { useExportPrefs } from '../state/export-prefs.ts';

export function ExportScaleSelect({ disabled }: { readonly disabled?: boolean }) {
  const scale = useExportPrefs((s) => s.scale);
  const setScale = useExportPrefs((s) => s.setScale);
  return (
    <label
      className="muted small export-scale"
      title="PNG size: 1× is the figure's size on screen in CSS pixels (96 dpi); 2× and 4× render it at 192 and 384 dpi"
    >
      PNG scale{' '}
      <select
        aria-label="PNG scale"
        value={scale}
        disabled={disabled}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (isExportScale(v)) setScale(v);
        }}
      >
        {EXPORT_SCALES.map((s) => (
          <option key={s} value={s}>
            {s}× ({exportDpi(s)} dpi)
          </option>
        ))}
      </select>
    </label>
  );
}
