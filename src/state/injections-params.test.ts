import { describe, expect, it } from 'vitest';
import { CORE_URL_KEYS } from './view-params';
import { DEFAULT_INJECTIONS, parseInjectionsParams, writeInjectionsParams, type InjectionsParams } from './injections-params';

describe('injections params', () => {
  it('defaults write nothing and read back from an empty URL', () => {
    const p = new URLSearchParams();
    writeInjectionsParams(DEFAULT_INJECTIONS, p);
    expect(p.toString()).toBe('');
    const notices: string[] = [];
    expect(parseInjectionsParams(p, notices)).toEqual(DEFAULT_INJECTIONS);
    expect(notices).toEqual([]);
  });

  it('round trips the non-defaults without core keys', () => {
    const s: InjectionsParams = { showFront: true, sizing: 'equal' };
    const p = new URLSearchParams();
    writeInjectionsParams(s, p);
    expect(p.toString()).toBe('front=1&sz=eq');
    for (const k of CORE_URL_KEYS) expect(p.has(k)).toBe(false);
    const notices: string[] = [];
    expect(parseInjectionsParams(new URLSearchParams(p.toString()), notices)).toEqual(s);
    expect(notices).toEqual([]);
  });

  it('accepts explicit default spellings silently', () => {
    const notices: string[] = [];
    expect(parseInjectionsParams(new URLSearchParams('front=0&sz=vol'), notices)).toEqual(DEFAULT_INJECTIONS);
    expect(notices).toEqual([]);
  });

  it.each(['front=true', 'sz=big', 'front=<script>'])('hostile %s → default with a notice', (q) => {
    const notices: string[] = [];
    expect(parseInjectionsParams(new URLSearchParams(q), notices)).toEqual(DEFAULT_INJECTIONS);
    expect(notices).toHaveLength(1);
  });
});
