// Security: names from Allen are text, never markup; the Content-Security-Policy allows network
// access only to the configured Allen hosts and blocks inline script; the app's code has no eval.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectPageErrors } from './chaos-helpers.ts';
import { FAKE_ALLEN_URL, fake, smallRegion, waitReady } from './helpers.ts';

const HOSTILE = '<img src=x onerror="window.__pwned=1">Evil<b>bold</b>';

interface OntologyNode {
  acronym: string;
  name: string;
  children?: OntologyNode[];
}

test.beforeEach(async () => {
  await fake.reset();
});

test('structure and line names from Allen are rendered as text, never as HTML', async ({ page }) => {
  const errors = collectPageErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  const region = smallRegion(await fake.world());
  // The ontology names the region with markup; every experiment's line name carries markup too.
  await page.route(
    (url) => url.href.startsWith(FAKE_ALLEN_URL) && url.pathname.includes('structure_graph_download'),
    async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { msg: OntologyNode[] };
      const rename = (n: OntologyNode): void => {
        if (n.acronym === region.acronym) n.name = HOSTILE;
        n.children?.forEach(rename);
      };
      body.msg.forEach(rename);
      await route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, contentType: 'application/json', body: JSON.stringify(body) });
    },
  );
  await page.route(
    (url) =>
      url.href.startsWith(FAKE_ALLEN_URL) &&
      url.pathname.endsWith('query.json') &&
      /ApiConnectivity|mouse_connectivity_injection_structure/.test(decodeURIComponent(url.href)),
    async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      const body = JSON.parse(text) as { msg: unknown };
      if (Array.isArray(body.msg)) {
        for (const row of body.msg as Array<Record<string, unknown>>) {
          const line = row.transgenic_line;
          if (line && typeof line === 'object') (line as Record<string, unknown>).name = HOSTILE;
          else if (typeof line === 'string') row.transgenic_line = HOSTILE;
          if (typeof row['transgenic-line'] === 'string') row['transgenic-line'] = HOSTILE;
        }
      }
      await route.fulfill({
        status: response.status(),
        headers: { 'access-control-allow-origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    },
  );
  await page.goto(`/?v=1&r=${encodeURIComponent(region.acronym)}`);
  await waitReady(page);
  await expect(page.getByTestId('experiments-table')).toContainText('<img src=x');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});

test('the Content-Security-Policy allows only the configured Allen hosts and no inline script', async ({ page }) => {
  await page.goto('/');
  const csp = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  const directive = (name: string): string[] =>
    (
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find((d) => d[0] === name) ?? []
    ).slice(1);
  // The e2e build points both Allen hosts (API and download) at the fake server.
  expect(new Set(directive('connect-src'))).toEqual(new Set(["'self'", new URL(FAKE_ALLEN_URL).origin]));
  expect(directive('script-src')).not.toContain("'unsafe-inline'");
  expect(directive('default-src')).toEqual(["'self'"]);

  // Another host is refused, and injected markup cannot run script.
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const fetched = await fetch('http://127.0.0.2:9/steal').then(
      () => 'fetched',
      () => 'blocked',
    );
    // The inline onerror handler must be refused; a listener added from script sees the error. The
    // violation report is queued as its own task, which may run after the error event: wait for it.
    const refused = new Promise((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => e.effectiveDirective === 'script-src-attr' && resolve(true)),
    );
    const settled = new Promise((resolve) => document.addEventListener('error', resolve, { capture: true, once: true }));
    document.body.insertAdjacentHTML('beforeend', '<img id="probe" src="/no-such-image.png" onerror="window.__pwned=1">');
    await settled;
    await refused;
    return { fetched, violations, pwned: (window as unknown as { __pwned?: number }).__pwned ?? null };
  });
  expect(outcome.fetched).toBe('blocked');
  expect(outcome.violations).toContain('connect-src');
  expect(outcome.violations).toContain('script-src-attr');
  expect(outcome.pwned).toBeNull();
});

test("the app's own code has no eval, Function constructor or string timers", () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk('src');
  walk('workers');
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.filter((f) => /\beval\s*\(|new\s+Function\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['"`]/.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
