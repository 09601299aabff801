import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator, Response } from '@playwright/test';

/**
 * Granule downloads against the test site's fakes (`jupyterlab_hackweek/tests/site.py`):
 * the fake CMR's data links lead to the fake NSIDC data server, which serves every
 * granule as the real ATL06 sample padded to the size CMR lists, throttles the real
 * ATL06 v005 granule and answers the first ATL06 v006 granule with the Earthdata
 * Login page. Downloads go to `data/<product>/<version>/` of the server's root; the
 * server starts with no Earthdata credential.
 */
const REAL_GRANULE = 'ATL06_20190221121851_08410203_005_01.h5';
const REAL_SIZE = 62069494; // 59.1940822601 MB (2^20 bytes) as CMR lists it
const HTML_GRANULE = 'ATL06_20190330000000_00010301_006_01.h5';
// The fake Earthdata Login's account (`fake_earthdata.FakeEarthdata`)
const USERNAME = 'hackweek';
const PASSWORD = 'p@ss w"rd#1';
const NSIDC = 'jp-hackweek-nsidc';
const P = '.jp-hackweek-NsidcPanel';
const D = '.jp-hackweek-Downloads';

/**
 * Every `hackweek/api/downloads*` reply body the page receives.
 */
function captureReplies(page: IJupyterLabPageFixture): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  page.on('response', (response: Response) => {
    if (response.url().includes('/hackweek/api/downloads')) {
      bodies.push(response.text().catch(() => ''));
    }
  });
  return bodies;
}

/**
 * Assert that no reply held the password (as text or inside a Basic header).
 */
async function expectNoSecret(bodies: Promise<string>[]): Promise<void> {
  const texts = await Promise.all(bodies);
  expect(texts.length).toBeGreaterThan(0);
  const basic = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
  for (const text of texts) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(basic);
  }
}

/**
 * Search the NSIDC panel, tick one granule and press Download.
 */
async function downloadFromSearch(
  page: IJupyterLabPageFixture,
  form: { version: string; start: string; end: string; box?: string[] },
  name: string
): Promise<void> {
  await page.sidebar.openTab(NSIDC);
  const panel = page.locator(P);
  await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });
  await panel.locator(`${P}-product`).fill('ATL06');
  const version = panel.locator(`${P}-version`);
  await expect(version.locator(`option[value="${form.version}"]`)).toHaveCount(
    1,
    { timeout: 20000 }
  );
  await version.selectOption(form.version);
  await panel.locator(`${P}-start`).fill(form.start);
  await panel.locator(`${P}-end`).fill(form.end);
  const box = form.box ?? ['', '', '', ''];
  for (const [i, side] of ['west', 'south', 'east', 'north'].entries()) {
    await panel.locator(`${P}-${side}`).fill(box[i]);
  }
  await panel.locator(`${P}-search`).click();
  const row = panel.locator(`${P}-row[data-name="${name}"]`);
  await expect(row).toBeVisible({ timeout: 30000 });
  await row.locator(`${P}-check`).check();
  await expect(panel.locator(`${P}-scope`)).toHaveText('1 selected');
  await panel.locator(`${P}-download`).click();
}

/**
 * The row of a file in the Downloads panel.
 */
function fileRow(page: IJupyterLabPageFixture, name: string): Locator {
  return page
    .locator(`${D}-file`)
    .filter({ has: page.locator(`${D}-fileName`, { hasText: name }) })
    .first();
}

test.describe('Granule downloads', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('a granule found in the search downloads after an Earthdata login', async ({
    page
  }) => {
    const replies = captureReplies(page);
    // Given a server with no Earthdata credential
    const status = await page.request.get('hackweek/api/downloads/login');
    expect((await status.json()).configured).toBe(false);

    // When the real ATL06 v005 granule is found, ticked and downloaded
    await downloadFromSearch(
      page,
      {
        version: '005',
        start: '2019-02-20',
        end: '2019-02-22',
        box: ['-60', '55', '-40', '80']
      },
      REAL_GRANULE
    );

    // Then the Earthdata login dialog asks for a user name and password
    // first: no download is started yet, nothing says one is
    const dialog = page.locator('.jp-Dialog');
    const login = dialog.locator('.jp-hackweek-DownloadsLogin');
    await expect(login).toBeVisible({ timeout: 20000 });
    await expect(dialog).toContainText('Log in to NASA Earthdata');
    const started = async () =>
      (await (await page.request.get('hackweek/api/downloads')).json())
        .downloads.length;
    const toast = page
      .locator('.Toastify__toast')
      .filter({ hasText: 'Downloading 1 file' });
    expect(await started()).toBe(0);
    await expect(toast).toHaveCount(0);
    // (the fields are a form a password manager recognises)
    await expect(login.locator('form input[name="username"]')).toHaveAttribute(
      'autocomplete',
      'username'
    );
    await expect(login.locator('form input[name="password"]')).toHaveAttribute(
      'autocomplete',
      'current-password'
    );
    // When it is cancelled, Then still nothing is started
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await started()).toBe(0);
    await expect(toast).toHaveCount(0);
    // When Download is pressed again and a wrong password typed
    await page.locator(`${P}-download`).click();
    await expect(login).toBeVisible({ timeout: 20000 });
    await dialog.locator('input[type="text"]').fill(USERNAME);
    await dialog.locator('input[type="password"]').fill(`${PASSWORD}x`);
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    // Then Earthdata Login refuses it before anything is saved: the dialog
    // stays, with the reason inside it and the name kept; still no download
    await expect(
      dialog.locator('.jp-hackweek-DownloadsLogin-error')
    ).toContainText(
      'Earthdata Login refused this user name and password (Invalid user credentials)',
      { timeout: 20000 }
    );
    await expect(dialog).toHaveCount(1);
    await expect(dialog.locator('input[name="username"]')).toHaveValue(
      USERNAME
    );
    expect(await started()).toBe(0);
    await expect(toast).toHaveCount(0);
    const refused = await page.request.get('hackweek/api/downloads/login');
    expect((await refused.json()).configured).toBe(false);
    // When the right password is typed
    await dialog.locator('input[name="password"]').fill(PASSWORD);
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await expect(dialog).toHaveCount(0);
    // Then the download starts, and says so
    await expect(toast).toHaveCount(1, { timeout: 20000 });
    await page.sidebar.openTab('jp-hackweek-downloads');

    // And the Downloads panel shows the file's progress...
    const downloads = page.locator(D);
    await expect(downloads).toBeVisible();
    await expect(downloads.locator(`${D}-login`)).toHaveText(
      `Earthdata: ${USERNAME}`
    );
    const file = fileRow(page, REAL_GRANULE);
    await expect(file).toHaveClass(/jp-mod-active/, { timeout: 30000 });
    await expect(file.locator(`${D}-figures`)).toContainText(
      /^[1-9][\d.]* [kM]?B of 62\.1 MB/,
      { timeout: 30000 }
    );
    await page.sidebar.setWidth(440);
    // (with its speed and time left once measured)
    await expect(file.locator(`${D}-figures`)).toContainText(/\/s · .* left/, {
      timeout: 20000
    });
    await page.screenshot({ path: '../docs/screenshots/downloads.png' });

    // ...then that it is saved
    await expect(file).toHaveClass(/jp-mod-done/, { timeout: 90000 });
    await expect(file.locator(`${D}-fileState`)).toHaveText('Saved');
    const item = downloads.locator(`${D}-item`).first();
    await expect(item).toContainText('1 of 1 files saved');
    await expect(item).toContainText('62.1 MB of 62.1 MB');
    // And the stop for want of a login was never announced as a failure
    await expect(page.getByText('ATL06 v005: 0 of 1 files saved')).toHaveCount(
      0
    );

    // And the file is in the server's folder at the size CMR lists
    const path = `data/ATL06/005/${REAL_GRANULE}`;
    const model = await page.request.get(`api/contents/${path}?content=0`);
    expect(model.status()).toBe(200);
    expect((await model.json()).size).toBe(REAL_SIZE);
    // And the folder button opens it in the file browser
    await item.locator(`${D}-folder`).click();
    await expect(
      page.locator('.jp-DirListing-item', { hasText: REAL_GRANULE })
    ).toBeVisible({ timeout: 20000 });
    // And "View" on the saved file opens it in the data viewer: the quick look
    // of gt1l with its fill values masked (the file is the real sample, padded)
    await page.sidebar.openTab('jp-hackweek-downloads');
    await item.getByText('1 file', { exact: true }).click(); // (folded once done)
    await file.getByRole('button', { name: 'View' }).click();
    const look = page.locator('.jp-hackweek-QuickLook');
    await expect(look).toHaveAttribute('data-beam', 'gt1l', { timeout: 30000 });
    await expect(look).toHaveAttribute('data-masked', '315');
    await expect(
      page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current')
    ).toHaveText(REAL_GRANULE);

    // And no reply the browser saw held the password
    await expectNoSecret(replies);
  });

  test('a login page served instead of data ends in plain words, with no file', async ({
    page
  }) => {
    const replies = captureReplies(page);
    // Given a saved login (the same account the first test typed in)
    const login = await page.request.post('hackweek/api/downloads/login', {
      data: { username: USERNAME, password: PASSWORD }
    });
    expect(login.status()).toBe(200);
    await page.reload();

    // When the granule the data server answers with its login page is downloaded
    await downloadFromSearch(
      page,
      { version: '006', start: '2019-03-30', end: '2019-03-30' },
      HTML_GRANULE
    );
    await page.sidebar.openTab('jp-hackweek-downloads');

    // Then it ends as an error that says what happened and what to do
    const file = fileRow(page, HTML_GRANULE);
    await expect(file).toHaveClass(/jp-mod-failed/, { timeout: 30000 });
    await expect(file.locator(`${D}-fileState`)).toHaveText('Failed');
    const error = file.locator(`${D}-fileError`);
    await expect(error).toContainText(
      'The server sent a web page (most likely the Earthdata Login page) instead of the data file; nothing was saved.'
    );
    await expect(error).toContainText('press Retry');
    await expect(error.locator('a')).toHaveText('Open the page');
    await page.sidebar.setWidth(440);
    await page.screenshot({ path: '../docs/screenshots/downloads-error.png' });

    // And nothing is saved under the granule's name
    const folder = await page.request.get('api/contents/data/ATL06/006');
    expect(folder.status()).toBe(200);
    const names = ((await folder.json()).content as { name: string }[]).map(
      entry => entry.name
    );
    expect(names).toEqual([]);
    const saved = await page.request.get(
      `api/contents/data/ATL06/006/${HTML_GRANULE}?content=0`
    );
    expect(saved.status()).toBe(404);

    // And no reply the browser saw held the password
    await expectNoSecret(replies);
  });

  test('a login Earthdata refuses is not saved: the header keeps the last accepted name', async ({
    page
  }) => {
    // Given an accepted login (the account the first test typed in)
    const saved = await page.request.post('hackweek/api/downloads/login', {
      data: { username: USERNAME, password: PASSWORD }
    });
    expect(saved.status()).toBe(200);
    await page.reload();
    await page.sidebar.openTab('jp-hackweek-downloads');
    const header = page.locator(`${D}-login`);
    await expect(header).toHaveText(`Earthdata: ${USERNAME}`);

    // When another account is typed in the login dialog with a wrong password
    await header.click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-hackweek-DownloadsLogin')).toBeVisible();
    await dialog.locator('input[name="username"]').fill('someone-else');
    await dialog.locator('input[name="password"]').fill('wrong');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();

    // Then the dialog stays and says Earthdata Login refused it
    const reason = dialog.locator('.jp-hackweek-DownloadsLogin-error');
    await expect(reason).toContainText(
      'Earthdata Login refused this user name and password',
      { timeout: 20000 }
    );
    await expect(dialog.locator('input[name="username"]')).toHaveValue(
      'someone-else'
    );
    await page.screenshot({
      path: '../docs/screenshots/downloads-login-refused.png'
    });
    // And once it is cancelled the header still names the accepted login,
    // which the server still has
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(header).toHaveText(`Earthdata: ${USERNAME}`);
    const status = await page.request.get('hackweek/api/downloads/login');
    expect((await status.json()).username).toBe(USERNAME);
  });
});
