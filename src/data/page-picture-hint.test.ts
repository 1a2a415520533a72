import { describe, expect, it } from 'vitest';
import type { PictureContext } from '../protocol/page-picture.ts';
import { forgetPictureHint, hasPictureHint, MAX_HINTS, notePictureStored, PICTURE_HINTS_ITEM, type HintStorage } from './page-picture-hint.ts';

const context = (url: string, width = 1280): PictureContext => ({ build: 'https://x/assets/index-abc.js', url, width, height: 800, dpr: 1, dark: false });

function memoryStorage(): HintStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('page picture hints', () => {
  it('says yes only for the exact page a picture was stored for', () => {
    const s = memoryStorage();
    expect(hasPictureHint(context('https://x/?t=CP'), s)).toBe(false);
    notePictureStored(context('https://x/?t=CP'), s);
    expect(hasPictureHint(context('https://x/?t=CP'), s)).toBe(true);
    // another URL, another window size, another build: no picture of that page
    expect(hasPictureHint(context('https://x/?t=ACB'), s)).toBe(false);
    expect(hasPictureHint(context('https://x/?t=CP', 1920), s)).toBe(false);
    expect(hasPictureHint({ ...context('https://x/?t=CP'), build: 'https://x/assets/index-def.js' }, s)).toBe(false);
  });

  it('keeps the most recent MAX_HINTS pages, a page noted again becoming the most recent', () => {
    const s = memoryStorage();
    for (let i = 0; i < MAX_HINTS; i++) notePictureStored(context(`https://x/?n=${i}`), s);
    notePictureStored(context('https://x/?n=0'), s);
    notePictureStored(context('https://x/?n=new'), s);
    expect(hasPictureHint(context('https://x/?n=0'), s)).toBe(true);
    expect(hasPictureHint(context('https://x/?n=new'), s)).toBe(true);
    // the oldest one not noted again went
    expect(hasPictureHint(context('https://x/?n=1'), s)).toBe(false);
    expect(JSON.parse(s.items.get(PICTURE_HINTS_ITEM) ?? '[]')).toHaveLength(MAX_HINTS);
  });

  it('forgets a page whose picture was not found, and only that page', () => {
    const s = memoryStorage();
    notePictureStored(context('https://x/?a'), s);
    notePictureStored(context('https://x/?b'), s);
    forgetPictureHint(context('https://x/?a'), s);
    expect(hasPictureHint(context('https://x/?a'), s)).toBe(false);
    expect(hasPictureHint(context('https://x/?b'), s)).toBe(true);
  });

  it('reads a refused, missing or garbled storage as no hint, and never throws', () => {
    const refusing: HintStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => notePictureStored(context('https://x/'), refusing)).not.toThrow();
    expect(hasPictureHint(context('https://x/'), refusing)).toBe(false);
    expect(() => forgetPictureHint(context('https://x/'), refusing)).not.toThrow();
    expect(hasPictureHint(context('https://x/'), null)).toBe(false);
    const s = memoryStorage();
    for (const garbled of ['{', '{"a":1}', '[1,2]', 'null']) {
      s.items.set(PICTURE_HINTS_ITEM, garbled);
      expect(hasPictureHint(context('https://x/'), s)).toBe(false);
      notePictureStored(context('https://x/'), s);
      expect(hasPictureHint(context('https://x/'), s)).toBe(true);
    }
  });
});
