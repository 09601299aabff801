import { expect, test } from '@jupyterlab/galata';

/**
 * The fixture made by `make_binder_demo` at server start: `binder-demo/` with
 * `analysis.ipynb`, origin shown as GitHub, one commit not pushed.
 */
const NOTEBOOK = 'binder-demo/analysis.ipynb';
const BUTTON =
  '.jp-NotebookPanel-toolbar [data-jp-item-name="hackweek-binder"] button';

test.describe('Open in Binder', () => {
  test('links the notebook pinned to its commit and warns about the unpushed commit', async ({
    page
  }) => {
    // Given the demo notebook open, and its HEAD commit as the server reads it
    const reply = await page.request.get(
      `/hackweek/api/git/state?path=${encodeURIComponent(NOTEBOOK)}`
    );
    expect(reply.status()).toBe(200);
    const head: string = (await reply.json()).git.head;
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(await page.notebook.openByPath(NOTEBOOK)).toBe(true);

    // When the toolbar button is clicked
    await page.locator(BUTTON).click();
    const dialog = page.locator('.jp-Dialog .jp-hackweek-BinderDialog');
    await expect(dialog).toBeVisible();

    // Then the link is the mybinder.org link to that commit, opening the notebook
    const link = dialog.locator('.jp-hackweek-BinderDialog-link');
    const expected = `https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/${head}?labpath=analysis.ipynb`;
    await expect(link).toHaveText(expected);
    await expect(link).toHaveAttribute('href', expected);
    await expect(dialog.locator('.jp-hackweek-BinderDialog-commit')).toHaveText(
      head
    );

    // And the unpushed commit is the one warning
    const warnings = dialog.locator('.jp-hackweek-BinderDialog-warning');
    await expect(warnings).toHaveCount(1);
    await expect(warnings.first()).toHaveAttribute('data-warning', 'unpushed');
    await expect(warnings.first()).toContainText(
      '1 commit is not pushed to origin/main'
    );

    await page.screenshot({ path: '../docs/screenshots/binder-dialog.png' });

    // When the branch is chosen instead of the commit, Then the link follows the branch
    await dialog
      .getByRole('combobox', { name: 'Version' })
      .selectOption({ index: 1 });
    await expect(link).toHaveText(
      'https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/main?labpath=analysis.ipynb'
    );

    // And the badges hold the same link
    await dialog.getByText('Badges').click();
    await expect(dialog.locator('textarea').first()).toHaveValue(
      '[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/main?labpath=analysis.ipynb)'
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await expect(dialog).toHaveCount(0);
  });

  test('the route refuses paths outside the server folder', async ({
    page
  }) => {
    // Given a path climbing out of the root, When asked, Then a JSON 400
    const reply = await page.request.get(
      '/hackweek/api/git/state?path=..%2F..%2Fetc%2Fpasswd'
    );
    expect(reply.status()).toBe(400);
    expect((await reply.json()).message).toContain('inside your server');
  });
});
