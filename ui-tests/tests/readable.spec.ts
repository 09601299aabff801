import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { Locator, Route } from '@playwright/test';

/**
 * Every panel of the suite is readable in the light, dark and high-contrast
 * themes, in the narrowest sidebar (250 px, JupyterLab's default) and a wide
 * one (420 px): axe's `color-contrast` rule (WCAG AA, 4.5:1 for text) finds
 * nothing in the panel's DOM, with a row selected, another hovered and a
 * control focused; and at 250 px no button cuts its label. The dark-theme
 * screenshots land in docs/screenshots/readable-*.png.
 */
const THEMES = [
  ['dark', 'JupyterLab Dark'],
  ['light', 'JupyterLab Light'],
  ['high-contrast', 'JupyterLab Dark High Contrast']
] as const;
const WIDTHS = [250, 420];
const P = '.jp-hackweek-NsidcPanel';
const S = '.jp-hackweek-SharedBrowser';
const D = '.jp-hackweek-Downloads';
// The fake Earthdata Login's account (`fake_earthdata.FakeEarthdata`)
const USERNAME = 'hackweek';
const PASSWORD = 'p@ss w"rd#1';

test.use({ viewport: { width: 1400, height: 900 } });

/** Why axe may leave an element undetermined that is not about colour. */
const GEOMETRY = ['shortTextContent', 'elmPartiallyObscured'];

test.afterEach(async ({ page }) => {
  await page.theme.setLightTheme();
});

/**
 * The axe `color-contrast` violations inside `selector`, as readable lines:
 * the failing element, its colours and ratio.
 */
async function contrastProblems(
  page: IJupyterLabPageFixture,
  selector: string,
  least = 5
): Promise<string[]> {
  // JupyterLab's body is 0 px high (the shell is absolutely positioned) and
  // clips its overflow: axe then takes most of the page for hidden and checks
  // nothing in it. A body as high as the window changes nothing on screen.
  await page.evaluate(() => (document.body.style.minHeight = '100vh'));
  const result = await new AxeBuilder({ page })
    .include(selector)
    .withRules(['color-contrast'])
    .analyze();
  const lines = (results: typeof result.violations, kind: string) =>
    results.flatMap(r =>
      r.nodes.map(
        node =>
          `${kind} ${node.target.join(' ')} "${node.html.slice(0, 80)}": ${node.failureSummary ?? ''} ${JSON.stringify(node.any.map(c => c.data))}`
      )
    );
  const checked = [result.passes, result.violations, result.incomplete]
    .flat()
    .flatMap(r => r.nodes).length;
  return [
    ...(checked < least ? [`axe checked only ${checked} elements`] : []),
    ...lines(result.violations, 'violation'),
    // Undetermined for want of colour only: axe also leaves one-letter labels
    // (W, S, E, N) and rows half under the panel's edge undetermined
    ...lines(
      result.incomplete.map(r => ({
        ...r,
        nodes: r.nodes.filter(
          node =>
            !node.any.every(c =>
              GEOMETRY.includes(
                (c.data as { messageKey?: string })?.messageKey ?? ''
              )
            )
        )
      })),
      'undetermined'
    )
  ];
}

/**
 * The buttons in `panel` cut off: a label wider than its button, or a button
 * reaching past the panel's right edge (clipped by its row).
 */
async function cutButtons(panel: Locator): Promise<string[]> {
  const right = await panel.evaluate(
    node => node.getBoundingClientRect().right
  );
  return panel
    .locator('button:visible')
    .evaluateAll(
      (buttons, right) =>
        buttons
          .filter(
            b =>
              b.scrollWidth > b.clientWidth ||
              b.getBoundingClientRect().right > right + 1
          )
          .map(
            b =>
              `${b.className} "${b.textContent ?? ''}" ${b.scrollWidth} > ${b.clientWidth} or right ${b.getBoundingClientRect().right} > ${right}`
          ),
      right
    );
}

/**
 * Resize the panel to `width` (the left sidebar, or the main-area split
 * holding it) and return its width as laid out.
 */
async function resize(
  page: IJupyterLabPageFixture,
  panel: Locator,
  width: number,
  inSidebar: boolean
): Promise<number> {
  if (inSidebar) {
    await page.sidebar.setWidth(width);
  } else {
    // The dock panel's handle left of the panel: drag it to leave `width`.
    const box = (await panel.boundingBox())!;
    const handle = page.locator('#jp-main-dock-panel .lm-DockPanel-handle');
    const handles = await handle.evaluateAll(nodes =>
      nodes.map(n => {
        const r = n.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width };
      })
    );
    const left = handles
      .filter(h => h.w > 0 && h.w < 10)
      .sort((a, b) => Math.abs(a.x - box.x) - Math.abs(b.x - box.x))[0];
    await page.mouse.move(left.x, left.y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - width, left.y, { steps: 4 });
    await page.mouse.up();
  }
  return panel.evaluate(node => node.getBoundingClientRect().width);
}

/**
 * In each theme and width: no contrast violation in `panel`, no cut button at
 * 250 px; dark screenshots as `readable-<name>-<width>.png`. `prepare` puts the
 * panel in the state checked (hover, focus) after each theme or width change;
 * `also` names small parts outside the panel checked with it (a status item).
 */
async function expectReadable(
  page: IJupyterLabPageFixture,
  panel: Locator,
  selector: string,
  name: string,
  options: {
    inSidebar: boolean;
    prepare: () => Promise<void>;
    also?: string[];
  }
): Promise<void> {
  const problems: string[] = [];
  for (const [themeName, theme] of THEMES) {
    await page.theme.setTheme(theme);
    for (const width of WIDTHS) {
      const laid = await resize(page, panel, width, options.inSidebar);
      expect(Math.abs(laid - width)).toBeLessThan(12);
      await options.prepare();
      const where = `${themeName} ${width} px`;
      problems.push(
        ...(await contrastProblems(page, selector)).map(p => `${where}: ${p}`)
      );
      for (const part of options.also ?? []) {
        problems.push(
          ...(await contrastProblems(page, part, 1)).map(p => `${where}: ${p}`)
        );
      }
      if (width === 250) {
        problems.push(
          ...(await cutButtons(panel)).map(p => `${where}: cut off ${p}`)
        );
      }
      if (themeName === 'dark') {
        await page.screenshot({
          path: `../docs/screenshots/readable-${name}-${width}.png`
        });
      }
    }
  }
  expect(problems).toEqual([]);
}

/**
 * Search the NSIDC panel for ATL06 of a version and dates; wait for `name`.
 */
async function search(
  panel: Locator,
  version: string,
  start: string,
  end: string,
  name: string
): Promise<Locator> {
  await panel.locator(`${P}-product`).fill('ATL06');
  const select = panel.locator(`${P}-version`);
  await expect(select.locator(`option[value="${version}"]`)).toHaveCount(1, {
    timeout: 20000
  });
  await select.selectOption(version);
  await panel.locator(`${P}-start`).fill(start);
  await panel.locator(`${P}-end`).fill(end);
  for (const side of ['west', 'south', 'east', 'north']) {
    await panel.locator(`${P}-${side}`).fill('');
  }
  await panel.locator(`${P}-search`).click();
  const row = panel.locator(`${P}-row[data-name="${name}"]`);
  await expect(row).toBeVisible({ timeout: 30000 });
  return row;
}

test.describe('readable everywhere', () => {
  test('NSIDC search: results with a ticked row, a hovered row and the “already here” mark', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-hackweek-nsidc');
    const panel = page.locator('#jp-hackweek-nsidc');
    await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });

    // Many v006 granules: the first ticked, the pointer on the second
    await search(
      panel,
      '006',
      '2019-03-30',
      '2019-04-02',
      'ATL06_20190330000000_00010301_006_01.h5'
    );
    const rows = panel.locator(`${P}-row`);
    await rows.nth(0).locator(`${P}-check`).check();
    await expect(rows.nth(0)).toHaveClass(/jp-mod-selected/);
    await expectReadable(page, panel, '#jp-hackweek-nsidc', 'nsidc', {
      inSidebar: true,
      prepare: async () => {
        await rows.nth(1).hover();
        await panel.locator(`${P}-search`).focus();
      }
    });

    // The real v005 granule, on the shared volume, ticked and under the pointer
    const real = await search(
      panel,
      '005',
      '2019-02-20',
      '2019-02-22',
      'ATL06_20190221121851_08410203_005_01.h5'
    );
    await expect(real.locator(`${P}-here`)).toBeVisible({ timeout: 20000 });
    await real.locator(`${P}-check`).check();
    await expect(real).toHaveClass(/jp-mod-selected/);
    await expectReadable(page, panel, '#jp-hackweek-nsidc', 'nsidc-here', {
      inSidebar: true,
      prepare: () => real.hover()
    });
  });

  test('Shared Data: a selected row, a hovered row, the details', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-hackweek-shared');
    const panel = page.locator('#jp-hackweek-shared');
    const row = (name: string) =>
      panel.locator(`${S}-row[data-name="${name}"]`);
    await expect(row('many')).toBeVisible({ timeout: 20000 });
    await row('many').dblclick();
    await expect(row('granule_000001.h5')).toBeVisible({ timeout: 30000 });
    await expectReadable(page, panel, '#jp-hackweek-shared', 'shared', {
      inSidebar: true,
      prepare: async () => {
        await row('granule_000001.h5').click();
        await expect(row('granule_000001.h5')).toHaveClass(/jp-mod-selected/);
        await row('granule_000003.h5').hover();
      }
    });
  });

  test('Downloads: a failed download with its error and Retry', async ({
    page
  }) => {
    const login = await page.request.post('hackweek/api/downloads/login', {
      data: { username: USERNAME, password: PASSWORD }
    });
    expect(login.status()).toBe(200);
    await page.reload();
    await page.sidebar.openTab('jp-hackweek-nsidc');
    const search_ = page.locator('#jp-hackweek-nsidc');
    await expect(search_.locator(`${P}-product`)).toBeVisible({
      timeout: 20000
    });
    // The granule the fake data host answers with its login page: it fails
    const row = await search(
      search_,
      '006',
      '2019-03-30',
      '2019-03-30',
      'ATL06_20190330000000_00010301_006_01.h5'
    );
    await row.locator(`${P}-check`).check();
    await search_.locator(`${P}-download`).click();
    await page.sidebar.openTab('jp-hackweek-downloads');
    const panel = page.locator('#jp-hackweek-downloads');
    // (an earlier test of a full run may have left another failed file)
    await expect(panel.locator(`${D}-file.jp-mod-failed`).first()).toBeVisible({
      timeout: 30000
    });
    await expectReadable(page, panel, '#jp-hackweek-downloads', 'downloads', {
      inSidebar: true,
      prepare: () => panel.locator(`${D}-file`).first().hover()
    });
  });

  test('Resource usage: the panel beside a notebook', async ({ page }) => {
    await page.notebook.createNew('readable.ipynb');
    await page.notebook.setCell(0, 'code', '1 + 1');
    await page.notebook.runCell(0, true);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('hackweek:show-resource-usage')
    );
    const panel = page.locator('.jp-hackweek-MeterPanel');
    await expect(
      panel.locator(
        'tr.jp-hackweek-MeterPanel-kernel[data-path$="readable.ipynb"]'
      )
    ).toBeVisible({ timeout: 20000 });
    await expectReadable(page, panel, '.jp-hackweek-MeterPanel', 'meter', {
      inSidebar: false,
      prepare: () =>
        panel.locator('tr.jp-hackweek-MeterPanel-kernel').first().hover()
    });
  });

  test.describe("the meter's warnings", () => {
    // Its status item shown, though jupyter-resource-usage shows its own
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        '@jupyterlab/statusbar-extension:plugin': { visible: true },
        'jupyterlab-hackweek:meter': { showStatusItem: 'always' }
      }
    });

    test('Resource usage: its warnings (memory near the limit, a home near its quota, an idle cluster)', async ({
      page
    }) => {
      // The server's own replies, with the figures that turn the warnings on:
      // memory at 97 % of a 4 GiB limit (critical: error colour, in the panel and
      // the status item, shown beside jupyter-resource-usage's), the home at
      // 85 % of its 1 GB quota (warning colour) and one cluster idle past the
      // warning, its notebook closed (warning colour)
      const GiB = 1024 ** 3;
      const ends = (path: string) => (url: URL) => url.pathname.endsWith(path);
      const amend = (change: (body: any) => void) => async (route: Route) => {
        const response = await route.fetch();
        const type = response.headers()['content-type'] ?? '';
        if (!response.ok() || !type.includes('json')) {
          return route.fulfill({ response }); // (not the server's JSON: as it came)
        }
        const body = await response.json();
        change(body);
        await route.fulfill({ response, json: body });
      };
      await page.route(
        ends('/hackweek/api/metrics'),
        amend(body => {
          body.memory = {
            used: Math.round(0.97 * 4 * GiB),
            limit: 4 * GiB,
            limit_source: 'cgroup'
          };
        })
      );
      await page.route(
        ends('/hackweek/api/metrics/home'),
        amend(body => {
          const home = body.roots.find((r: any) => r.kind === 'home');
          home.used = Math.round(0.85 * home.quota);
          home.scanned ??= Date.now() / 1000;
        })
      );
      await page.route(
        ends('/hackweek/api/dask/clusters'),
        amend(body => {
          const now = Date.now() / 1000;
          body.clusters = [
            {
              name: 'a1b2c3d4e5f6',
              status: 'running',
              dashboard: null,
              started: now - 3600,
              idle_since: now - 1800,
              client_left: now - 1500,
              clients: 0,
              cores: 2,
              memory_used: 170975232,
              memory_limit: 2 * GiB,
              warnings: ['idle', 'orphaned'],
              workers: [1, 2].map(i => ({
                name: `worker-${i}`,
                cores: 1,
                memory_used: 85487616,
                memory_limit: GiB
              }))
            }
          ];
        })
      );
      await page.notebook.createNew('warnings.ipynb'); // (the panel opens beside it)
      await expect(
        page.locator('.jp-hackweek-MeterStatus-content.jp-mod-critical')
      ).toBeVisible({ timeout: 20000 });
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('hackweek:show-resource-usage')
      );
      const panel = page.locator('.jp-hackweek-MeterPanel');
      const M = '.jp-hackweek-MeterPanel';
      await expect(panel.locator(`${M}-summary.jp-mod-critical`)).toBeVisible({
        timeout: 20000
      });
      await expect(panel.locator(`${M}-homeRoot.jp-mod-warning`)).toBeVisible({
        timeout: 30000
      });
      await expect(panel.locator(`${M}-cluster.jp-mod-warning`)).toBeVisible({
        timeout: 20000
      });
      // (their notifications, shown, would cover the panel's edge: put away)
      await expect(page.locator('.Toastify__toast')).not.toHaveCount(0);
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('apputils:dismiss-notification')
      );
      await expect(page.locator('.Toastify__toast')).toHaveCount(0);
      await expectReadable(page, panel, M, 'meter-warnings', {
        inSidebar: false,
        prepare: () => panel.locator(`${M}-cluster`).first().hover(),
        also: ['.jp-hackweek-MeterStatus']
      });
    });
  });
});
