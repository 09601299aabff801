import { expect, test } from '@jupyterlab/galata';

/**
 * Harmony subset orders against the test site's fakes
 * (`jupyterlab_hackweek/tests/site.py`): the fake CMR's ATL06 v006 granules
 * cross Greenland; the fake Harmony lays the real ATL06 sample along each
 * granule's footprint and cuts it to the order's area with h5py. Subsets go to
 * `data/ATL06/006/` of the server's root.
 */
// The fake Earthdata Login's account (`fake_earthdata.FakeEarthdata`)
const USERNAME = 'hackweek';
const PASSWORD = 'p@ss w"rd#1';
const P = '.jp-hackweek-NsidcPanel';
const D = '.jp-hackweek-Downloads';
/**
 * A polygon over Greenland (lon lat pairs) that three ATL06 v006 tracks of the
 * fake CMR cross from 2019-03-30 to 2019-04-15.
 */
const POLYGON = '-50,65 -30,65 -30,75 -50,75';
const FOLDER = 'ATL06_006_subset_20190330-20190415';

test.describe('Subset orders', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test('three granules ordered with a polygon come back cut, and open in a kernel', async ({
    page
  }) => {
    // Given an Earthdata login on the server and a notebook
    const login = await page.request.post('hackweek/api/downloads/login', {
      data: { username: USERNAME, password: PASSWORD }
    });
    expect(login.status()).toBe(200);
    await page.notebook.createNew('orders.ipynb');

    // When ATL06 v006 is searched from 2019-03-30 to 2019-04-15 inside a polygon
    // over Greenland
    await page.sidebar.openTab('jp-hackweek-nsidc');
    const panel = page.locator(P);
    await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });
    await page.sidebar.setWidth(440);
    await panel.locator(`${P}-product`).fill('ATL06');
    const version = panel.locator(`${P}-version`);
    await expect(version.locator('option[value="006"]')).toHaveCount(1, {
      timeout: 20000
    });
    await version.selectOption('006');
    await panel.locator(`${P}-start`).fill('2019-03-30');
    await panel.locator(`${P}-end`).fill('2019-04-15');
    await panel.locator(`${P}-choice-polygon`).click();
    await panel.locator(`${P}-polygon`).fill(POLYGON);
    await panel.locator(`${P}-search`).click();
    const rows = panel.locator(`${P}-row`);
    await expect(rows.first()).toBeVisible({ timeout: 30000 });
    await expect(panel.locator('.jp-hackweek-SearchMap-polygon')).toHaveCount(
      1
    );

    // And the first three granules are ticked and ordered as subsets
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).locator(`${P}-check`).check();
    }
    await expect(panel.locator(`${P}-scope`)).toHaveText('3 selected');
    await panel.locator(`${P}-order`).click();

    // Then the dialog says what Harmony will be asked
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Order subsets from NASA Harmony');
    await expect(dialog).toContainText(
      '3 granules of ATL06 version 006, from the cloud collection'
    );
    await expect(dialog).toContainText('Cut to the drawn polygon (4 points)');
    await dialog.getByRole('button', { name: 'Order' }).click();

    // And the Downloads panel follows the Harmony job to its end and the
    // three subsets are saved
    const order = page.locator(`${D}-item`).first();
    await expect(order).toContainText('ATL06 v006 subsets', { timeout: 20000 });
    await expect(order.locator(`${D}-order`)).toContainText(
      'Harmony made every subset',
      { timeout: 60000 }
    );
    await expect(order).toContainText('3 of 3 files saved', { timeout: 60000 });
    await page.screenshot({ path: '../docs/screenshots/orders-downloads.png' });

    // When the organizer publishes the finished order on the shared volume,
    // under the folder name offered
    await order.getByRole('button', { name: 'Publish…' }).click();
    const publish = page.locator('.jp-Dialog');
    await expect(publish).toContainText(
      'Publish the ATL06 v006 subsets (3 files)'
    );
    const name = publish.getByRole('textbox', { name: 'New folder’s name' });
    await expect(name).toHaveValue(FOLDER);
    await publish.getByRole('button', { name: 'Publish' }).click();

    // Then the room finds it in Shared Data: the three subsets and a
    // description of the order
    const published = page.locator('.Toastify__toast').filter({
      hasText: `Published ${FOLDER} in shared-readwrite`
    });
    await published.getByRole('button', { name: 'Show' }).click({
      timeout: 30000
    });
    const shared = page.locator('.jp-hackweek-SharedBrowser');
    await expect(
      shared.locator('.jp-hackweek-SharedBrowser-crumb').last()
    ).toHaveText(FOLDER, { timeout: 20000 });
    await expect(
      shared.locator('.jp-hackweek-SharedDescription h1')
    ).toContainText('ATL06 v006 subsets', { timeout: 20000 });
    await expect(
      shared.locator('.jp-hackweek-SharedDescription')
    ).toContainText(
      'Area: polygon (longitude, latitude): (-50, 65), (-30, 65), (-30, 75), (-50, 75)'
    );
    await expect(
      shared.locator(
        '.jp-hackweek-SharedBrowser-row[data-name$="_subsetted.h5"]'
      )
    ).toHaveCount(3);
    await page.screenshot({ path: '../docs/screenshots/orders-published.png' });
    const copies = await page.request.get(
      `api/contents/shared-volume/${FOLDER}`
    );
    const saved = await page.request.get('api/contents/data/ATL06/006');
    const sizes = (reply: { content: { name: string; size: number }[] }) =>
      reply.content
        .filter(entry => entry.name.endsWith('_subsetted.h5'))
        .map(entry => [entry.name, entry.size]);
    expect(sizes(await copies.json())).toEqual(sizes(await saved.json()));
    await page.sidebar.openTab('jp-hackweek-downloads');

    // When a cell opens the subsets with h5py in the notebook's kernel
    await page.notebook.activate('orders.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      [
        // the notebook is in the test's own folder below the server's root
        'import glob, h5py',
        "paths = sorted(glob.glob('../data/ATL06/006/*_subsetted.h5'))",
        "lats = [h5py.File(p, 'r')['gt1l/land_ice_segments/latitude'][:] for p in paths]",
        "print(len(paths), 'subsets, inside:', all(65 <= l.min() and l.max() <= 75 for l in lats))"
      ].join('\n')
    );
    await page.notebook.runCell(0);

    // Then every subset opens and holds only segments inside the polygon's band
    await expect
      .poll(async () => (await page.notebook.getCellTextOutput(0))?.join(''), {
        timeout: 60000
      })
      .toContain('3 subsets, inside: True');
    await page.contents.deleteDirectory(`shared-volume/${FOLDER}`);
  });
});
