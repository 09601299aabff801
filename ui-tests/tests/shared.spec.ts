import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { witness } from './witness';

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
    ).toHaveText('10.0 kB');
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
    const suggested = ATL06.replace('.h5', '-2.h5');
    await expect(
      page.getByRole('button', { name: `Copy as ${suggested}` })
    ).toBeVisible({
      timeout: 30000
    });
    await page.contents.deleteFile(ATL06);
  });

  test("a slow copy's notification shows the server's byte count", async ({
    page
  }) => {
    if (await page.contents.fileExists(ATL06)) {
      await page.contents.deleteFile(ATL06);
    }
    // Given a copy whose reply is held back 3 s (as for a large granule; the
    // copy itself is done at once, so the count read is the whole file)
    await page.route(
      url => url.pathname.endsWith('/hackweek/api/shared/copy'),
      async route => {
        if (route.request().method() !== 'POST') {
          return route.continue();
        }
        const response = await route.fetch();
        await new Promise(resolve => setTimeout(resolve, 3000));
        await route.fulfill({ response });
      }
    );
    await openShared(page);
    await page.locator(row(ATL06)).click();
    // When "Copy to home" is clicked
    await page.getByRole('button', { name: 'Copy to home' }).click();
    // Then the notification follows the server's count of bytes copied
    await expect(
      page.getByText(
        /^Copying ATL06_\S+ to your home folder… [\d.]+ [kM]B of [\d.]+ MB \(100%\)$/
      )
    ).toBeVisible({ timeout: 10000 });
    // And ends with the outcome
    await expect(page.getByText(`Copied to ${ATL06}`)).toBeVisible({
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
    await expect(cells.nth(1)).toContainText(`dataset = f['${H_LI}']`);
    await expect(cells.nth(1)).toContainText(`shared-volume/${ATL06}'`);
    // And running it shows the float32 heights as a masked array, fills masked
    await page.notebook.runCell(1, true);
    const output = cells.nth(1).locator('.jp-OutputArea-output');
    await expect(output).toContainText('masked_array(data=[--', {
      timeout: 60000
    });
    await expect(output).toContainText('dtype=float32');
    await page.screenshot({
      path: '../docs/screenshots/shared-insert-code.png'
    });
  });
});

/**
 * A name no earlier run left in the shared volume (the server may be reused).
 */
const unique = (stem: string) =>
  `${stem}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.describe('shared data browser: descriptions, layout, keyboard', () => {
  test('a hostile README renders as inert Markdown with the dataset fields', async ({
    page
  }) => {
    // Given a folder whose README tries to run script and whose dataset.yaml has fields
    const folder = unique('described');
    await page.contents.uploadContent(
      [
        '# Sea ice heights',
        '',
        'Gridded **ATL06** heights.',
        '',
        '<img src=x onerror=alert(1)>',
        '<script>alert(2)</script>',
        '<button data-commandlinker-command="terminal:create-new">terminal</button>'
      ].join('\n'),
      'text',
      `shared-volume/${folder}/README.md`
    );
    await page.contents.uploadContent(
      'title: ATL06 sample\nsource: NSIDC\nlicense: CC-BY-4.0\ncitation: Smith et al. 2020\n',
      'text',
      `shared-volume/${folder}/dataset.yaml`
    );
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // When the folder is opened
    await openShared(page);
    await page.locator(row(folder)).dblclick();
    // Then the fields and the rendered Markdown show above the listing
    const description = page.locator('.jp-hackweek-SharedDescription');
    await expect(
      description.locator('.jp-hackweek-SharedDescription-title')
    ).toHaveText('ATL06 sample', { timeout: 20000 });
    await expect(description.locator('dd[data-field="source"]')).toHaveText(
      'NSIDC'
    );
    await expect(description.locator('dd[data-field="licence"]')).toHaveText(
      'CC-BY-4.0'
    );
    await expect(description.locator('h1')).toContainText('Sea ice heights');
    await expect(description.locator('strong')).toHaveText('ATL06');
    // And nothing in it can run: no handler, no script, no command link, no alert
    await expect(description.locator('img')).toHaveCount(1);
    expect(
      await page.evaluate(() => document.querySelectorAll('[onerror]').length)
    ).toBe(0);
    await expect(description.locator('script')).toHaveCount(0);
    await expect(
      description.locator('[data-commandlinker-command]')
    ).toHaveCount(0);
    const terminals: string[] = [];
    page.on('request', request => {
      if (request.url().includes('/api/terminals')) {
        terminals.push(`${request.method()} ${request.url()}`);
      }
    });
    await description.getByText('terminal').click();
    // (once the page has handled the click: a command it ran has started by then)
    await witness(page);
    expect(dialogs).toEqual([]);
    expect(terminals.filter(call => call.startsWith('POST'))).toEqual([]);
    await expect(page.locator('.jp-Terminal')).toHaveCount(0);
    const box = await description.boundingBox();
    const list = await page
      .locator('.jp-hackweek-SharedBrowser-scroller')
      .boundingBox();
    expect(box!.y).toBeLessThan(list!.y);
    await page.screenshot({
      path: '../docs/screenshots/shared-description.png'
    });
    await page.contents.deleteDirectory(`shared-volume/${folder}`);
  });

  test('the list fills the narrow sidebar; names take the free width', async ({
    page
  }) => {
    await openShared(page);
    const panel = await page
      .locator('.jp-hackweek-SharedBrowser')
      .boundingBox();
    const list = await page
      .locator('.jp-hackweek-SharedBrowser-scroller')
      .boundingBox();
    // Then with nothing selected the list reaches the bottom of the panel
    expect(
      Math.abs(list!.y + list!.height - (panel!.y + panel!.height))
    ).toBeLessThan(3);
    // And the name column takes what Size and Modified leave
    const atl06 = page.locator(row(ATL06));
    const name = await atl06
      .locator('.jp-hackweek-SharedBrowser-name')
      .boundingBox();
    const rowBox = await atl06.boundingBox();
    expect(name!.width).toBeGreaterThan(rowBox!.width - 170);
    await expect(
      atl06.locator('.jp-hackweek-SharedBrowser-name')
    ).toHaveAttribute('title', ATL06);
    // And Modified is a short date with the full timestamp on hover
    const modified = atl06.locator('.jp-hackweek-SharedBrowser-modified');
    expect((await modified.textContent())!.length).toBeLessThanOrEqual(8);
    expect((await modified.getAttribute('title'))!.length).toBeGreaterThan(10);
    // And only folders show an item count, files a size
    await expect(
      page.locator(`${row('many')} .jp-hackweek-SharedBrowser-size`)
    ).toHaveText(/items$/);
    await expect(atl06.locator('.jp-hackweek-SharedBrowser-size')).toHaveText(
      /B$/
    );
  });

  test('the dark theme colours the panel', async ({ page }) => {
    await page.theme.setDarkTheme();
    await openShared(page);
    await page.locator(row(ATL06)).click();
    // Then the panel uses the theme's background and text colours
    const colours = await page
      .locator('.jp-hackweek-SharedBrowser')
      .evaluate(node => {
        const style = getComputedStyle(node);
        const probe = document.createElement('div');
        probe.style.background = 'var(--jp-layout-color1)';
        document.body.appendChild(probe);
        const expected = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return {
          background: style.backgroundColor,
          expected,
          text: style.color
        };
      });
    expect(colours.background).toBe(colours.expected);
    const channels = (rgb: string) =>
      rgb.match(/\d+/g)!.slice(0, 3).map(Number);
    expect(Math.max(...channels(colours.background))).toBeLessThan(90);
    expect(Math.min(...channels(colours.text))).toBeGreaterThan(150);
    await expect(
      page.locator('.jp-hackweek-SharedPreview-node').first()
    ).toBeVisible({ timeout: 30000 });
    await page.screenshot({ path: '../docs/screenshots/shared-dark.png' });
    await page.theme.setLightTheme();
  });

  test('the keyboard moves, opens, previews and goes up', async ({ page }) => {
    await openShared(page);
    const list = page.locator('.jp-hackweek-SharedBrowser-scroller');
    const selected = page.locator(
      '.jp-hackweek-SharedBrowser-row[aria-selected="true"]'
    );
    // Given the listing narrowed to many/ and focused
    await page.locator('.jp-hackweek-SharedBrowser-filter').fill('many');
    await expect(page.locator('.jp-hackweek-SharedBrowser-row')).toHaveCount(
      1,
      { timeout: 20000 }
    );
    await list.focus();
    // When ArrowDown then Enter, Then many/ opens
    await page.keyboard.press('ArrowDown');
    await expect(selected).toHaveAttribute('data-name', 'many');
    await page.keyboard.press('Enter');
    await expect(page.locator(row('granule_000000.h5'))).toBeVisible({
      timeout: 30000
    });
    // When ArrowDown three times and ArrowUp once, Then the second file is selected
    await expect(list).toBeFocused();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) {
      await page.keyboard.press(key);
    }
    await expect(selected).toHaveAttribute('data-name', 'granule_000001.h5');
    // When Backspace, Then the shared root is shown again
    await page.keyboard.press('Backspace');
    await expect(page.locator(row(ATL06))).toBeVisible({ timeout: 20000 });
    // When the granule is reached with the arrows and Enter pressed, Then it is previewed
    await page.locator('.jp-hackweek-SharedBrowser-filter').fill('ATL06');
    await expect(page.locator('.jp-hackweek-SharedBrowser-row')).toHaveCount(
      1,
      { timeout: 20000 }
    );
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await expect(selected).toHaveAttribute('data-name', ATL06);
    await expect(page.locator('.jp-hackweek-SharedPreview')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(
      page.locator(`.jp-hackweek-SharedPreview-node[data-path="${H_LI}"]`)
    ).toBeVisible({ timeout: 30000 });
  });
});

test.describe('shared data browser: organizers', () => {
  test('publishes a file of home into the writable root; readers see it', async ({
    page
  }) => {
    // Given a file in home and a fresh folder name
    const file = `${unique('result')}.txt`;
    const folder = unique('week');
    await page.contents.uploadContent('42\n', 'text', file);
    await openShared(page);
    const organizer = page.locator('.jp-hackweek-SharedBrowser-organizer');
    // Then the read-only root offers no organizer actions
    await expect(organizer).toHaveCount(0);
    // When the writable root is chosen and a folder is made
    await page
      .locator('.jp-hackweek-SharedBrowser-roots')
      .selectOption('shared-readwrite');
    await organizer.getByRole('button', { name: 'New folder' }).click();
    await page.locator('.jp-Dialog input').fill(folder);
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(
      page.locator('.jp-hackweek-SharedBrowser-crumb').last()
    ).toHaveText(folder, { timeout: 20000 });
    // And described
    await organizer.getByRole('button', { name: 'Edit description' }).click();
    await page
      .locator('.jp-Dialog textarea')
      .fill('# Week results\n\nPublished for the **hackweek**.');
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(
      page.locator('.jp-hackweek-SharedDescription h1')
    ).toContainText('Week results', { timeout: 20000 });
    // And the home file is published, found by typing its first letters
    await organizer.getByRole('button', { name: 'Publish from home…' }).click();
    const input = page.locator('.jp-Dialog input');
    await input.fill(file.slice(0, 10));
    await expect(
      page.locator(`.jp-Dialog datalist option[value="${file}"]`)
    ).toHaveCount(1, { timeout: 10000 });
    await input.fill(file);
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(
      page.getByText(`Published ${folder}/${file} in shared-readwrite`)
    ).toBeVisible({ timeout: 30000 });
    await expect(page.locator(row(file))).toBeVisible({ timeout: 20000 });
    // When published again, Then nothing is overwritten and a free name is offered
    await organizer.getByRole('button', { name: 'Publish from home…' }).click();
    await page.locator('.jp-Dialog input').fill(file);
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    const second = file.replace('.txt', '-2.txt');
    await page
      .getByRole('button', { name: `Publish as ${second}` })
      .click({ timeout: 30000 });
    await expect(page.locator(row(second))).toBeVisible({ timeout: 20000 });
    // Then the read-only root (the same volume) lists the folder, its README and both files
    await page
      .locator('.jp-hackweek-SharedBrowser-roots')
      .selectOption('shared');
    await expect(organizer).toHaveCount(0);
    await page.locator(row(folder)).dblclick({ timeout: 20000 });
    await expect(page.locator(row(file))).toBeVisible({ timeout: 20000 });
    await expect(page.locator(row(second))).toBeVisible();
    await expect(
      page.locator('.jp-hackweek-SharedDescription h1')
    ).toContainText('Week results');
    await page.screenshot({ path: '../docs/screenshots/shared-publish.png' });
    await page.contents.deleteDirectory(`shared-volume/${folder}`);
    await page.contents.deleteFile(file);
  });
});
