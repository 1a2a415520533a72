import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fake } from './helpers.ts';

// The Help panel: closed by default, opened from the header with the keyboard at the current
// view's section, a table of contents to the others, closed with Escape (focus back on the
// button); a (?) beside a control opens its entry and Escape returns to that (?).

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

test.beforeEach(async () => {
  await fake.reset();
});

test('Help opens at the current view, jumps between sections, cites the version and closes with Escape', async ({ page }) => {
  const world = await fake.world();
  const target = world.goodTargets[0]?.acronym ?? '';
  expect(target).not.toBe('');
  await page.goto(`/?v=1&view=proj&t=${target}`);
  await expect(page.getByTestId('target-expansion')).toContainText(target);
  const url = page.url();

  const dialog = page.getByRole('dialog', { name: 'Help' });
  const helpButton = page.getByRole('banner').getByRole('button', { name: 'Help', exact: true });
  await expect(dialog).toHaveCount(0);
  await expect(helpButton).toHaveAttribute('aria-expanded', 'false');

  await helpButton.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(helpButton).toHaveAttribute('aria-expanded', 'true');
  const current = dialog.getByRole('heading', { name: /^Upstream projectome/ });
  await expect(current).toBeFocused();
  await expect(current).toBeInViewport();
  await expect(current).toContainText('this view');
  const projectome = dialog.locator('section[data-help-view="projectome"]');
  await expect(projectome).toContainText('plot_upstream_projectome');
  await expect(projectome.locator('dt', { hasText: 'Slice thickness (±100 µm)' })).toBeVisible();
  await page.screenshot({ path: 'test-results/help/help-panel-projectome.png' });

  // jump with the keyboard from the table of contents
  const toc = dialog.getByRole('navigation', { name: 'Help contents' });
  await toc.getByRole('link', { name: 'Slices', exact: true }).focus();
  await page.keyboard.press('Enter');
  const slices = dialog.getByRole('heading', { name: /^Slices/ });
  await expect(slices).toBeFocused();
  await expect(slices).toBeInViewport();
  await expect(dialog.locator('section[data-help-view="slices"]')).toContainText('plot_connectivity');
  expect(page.url(), 'the table of contents leaves the address alone').toBe(url);

  await toc.getByRole('link', { name: 'How to cite' }).click();
  const cite = dialog.getByTestId('help-citations');
  await expect(cite).toBeInViewport();
  await expect(cite).toContainText('Nature');
  await expect(cite).toContainText('Cell');
  await expect(cite).toContainText('Fabre');
  await expect(cite).toContainText(`version ${VERSION}`);
  await expect(cite).toContainText(url);
  await page.screenshot({ path: 'test-results/help/help-panel-cite.png' });

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(helpButton).toBeFocused();
  await expect(helpButton).toHaveAttribute('aria-expanded', 'false');
});

test('a (?) beside a control opens its entry, and Escape returns to it', async ({ page }) => {
  const world = await fake.world();
  const target = world.goodTargets[0]?.acronym ?? '';
  await page.goto(`/?v=1&view=proj&t=${target}`);
  await expect(page.getByTestId('target-expansion')).toContainText(target);

  const field = page.locator('.field', { has: page.getByLabel('Ceiling percentile') });
  const hint = field.getByRole('button', { name: 'About this setting' });
  await expect(hint).toHaveAttribute('title', /density_percentile/);
  await hint.focus();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Help' });
  const entry = dialog.locator('dt', { hasText: 'Ceiling percentile' });
  await expect(entry).toBeFocused();
  await expect(entry).toBeInViewport();
  await page.screenshot({ path: 'test-results/help/help-hint-entry.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(hint).toBeFocused();
  // the control itself still has exactly one label match
  await expect(page.getByLabel('Ceiling percentile')).toHaveCount(1);
});
