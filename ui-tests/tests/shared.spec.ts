import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

/**
 * The shared-data browser against the test site's root "shared" (`<server root>/shared-volume/`,
 * made by `jupyterlab_hackweek.tests.fixture_shared.make_shared_volume` with 100,000 files in
 * `many/`; the first ten, granule_000000..09, hold (i + 1) * 1000 bytes, the rest are empty).
 */
const ATL06 = 'ATL06_20181013235645_02340114_209_01.h5';
const H_LI = '/gt1l/land_ice_segments/h_li';
const PANEL_ID = 'jp-hackweek-shared';

const row = (name: string) =>
  `.jp-hackweek-SharedBrowser-row[data-name="${name}"]`;

/**
 * Open the Shared Data panel and wait for the root's first rows.
 */
async function openShared(page: IJupyterLabPageFixture): Promise<void> {
  await page.sidebar.openTab(PANEL_ID);
  await expect(page.locator('.jp-hackweek-SharedBrowser')).toBeVisible();
  await expect(page.locator(row('many'))).toBeVisible({ timeout: 20000 });
}

/**
 * Open the `many/` folder (100,000 files).
 */
async function openMany(page: IJupyterLabPageFixture): Promise<void> {
  await page.locator(row('many')).dblclick();
  await expect(page.locator(row('granule_000000.h5'))).toBeVisible({
    timeout: 30000
  });
}

/**
 * The names of the rows currently rendered, top to bottom.
 */
async function renderedNames(page: IJupyterLabPageFixture): Promise<string[]> {
  return page
    .locator('.jp-hackweek-SharedBrowser-row[data-name]')
    .evaluateAll(rows =>
      rows
        .map(r => ({
          top: parseFloat((r as HTMLElement).style.top),
          name: r.getAttribute('data-name')!
        }))
        .sort((a, b) => a.top - b.top)
        .map(r => r.name)
    );
}

test.describe('shared data browser', () => {
  test('lists the first rows of a 100,000-file folder, rendering only a few', async ({
    page
  }) => {
    // Given the panel, which the sidebar tab names "Shared Data"
    await expect(
      page.locator(`li.lm-TabBar-tab[data-id="${PANEL_ID}"]`)
    ).toHaveAttribute('title', 'Shared Data');
    await openShared(page);
    // When many/ is opened
    await openMany(page);
    // Then the first files are shown, the count is the whole folder, and few rows exist in the DOM
    const names = await renderedNames(page);
    expect(names.slice(0, 3)).toEqual([
      'granule_000000.h5',
      'granule_000001.h5',
      'granule_000002.h5'
    ]);
    await expect(page.locator('.jp-hackweek-SharedBrowser-count')).toHaveText(
      '100000 items'
    );
    expect(
      await page.locator('.jp-hackweek-SharedBrowser-row').count()
    ).toBeLessThan(150);
    await page.screenshot({ path: '../docs/screenshots/shared-many.png' });

    // When scrolled far down, Then rows from a later page arrive
    await page.locator('.jp-hackweek-SharedBrowser-scroller').evaluate(el => {
      el.scrollTop = 24 * 50_000;
    });
    await expect(page.locator(row('granule_050000.h5'))).toBeVisible({
      timeout: 20000
    });
  });

  test('the filter narrows the folder to one file', async ({ page }) => {
    await openShared(page);
    await openMany(page);
    // When a file name is typed into the filter
    await page
      .locator('.jp-hackweek-SharedBrowser-filter')
      .fill('granule_054321');
    // Then one row remains
    await expect(page.locator('.jp-hackweek-SharedBrowser-count')).toHaveText(
      '1 item',
      {
        timeout: 20000
      }
    );
    await expect(page.locator('.jp-hackweek-SharedBrowser-row')).toHaveCount(1);
    await expect(page.locator('.jp-hackweek-SharedBrowser-name')).toHaveText(
      'granule_054321.h5'
    );
    await page.screenshot({ path: '../docs/screenshots/shared-filter.png' });
  });

  test('sorting by size happens on the server', async ({ page }) => {
    await openShared(page);
    await openMany(page);
    const size = page.locator(
      '.jp-hackweek-SharedBrowser-header[data-sort="size"]'
    );
    // When Size is clicked, Then the smallest (empty, first by name) comes first
    await size.click();
    await expect(page.locator(row('granule_000010.h5'))).toBeVisible({
      timeout: 20000
    });
    expect((await renderedNames(page))[0]).toBe('granule_000010.h5');
    // When clicked again, Then the largest (10,000 bytes) comes first
    await size.click();
    await expect(page.locator(row('granule_000009.h5'))).toBeVisible({
      timeout: 20000
    });
    expect((await renderedNames(page)).slice(0, 2)).toEqual([
      'granule_000009.h5',
      'granule_000008.h5'
    ]);
    await expect(
      page.locator(
        `${row('granule_000009.h5')} .jp-hackweek-SharedBrowser-size`
      )
    ).toHaveText('9.8 KiB');
    await page.screenshot({ path: '../docs/screenshots/shared-sort-size.png' });
  });

  test('previews the ATL06 sample down to h_li with shape and dtype', async ({
    page
  }) => {
    await openShared(page);
    // When the granule is selected
    await page.locator(row(ATL06)).click();
    // Then its tree shows gt1l/land_ice_segments/h_li as (330,) float32
    const node = page.locator(
      `.jp-hackweek-SharedPreview-node[data-path="${H_LI}"]`
    );
    await expect(node).toBeVisible({ timeout: 30000 });
    await expect(node).toContainText('h_li');
    await expect(node).toContainText('(330,) float32');
    await node.click();
    await expect(
      page.locator('.jp-hackweek-SharedPreview-attrs')
    ).toContainText('meters');
    await node.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '../docs/screenshots/shared-preview.png' });
  });

  test('copies the sample into home', async ({ page }) => {
    if (await page.contents.fileExists(ATL06)) {
      await page.contents.deleteFile(ATL06);
    }
    await openShared(page);
    await page.locator(row(ATL06)).click();
    // When "Copy to home" is clicked
    await page.getByRole('button', { name: 'Copy to home' }).click();
    // Then a notification tells where it went, and the file is in the server's root folder
    await expect(page.getByText(`Copied to ${ATL06}`)).toBeVisible({
      timeout: 30000
    });
    expect(await page.contents.fileExists(ATL06)).toBe(true);
    await page.screenshot({ path: '../docs/screenshots/shared-copy.png' });

    // When copied again, Then nothing is overwritten and a free name is offered
    await page.getByRole('button', { name: 'Copy to home' }).click();
    const suggested = ATL06.replace('.h5', ' (1).h5');
    await expect(
      page.getByRole('button', { name: `Copy as ${suggested}` })
    ).toBeVisible({
      timeout: 30000
    });
    await page.contents.deleteFile(ATL06);
  });

  test('inserts code that opens h_li into the active notebook', async ({
    page
  }) => {
    // Given an open notebook
    await page.notebook.createNew('shared.ipynb');
    await openShared(page);
    // When h_li is selected in the preview and "Insert code" is clicked
    await page.locator(row(ATL06)).click();
    const node = page.locator(
      `.jp-hackweek-SharedPreview-node[data-path="${H_LI}"]`
    );
    await expect(node).toBeVisible({ timeout: 30000 });
    await node.click();
    await page.getByRole('button', { name: 'Insert code' }).click();
    // Then a cell reads it with h5py, quoting the path
    await page.notebook.activate('shared.ipynb');
    const cells = page.locator('.jp-Notebook .jp-Cell');
    await expect(cells.nth(1)).toContainText(`f['${H_LI}'][...]`);
    await expect(cells.nth(1)).toContainText(`shared-volume/${ATL06}'`);
    // And running it prints the 330 float32 heights
    await page.notebook.runCell(1, true);
    await expect(cells.nth(1).locator('.jp-OutputArea-output')).toContainText(
      'dtype=float32',
      {
        timeout: 60000
      }
    );
    await page.screenshot({
      path: '../docs/screenshots/shared-insert-code.png'
    });
  });
});
