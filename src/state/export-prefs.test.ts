import { describe, expect, it } from 'vitest';
import { createExportPrefs, EXPORT_SCALE_STORAGE_KEY } from './export-prefs';

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('export scale preference', () => {
  it('defaults to 2× and remembers a choice', () => {
    const s = memoryStorage();
    const prefs = createExportPrefs(s);
    expect(prefs.getState().scale).toBe(2);
    prefs.getState().setScale(4);
    expect(prefs.getState().scale).toBe(4);
    expect(s.map.get(EXPORT_SCALE_STORAGE_KEY)).toBe('4');
    expect(createExportPrefs(s).getState().scale).toBe(4);
  });

  it('a stored value that is not a scale, or no storage at all, gives the default', () => {
    expect(createExportPrefs(memoryStorage({ [EXPORT_SCALE_STORAGE_KEY]: '3' })).getState().scale).toBe(2);
    expect(createExportPrefs(memoryStorage({ [EXPORT_SCALE_STORAGE_KEY]: 'big' })).getState().scale).toBe(2);
    const none = createExportPrefs(null);
    none.getState().setScale(1);
    expect(none.getState().scale).toBe(1);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const b = createExportPrefs(broken);
    b.getState().setScale(4);
    expect(b.getState().scale).toBe(4);
  });
});
