import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';

/**
 * Wait until the page has dealt with what came before this call, so that a
 * test can then assert that something did NOT happen (no error toast, no
 * terminal, no request) and fail if it did.
 *
 * It emits a notification through the app and waits for its toast: the page
 * runs what was already queued (a reply's handler, a click's command) before
 * this call, and toasts show in the order they were emitted, so a toast, a
 * dialog or a request an earlier event causes has been emitted by then. The
 * witness toast is dismissed again (screenshots stay clean).
 */
export async function witness(
  page: IJupyterLabPageFixture,
  label = 'hackweek-test-witness'
): Promise<void> {
  const message = `${label} ${Date.now()}`;
  const id = await page.evaluate(
    async message =>
      (await window.jupyterapp.commands.execute('apputils:notify', {
        message,
        type: 'info',
        options: { autoClose: false }
      })) as string,
    message
  );
  const toast = page.locator('.Toastify__toast').filter({ hasText: message });
  await expect(toast).toBeVisible();
  await page.evaluate(
    id =>
      window.jupyterapp.commands.execute('apputils:dismiss-notification', {
        id
      }),
    id
  );
  await expect(toast).toHaveCount(0);
}
