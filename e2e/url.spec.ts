import { expect, test } from '@playwright/test';
import { fake, waitReady } from './helpers.ts';

test.beforeEach(async () => {
  await fake.reset();
});

test('hostile URL parameters fall back with a notice and never inject markup', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.goto('/?v=1&r=%3Cscript%3Ealert(1)%3C%2Fscript%3E,VISp&line=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&p=maybe');
  await waitReady(page);
  await expect(page.getByTestId('url-notices')).toBeVisible();
  await expect(page.getByTestId('url-notices')).toContainText('not a valid acronym');
  await expect(page.getByRole('list', { name: 'Chosen regions' })).toContainText('VISp');
  expect(dialogs).toBe(0);
  expect(await page.locator('script:not([type="module"])').count()).toBe(0);
});

test('an unknown acronym suggests the nearest ones', async ({ page }) => {
  await page.goto('/?v=1&r=VISq');
  await waitReady(page);
  await expect(page.getByRole('alert')).toContainText('did you mean');
  await expect(page.getByRole('alert')).toContainText('VISp');
});

test('back and forward restore earlier queries', async ({ page }) => {
  await page.goto('/?v=1&r=VISp');
  await waitReady(page);
  const box = page.getByRole('combobox', { name: 'Injection regions' });
  await box.fill('MOs');
  await box.press('Enter');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/r=VISp,MOs/);
  await page.goBack();
  await expect(page).toHaveURL(/r=VISp$/);
  await expect(page.getByRole('list', { name: 'Chosen regions' })).not.toContainText('MOs');
  await page.goForward();
  await expect(page.getByRole('list', { name: 'Chosen regions' })).toContainText('MOs');
});
