import { describe, expect, it } from 'vitest';
import { overlayLayout } from './overlay-layout';
import { markerAreaToDiameterCssPx } from './projectome-types';
import { canvasBox, FULL_CORONAL_SECTION, sectionViewport } from './section-viewport';

describe('overlayLayout', () => {
  const vp = sectionViewport(FULL_CORONAL_SECTION, canvasBox(1140, 800));
  it('puts the legend in the top-right corner, one row per entry, inside the figure', () => {
    const lay = overlayLayout(
      {
        title: 'T',
        legend: [
          { label: 'VISp', color: [1, 0, 0] },
          { label: 'MOs', color: [0, 0, 1] },
        ],
      },
      vp,
      1140,
    );
    const b = lay.legend?.box;
    expect(b).toBeDefined();
    if (!b) return;
    expect(b.x + b.width).toBeLessThanOrEqual(1140);
    expect(b.x).toBeGreaterThan(570);
    expect(lay.legend?.title?.text).toBe('Input regions');
    expect(lay.legend?.entries.map((e) => e.label)).toEqual(['VISp', 'MOs']);
    const [e0, e1] = lay.legend?.entries ?? [];
    expect((e1?.cy ?? 0) - (e0?.cy ?? 0)).toBeCloseTo(18, 9); // 1.5 × 12 px font
    expect(lay.title?.text).toBe('T');
  });
  it('places a 1 mm scale bar (100 px at 10 µm/px) at the bottom-left of the section', () => {
    const s = overlayLayout({}, vp, 1140).scaleBar;
    expect(s?.bar.label).toBe('1 mm');
    expect(s?.bar.lengthPx).toBeCloseTo(100, 9);
    expect(s?.x).toBeLessThan(100);
    expect(s?.y).toBeGreaterThan(700);
    expect(overlayLayout({ scaleBar: false }, vp, 1140).scaleBar).toBeNull();
    expect(overlayLayout({}, vp, 1140).legend).toBeNull();
  });
  it('places the colour key (0 → ceiling) at the bottom-right of the section, clear of the scale bar', () => {
    const lay = overlayLayout({ colorKey: { label: 'projection density', max: '0.25' } }, vp, 1140);
    const k = lay.colorKey;
    if (!k) throw new Error('no colour key');
    const r = vp.rect;
    expect(k.ramp.x + k.ramp.width).toBeLessThanOrEqual(r.x + r.width);
    expect(k.ramp.y + k.ramp.height).toBeLessThanOrEqual(r.y + r.height);
    expect(k.ramp.x).toBeGreaterThan((lay.scaleBar?.x ?? 0) + (lay.scaleBar?.bar.lengthPx ?? 0));
    expect([k.min.text, k.max.text, k.label.text]).toEqual(['0', '0.25', 'projection density']);
    // 0 under the ramp's left end, the ceiling under its right end, the label above it
    expect(k.min.x).toBe(k.ramp.x);
    expect(k.max.x).toBe(k.ramp.x + k.ramp.width);
    expect(k.min.y).toBeGreaterThan(k.ramp.y + k.ramp.height);
    expect(k.label.y).toBeLessThan(k.ramp.y);
    expect(overlayLayout({}, vp, 1140).colorKey).toBeNull();
  });
});

describe('markerAreaToDiameterCssPx', () => {
  it('turns matplotlib marker areas (pt²) into CSS px diameters (1 pt = 4/3 px)', () => {
    expect(markerAreaToDiameterCssPx(36)).toBeCloseTo(8, 12); // 6 pt
    expect(markerAreaToDiameterCssPx(20)).toBeCloseTo((Math.sqrt(20) * 4) / 3, 12);
    expect(markerAreaToDiameterCssPx(-1)).toBe(0);
  });
});
