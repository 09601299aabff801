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

  test('says when BinderHub cannot open the notebook because of its name', async ({
    page
  }) => {
    // Given the demo's "what?.ipynb" (committed and pushed), open
    // (by the document manager: galata's openByPath reads the name as a selector)
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('docmanager:open', {
        path: 'binder-demo/what?.ipynb'
      });
    });
    await expect(page.locator(BUTTON)).toBeVisible();
    // When the toolbar button is clicked
    await page.locator(BUTTON).click();
    const dialog = page.locator('.jp-Dialog .jp-hackweek-BinderDialog');
    // Then the dialog says BinderHub's page cannot open that name, and what to rename
    const warning = dialog.locator(
      '.jp-hackweek-BinderDialog-warning[data-warning="labpath"]'
    );
    await expect(warning).toContainText(
      'BinderHub and nbgitpuller cannot open what?.ipynb: their pages rebuild the path, and "?" in a name changes it.'
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await expect(dialog).toHaveCount(0);
  });

  test('the nbgitpuller link is made on the hub address typed, from the keyboard', async ({
    page
  }) => {
    // Given the demo notebook (its remote on GitHub) and a server off a hub
    expect(await page.notebook.openByPath(NOTEBOOK)).toBe(true);
    await page.locator(BUTTON).click();
    const dialog = page.locator('.jp-Dialog .jp-hackweek-BinderDialog');
    await expect(dialog).toBeVisible();
    // When the nbgitpuller section is opened from the keyboard (Space: Enter is the dialog's Close)
    const section = dialog.locator('.jp-hackweek-BinderDialog-puller');
    await section.locator('summary').press('Space');
    await expect(section).toHaveJSProperty('open', true);
    // Then the empty hub field, tied to its label, says what is missing
    const hub = section.getByRole('textbox', { name: 'JupyterHub' });
    await expect(hub).toHaveValue('');
    await expect(section).toContainText(
      "Type the hub's address to make the link"
    );
    // When the hub's address is typed, Then the link opens the notebook on that hub
    await hub.focus();
    await page.keyboard.type('https://hub.example.org/hub/');
    const link = section.getByRole('textbox', { name: /^Clones or updates/ });
    await expect(link).toHaveValue(
      'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Ficesat2-hackweek%2Fbinder-demo&branch=main&app=lab&subPath=analysis.ipynb'
    );
    await expect(section).toContainText(
      'Clones or updates the repository in binder-demo of your home on the hub, then opens analysis.ipynb'
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

  test('the palette copies the pinned Binder link and says so', async ({
    page,
    context
  }) => {
    // Given clipboard permissions, a recorder of what a copy event carries,
    // and the demo notebook open
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const reply = await page.request.get(
      `/hackweek/api/git/state?path=${encodeURIComponent(NOTEBOOK)}`
    );
    const head: string = (await reply.json()).git.head;
    expect(await page.notebook.openByPath(NOTEBOOK)).toBe(true);
    await page.evaluate(() => {
      (window as any).hackweekCopied = [];
      window.addEventListener('copy', event =>
        (window as any).hackweekCopied.push(
          event.clipboardData?.getData('text')
        )
      );
    });

    // When "Copy Binder link", listed in the command palette, is run
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute(
        'apputils:activate-command-palette'
      )
    );
    const item = page
      .locator('#command-palette .lm-CommandPalette-item')
      .filter({ hasText: 'Copy Binder link' });
    await expect(item).toHaveAttribute(
      'data-command',
      'hackweek:copy-binder-link'
    );
    await page.keyboard.press('Escape');
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('hackweek:copy-binder-link')
    );

    // Then a notification says it was copied (with the unpushed-commit warning)
    const expected = `https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/${head}?labpath=analysis.ipynb`;
    const toast = page.locator('.Toastify__toast').filter({
      hasText: 'Binder link copied.'
    });
    await expect(toast).toBeVisible({ timeout: 15000 });
    await expect(toast).toContainText('1 commit is not pushed');
    // And the link pinned to the commit is what the copy put on the clipboard
    await expect
      .poll(() => page.evaluate(() => (window as any).hackweekCopied))
      .toEqual([expected]);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      expected
    );
  });

  test('copy buttons say "Copied" and a custom BinderHub is asked whether it is one', async ({
    page
  }) => {
    // Given two custom hosts: a BinderHub, and a site without /versions
    await page.route('https://binder.example.org/versions', route =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ builder_info: {}, binderhub: '1.0.0-test' })
      })
    );
    await page.route('https://www.example.org/versions', route =>
      route.fulfill({
        status: 404,
        contentType: 'text/html',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: '<h1>Not found</h1>'
      })
    );
    expect(await page.notebook.openByPath(NOTEBOOK)).toBe(true);
    await page.locator(BUTTON).click();
    const dialog = page.locator('.jp-Dialog .jp-hackweek-BinderDialog');
    await expect(dialog).toBeVisible();

    // When the link's Copy button is clicked, Then it reads "Copied"
    const copy = dialog.locator('.jp-hackweek-BinderDialog-copy').first();
    await copy.click();
    await expect(copy).toHaveText('Copied');
    await expect(copy).toHaveText('Copy', { timeout: 5000 });

    // When a custom BinderHub is typed, Then the dialog says it answered as one
    const host = dialog.getByRole('textbox', { name: 'BinderHub' });
    const check = dialog.locator('.jp-hackweek-BinderDialog-hostCheck');
    await expect(check).toHaveCount(0);
    await host.fill('https://binder.example.org');
    await expect(check).toHaveAttribute('data-state', 'binderhub');
    await expect(check).toContainText(
      'answered as a BinderHub (version 1.0.0-test)'
    );
    await expect(
      dialog.locator('.jp-hackweek-BinderDialog-link')
    ).toContainText(
      'https://binder.example.org/v2/gh/icesat2-hackweek/binder-demo/'
    );
    await page.screenshot({});

    // And a site that is not one is named as such
    await host.fill('https://www.example.org');
    await expect(check).toHaveAttribute('data-state', 'not-binderhub');
    await expect(check).toContainText('not as a BinderHub (HTTP 404');
  });
});
