import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

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
  selector: string
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
    ...(checked < 5 ? [`axe checked only ${checked} elements`] : []),
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
 * panel in the state checked (hover, focus) after each theme or width change.
 */
async function expectReadable(
  page: IJupyterLabPageFixture,
  panel: Locator,
  selector: string,
  name: string,
  options: { inSidebar: boolean; prepare: () => Promise<void> }
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
});
