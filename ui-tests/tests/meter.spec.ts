import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

const MB = 1024 ** 2;
const NOTEBOOK = 'meter.ipynb';

// Poll every second, and show our item even if jupyter-resource-usage is installed.
test.use({
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-hackweek:meter': { refreshRate: 1000, showStatusItem: 'always' }
  }
});

/**
 * The pod's memory in bytes, read from the status item's `data-bytes`.
 */
async function statusBytes(page: IJupyterLabPageFixture): Promise<number> {
  const item = page.locator('.jp-hackweek-MeterStatus-content[data-bytes]');
  return Number(await item.getAttribute('data-bytes'));
}

/**
 * The notebook kernel's memory in bytes, from its row in the resource panel.
 */
async function rowBytes(page: IJupyterLabPageFixture): Promise<number> {
  const cell = page
    .locator(`tr.jp-hackweek-MeterPanel-kernel[data-path$="${NOTEBOOK}"]`)
    .locator('.jp-hackweek-MeterPanel-kernelMemory');
  if ((await cell.count()) === 0) {
    return 0;
  }
  return Number(await cell.getAttribute('data-bytes'));
}

test.describe('resource meter', () => {
  test('a 500 MB allocation shows in the status bar and in the notebook’s row', async ({
    page
  }) => {
    // Given an open notebook with a running kernel
    await page.notebook.createNew(NOTEBOOK);
    await page.notebook.setCell(0, 'code', '1 + 1');
    await page.notebook.runCell(0, true);
    const status = page.locator('.jp-hackweek-MeterStatus-content[data-bytes]');
    await expect(status).toBeVisible({ timeout: 20000 });
    await expect(status).toContainText('Mem');

    // And the resource panel opened from the status item, listing the notebook
    await status.click();
    const panel = page.locator('.jp-hackweek-MeterPanel');
    await expect(panel).toBeVisible();
    await expect
      .poll(() => rowBytes(page), { timeout: 20000 })
      .toBeGreaterThan(10 * MB);
    const statusBefore = await statusBytes(page);
    const rowBefore = await rowBytes(page);

    // When a cell allocates 500 MB
    await page.notebook.activate(NOTEBOOK);
    await page.notebook.setCell(0, 'code', 'x = bytearray(500 * 1024**2)');
    await page.notebook.runCell(0, true);

    // Then both the status item and the notebook's row rise by at least 400 MB
    await expect
      .poll(() => rowBytes(page), { timeout: 20000 })
      .toBeGreaterThanOrEqual(rowBefore + 400 * MB);
    await expect
      .poll(() => statusBytes(page), { timeout: 20000 })
      .toBeGreaterThanOrEqual(statusBefore + 400 * MB);
    await expect(
      panel.locator('.jp-hackweek-MeterPanel-chart polyline').first()
    ).toBeAttached();
    await page.screenshot({ path: '../docs/screenshots/meter-panel.png' });
  });

  test('the palette opens the panel with the history chart and disks', async ({
    page
  }) => {
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('hackweek:show-resource-usage');
    });
    const panel = page.locator('.jp-hackweek-MeterPanel');
    await expect(panel.locator('.jp-hackweek-MeterPanel-summary')).toBeVisible({
      timeout: 20000
    });
    await expect(
      panel.locator('.jp-hackweek-MeterPanel-chart svg')
    ).toBeVisible();
    await expect(panel.locator('[data-disk="home"]')).toBeVisible();
  });

  test('a server that stops answering shows "server unavailable", not an error', async ({
    page
  }) => {
    // Given the hub answering 503 (HTML) while the server is down
    await page.route('**/hackweek/api/metrics*', route =>
      route.fulfill({
        status: 503,
        contentType: 'text/html',
        body: '<h1>503</h1>'
      })
    );
    // Then the status item says so, and no error toast appears
    await expect(
      page.locator('.jp-hackweek-MeterStatus-content')
    ).toContainText('server unavailable', { timeout: 20000 });
    await expect(page.locator('.jp-Notification-Toast-error')).toHaveCount(0);
  });
});
