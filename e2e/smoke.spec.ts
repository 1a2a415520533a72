import { expect, test } from '@playwright/test';

test('app boots', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-render-state="ready"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Brain Street View' })).toBeVisible();
});
