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

    // And in this split view the row shows the file name (full path in its
    // tooltip) with memory, CPU and both buttons inside the panel
    const row = page.locator(
      `tr.jp-hackweek-MeterPanel-kernel[data-path$="${NOTEBOOK}"]`
    );
    const name = row.locator('.jp-hackweek-MeterPanel-path');
    await expect(name).toHaveText(NOTEBOOK);
    expect(await name.getAttribute('title')).toMatch(/\/meter\.ipynb$/);
    const panelBox = (await panel.boundingBox())!;
    for (const cell of [
      row.locator('.jp-hackweek-MeterPanel-kernelMemory'),
      row.locator('.jp-hackweek-MeterPanel-kernelCpu'),
      row.getByRole('button', { name: /^Restart / }),
      row.getByRole('button', { name: /^Shut down / })
    ]) {
      await expect(cell).toBeVisible();
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(
        panelBox.x + panelBox.width
      );
    }
    // And the chart has its axes: memory up to the limit, CPU in %
    const chart = panel.locator('.jp-hackweek-MeterPanel-chart');
    await expect(
      chart.locator('.jp-hackweek-MeterPanel-axis.jp-mod-memory')
    ).toContainText(/GB limit/);
    await expect(
      chart.locator('.jp-hackweek-MeterPanel-axis.jp-mod-cpu')
    ).toContainText('100%');
    await expect(chart.locator('.jp-hackweek-MeterPanel-legend')).toContainText(
      'Memory (left axis)'
    );
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

  test('an OOM kill names the stopped notebook and the limit', async ({
    page
  }) => {
    // Given an open notebook
    await page.notebook.createNew('oom-victim.ipynb');
    const path: string = await page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.context.path
    );
    expect(path).toMatch(/oom-victim\.ipynb$/);

    // And the sampler answering from a 4 GB pod (routed), first without an OOM event
    const GB = 1024 ** 3;
    let oomHappened = false;
    const counter = 1_000_000;
    await page.route('**/hackweek/api/metrics*', route => {
      const now = Date.now() / 1000;
      const events = oomHappened
        ? [
            {
              timestamp: now,
              counter,
              kills: 1,
              limit: 4 * GB,
              kernels: [{ id: 'k-oom', path, name: 'python3' }]
            }
          ]
        : [];
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          timestamp: now,
          source: 'cgroup-v2',
          memory: { used: 1 * GB, limit: 4 * GB, limit_source: 'cgroup' },
          cpu: { percent: 5, limit: 2, limit_source: 'cgroup' },
          kernels: [],
          disks: [],
          oom_kill: oomHappened ? counter : counter - 1,
          oom_events: events
        })
      });
    });
    const status = page.locator('.jp-hackweek-MeterStatus-content');
    await expect(status).toContainText('1.07 / 4.29 GB', { timeout: 20000 });

    // When the next sample reports the kernel killed for lack of memory
    oomHappened = true;

    // Then a toast says why, the limit and the notebook's file name
    const toast = page.locator('.Toastify__toast').filter({
      hasText: 'Out of memory'
    });
    await expect(toast).toBeVisible({ timeout: 20000 });
    await expect(toast).toContainText(
      'Out of memory (limit 4.29 GB): the kernel of oom-victim.ipynb was stopped. Its variables are lost'
    );
    await expect(toast).toBeInViewport({ ratio: 1 }); // slid in: whole in the picture
    await page.screenshot({ path: '../docs/screenshots/meter-oom.png' });

    // And its button opens the panel, which lists the event with the full path
    await toast.getByRole('button', { name: 'Show Resource Usage' }).click();
    await expect(page.locator('.jp-hackweek-MeterPanel-oom li')).toContainText(
      `Out of memory (limit 4.29 GB): the kernel of ${path} was stopped.`
    );
  });
});

/**
 * A notebook cell starting two clusters on the site's dask-gateway: `idle`
 * runs one task and then nothing, `busy` keeps a 10-minute task running.
 */
const TWO_CLUSTERS = `import time
from dask_gateway import Gateway
gateway = Gateway()
idle = gateway.new_cluster(shutdown_on_close=False)
busy = gateway.new_cluster(shutdown_on_close=False)
idle.scale(1)
busy.scale(1)
idle_client, busy_client = idle.get_client(), busy.get_client()
idle_client.wait_for_workers(1, timeout=120)
busy_client.wait_for_workers(1, timeout=120)
assert idle_client.submit(sum, [1, 2]).result() == 3
task = busy_client.submit(time.sleep, 600)
print(idle.name, busy.name)`;

/**
 * A cell waiting (30 s at most) until the gateway reports both clusters
 * stopped (one line: the editor would re-indent a loop's body).
 */
const WAIT_STOPPED =
  'states = next(s for _ in range(60) if (s := [gateway.get_cluster(c.name).status.name for c in (idle, busy)]) == ["STOPPED"] * 2 or time.sleep(0.5)); print(*states)';

test.describe('Dask clusters in the meter', () => {
  test.setTimeout(300000);

  test('two clusters, one flagged idle with a notification; Scale and Shut down from the panel', async ({
    page
  }) => {
    // Given a notebook that started two clusters on the hub's gateway
    await page.notebook.createNew('dask.ipynb');
    await page.notebook.setCell(0, 'code', TWO_CLUSTERS);
    await page.notebook.runCell(0, true);
    const output = await page.notebook.getCellTextOutput(0);
    const [idle, busy] = (output?.[0] ?? '').trim().split(/\s+/);
    expect(idle).toMatch(/^[0-9a-f]{32}$/);
    expect(busy).toMatch(/^[0-9a-f]{32}$/);

    // Then the status bar counts them
    const count = page.locator('.jp-hackweek-MeterStatus-dask');
    await expect(count).toHaveText('Dask 2', { timeout: 30000 });

    // When the idle one has run nothing for longer than the warning (20 s here)
    // Then a notification says what it costs, with Shut Down at hand
    const toast = page.locator('.Toastify__toast').filter({
      hasText: `Dask cluster ${idle.slice(0, 8)} has run no task for`
    });
    await expect(toast).toBeVisible({ timeout: 60000 });
    await expect(toast).toContainText('it still costs 1 core and 537 MB');
    await expect(
      toast.getByRole('button', { name: 'Shut Down' })
    ).toBeVisible();

    // And the panel lists both: the idle one flagged, the busy one running tasks
    await toast.getByRole('button', { name: 'Show Resource Usage' }).click();
    const panel = page.locator('.jp-hackweek-MeterPanel');
    const idleRow = panel.locator(`li[data-cluster="${idle}"]`);
    const busyRow = panel.locator(`li[data-cluster="${busy}"]`);
    await expect(idleRow).toHaveAttribute('data-warnings', 'idle');
    await expect(busyRow).toHaveAttribute('data-warnings', '');
    await expect(
      busyRow.locator('.jp-hackweek-MeterPanel-clusterIdle')
    ).toHaveText('running tasks');
    await expect(
      idleRow.locator('.jp-hackweek-MeterPanel-clusterIdle')
    ).toHaveText(/^\d+ s ago$/);
    await expect(
      idleRow.locator('.jp-hackweek-MeterPanel-clusterWorkers')
    ).toHaveText('1 (1 core)');
    await expect(
      panel.locator(
        '.jp-hackweek-MeterPanel-clusterWarning[data-warning="idle"]'
      )
    ).toContainText(`Dask cluster ${idle.slice(0, 8)} has run no task for`);
    await page.notebook.activate('dask.ipynb');
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('hackweek:show-resource-usage');
    });
    await expect(
      panel.locator('.jp-hackweek-MeterPanel-dask')
    ).toBeInViewport();
    await panel
      .locator('.jp-hackweek-MeterPanel-dask')
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: '../docs/screenshots/meter-dask.png' });

    // When the busy one is scaled to 2 workers from the keyboard
    await busyRow.getByRole('button', { name: /^Scale cluster / }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input').fill('2');
    await dialog.getByRole('button', { name: 'Scale' }).click();
    // Then it gets them
    await expect(
      busyRow.locator('.jp-hackweek-MeterPanel-clusterWorkers')
    ).toHaveText('2 (2 cores)', { timeout: 60000 });

    // When the idle one is shut down from its row
    await idleRow.getByRole('button', { name: /^Shut down cluster / }).click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Shut Down' })
      .click();
    // Then it leaves the panel and the count
    await expect(idleRow).toHaveCount(0, { timeout: 30000 });
    await expect(count).toHaveText('Dask 1');

    // And once the busy one is shut down too, the count goes
    await busyRow.getByRole('button', { name: /^Shut down cluster / }).click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Shut Down' })
      .click();
    await expect(count).toHaveCount(0, { timeout: 30000 });
    // And the gateway reports both stopped
    await page.notebook.activate('dask.ipynb');
    await page.notebook.setCell(0, 'code', WAIT_STOPPED);
    await page.notebook.runCell(0, true);
    await expect
      .poll(() => page.notebook.getCellTextOutput(0), { timeout: 40000 })
      .toEqual(['STOPPED STOPPED\n']);
  });
});

test.describe('what fills the home', () => {
  test('the home against its quota, the writable shared root, a folder shown in the file browser', async ({
    page
  }) => {
    // Given the resource panel (the meter's poll has started the background scan)
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('hackweek:show-resource-usage');
    });
    const panel = page.locator('.jp-hackweek-MeterPanel');
    const home = panel.locator('[data-root="home"]');
    // Then the home's use shows against its 1 GB quota, without the shared root in it
    await expect(home.locator('.jp-hackweek-MeterPanel-homeUse')).toContainText(
      / of the quota \(/,
      { timeout: 60000 }
    );
    await expect(home.locator('[role="meter"]')).toBeVisible();
    // And the writable shared root (100,000 files) has its own figure, no quota
    const shared = panel.locator('[data-root="shared-readwrite"]');
    await expect(
      shared.locator('.jp-hackweek-MeterPanel-homeUse')
    ).toContainText('used; no quota known', { timeout: 60000 });
    await expect(shared.locator('[data-kind="folder"] li')).not.toHaveCount(0);
    await expect(shared.locator('[data-kind="file"] li')).toHaveCount(10);
    await home.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '../docs/screenshots/meter-home.png' });

    // When the home's largest folder is clicked
    const folder = home.locator('[data-kind="folder"] li button').first();
    const path = (await folder.textContent())!;
    await folder.click();
    // Then the file browser shows that folder
    const crumbs = page.locator('.jp-FileBrowser .jp-BreadCrumbs');
    await expect(crumbs).toContainText(path.split('/').pop()!);
    await expect(page.locator('.jp-FileBrowser')).toBeVisible();
  });
});

test.describe("the idle culler's clock", () => {
  test('a warning ten minutes before the culler; "Keep my server" starts the clock again', async ({
    page
  }) => {
    // Given a hub whose culler stops servers idle for 10 min: the test server
    // sets no cull_idle_timeout (a warning would show in every test), so this
    // one field of the server's real metrics replies is set here; the warning,
    // ten minutes before, is then due at once
    await page.route(
      url => url.pathname.endsWith('/hackweek/api/metrics'),
      async route => {
        const response = await route.fetch();
        const body = await response.json();
        body.activity.cull_timeout = 600;
        await route.fulfill({ response, json: body });
      }
    );
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('hackweek:show-resource-usage');
    });
    // Then the panel shows how long the server has been idle
    const idle = page.locator('.jp-hackweek-MeterPanel-idle');
    await expect(idle).toContainText(
      '(the hub stops servers idle for 10 min)',
      { timeout: 30000 }
    );
    // And a notification warns before the culler would stop it
    const toast = page.locator('.Toastify__toast').filter({
      hasText: 'Your server has been idle for'
    });
    await expect(toast).toBeVisible({ timeout: 60000 });
    await expect(toast).toContainText('the hub stops it in about 10 min');
    const idleBefore = Number(await idle.getAttribute('data-idle-seconds'));

    // When "Keep my server" is clicked
    const clicked = Date.now() / 1000;
    const kept = page.waitForResponse(
      response =>
        new URL(response.url()).pathname.endsWith('/hackweek/api/activity') &&
        response.request().method() === 'POST'
    );
    await toast.getByRole('button', { name: 'Keep my server' }).click();
    // Then the server counts it as activity: its last activity is now
    const reply = await (await kept).json();
    expect((await kept).status()).toBe(200);
    expect(reply.last).toBeGreaterThanOrEqual(clicked - 1);
    // And the meter's clock starts again
    await expect
      .poll(async () => Number(await idle.getAttribute('data-idle-seconds')), {
        timeout: 10000
      })
      .toBeLessThanOrEqual(Math.max(idleBefore, 2));
    await expect(idle).toContainText('less than a minute');
  });
});
