// The tests' and benches' Chromium flags (e2e/chromium.ts) repeat Playwright's --disable-features
// list, since Chromium keeps only the last one: read the list from the installed playwright-core
// and check that ours still contains it, so a Playwright upgrade cannot silently re-enable them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES, TEST_DISABLED_FEATURES } from '../e2e/chromium.ts';

function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle)?.[1];
  if (!list)
    throw new Error(
      'playwright-core/lib/coreBundle.js: no `disabledFeatures = [...]` found; read how this Playwright sets --disable-features and update e2e/chromium.ts',
    );
  return [...list.matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map((m) => m[1] ?? '');
}

describe('e2e/chromium.ts', () => {
  it('repeats every feature the installed Playwright disables', () => {
    const theirs = playwrightDisabledFeatures();
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.filter((f) => !PLAYWRIGHT_DISABLED_FEATURES.includes(f))).toEqual([]);
  });

  it('passes one --disable-features, with ours in it', () => {
    const lists = CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features='));
    expect(lists).toHaveLength(1);
    const features = (lists[0] ?? '').slice('--disable-features='.length).split(',');
    for (const f of [...PLAYWRIGHT_DISABLED_FEATURES, ...TEST_DISABLED_FEATURES]) expect(features).toContain(f);
  });
});
