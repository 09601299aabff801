import { expect, test } from '@jupyterlab/galata';

import { witness } from './witness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

test.describe('foundation: the suite and its server extension', () => {
  test.use({ autoGoto: false });

  test('loads without an error and answers its version', async ({ page }) => {
    // Given the page loaded, and the handshake's version reply handled
    const answered = page.waitForResponse(response =>
      response.url().includes('/hackweek/api/version')
    );
    await page.goto();
    expect((await answered).status()).toBe(200);
    await witness(page);
    // Then no error was shown
    await expect(page.locator('.jp-Notification-Toast-error')).toHaveCount(0);
    const reply = await page.request.get('/hackweek/api/version');
    expect(reply.status()).toBe(200);
    expect(await reply.json()).toEqual({ version: VERSION });
    await page.screenshot({ path: '../docs/screenshots/lab.png' });
  });
});

test.describe('foundation: version handshake', () => {
  test.use({ autoGoto: false });

  test('a server left on another version is explained to the user', async ({
    page
  }) => {
    await page.route('**/hackweek/api/version?*', route =>
      route.fulfill({ json: { version: '0.0.1' } })
    );
    await page.goto();
    const toast = page
      .locator('.Toastify__toast')
      .filter({ hasText: 'Hackweek tools were updated' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(`page ${VERSION}, server 0.0.1`);
    await expect(toast).toContainText('Restart your server');
  });

  test('a missing server extension is explained to the user', async ({
    page
  }) => {
    await page.route('**/hackweek/api/version?*', route =>
      route.fulfill({ status: 404, json: { message: 'Not found' } })
    );
    await page.goto();
    const toast = page
      .locator('.Toastify__toast')
      .filter({ hasText: 'server extension missing' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('pip install jupyterlab-hackweek');
  });
});
