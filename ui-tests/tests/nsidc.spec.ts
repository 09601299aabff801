import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator, Request } from '@playwright/test';

import { witness } from './witness';

/**
 * The NSIDC data search against the test site's fake CMR
 * (`jupyterlab_hackweek/tests/fake_cmr.py`): the real recorded ATL06 v005
 * granule (and its derived cloud twin), and 10,000 ATL06 v006 granules
 * generated from it, sorted by start time.
 */
const REAL_GRANULE = 'ATL06_20190221121851_08410203_005_01.h5';
const LAST_V006 = 'ATL06_20210114004206_02911004_006_01.h5';
const PANEL_ID = 'jp-hackweek-nsidc';
const P = '.jp-hackweek-NsidcPanel';

const row = (name: string) => `${P}-row[data-name="${name}"]`;

/**
 * Open the panel and wait until the product's versions are listed.
 */
async function openPanel(page: IJupyterLabPageFixture): Promise<Locator> {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(P);
  await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });
  return panel;
}

/**
 * Fill the form: product and version, dates and box (empty strings clear).
 */
async function fillForm(
  panel: Locator,
  form: {
    product: string;
    version: string;
    start?: string;
    end?: string;
    box?: [string, string, string, string];
  }
): Promise<void> {
  await panel.locator(`${P}-product`).fill(form.product);
  const version = panel.locator(`${P}-version`);
  await expect(version.locator(`option[value="${form.version}"]`)).toHaveCount(
    1,
    { timeout: 20000 }
  );
  await version.selectOption(form.version);
  await panel.locator(`${P}-start`).fill(form.start ?? '');
  await panel.locator(`${P}-end`).fill(form.end ?? '');
  const box = form.box ?? ['', '', '', ''];
  for (const [i, side] of ['west', 'south', 'east', 'north'].entries()) {
    await panel.locator(`${P}-${side}`).fill(box[i]);
  }
}

test.describe('NSIDC data search', () => {
  test('finds the real ATL06 v005 granule and inserts earthaccess code', async ({
    page
  }) => {
    // Given a new notebook and the panel, which the sidebar tab names "NSIDC Data"
    await page.notebook.createNew('nsidc-search.ipynb');
    await expect(
      page.locator(`li.lm-TabBar-tab[data-id="${PANEL_ID}"]`)
    ).toHaveAttribute('title', 'NSIDC Data');
    const panel = await openPanel(page);
    // The type-ahead offers ATL06 with its title
    await panel.locator(`${P}-product`).fill('ATL0');
    await expect(panel.locator('datalist option[value="ATL06"]')).toHaveText(
      'ATL06 — ATLAS/ICESat-2 L3A Land Ice Height',
      {
        timeout: 20000
      }
    );

    // When ATL06 v005 is searched over Greenland's west coast on 2019-02-21
    await fillForm(panel, {
      product: 'ATL06',
      version: '005',
      start: '2019-02-20',
      end: '2019-02-22',
      box: ['-60', '55', '-40', '80']
    });
    await panel.locator(`${P}-search`).click();

    // Then the real granule is listed with its size, track, cycle and region
    const granule = panel.locator(row(REAL_GRANULE));
    await expect(granule).toBeVisible({ timeout: 30000 });
    await expect(granule).toContainText('62.1 MB');
    await expect(granule).toContainText('2019-02-21 12:19:05');
    await expect(granule).toContainText('RGT 0841 · cycle 02 · region 03');
    await expect(panel.locator(`${P}-row`)).toHaveCount(1);
    await expect(panel.locator(`${P}-hits`)).toContainText('62.1 MB');

    // When Insert code is clicked
    await panel.locator(`${P}-insert`).click();

    // Then a cell below holds earthaccess code with the same search
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    const code = await page.notebook.getCellTextInput(1);
    expect(code).toContain('earthaccess.search_data(');
    expect(code).toContain("short_name='ATL06'");
    expect(code).toContain("version='005'");
    expect(code).toContain('bounding_box=(-60, 55, -40, 80)');
    expect(code).toContain(
      "temporal=('2019-02-20T00:00:00Z', '2019-02-22T23:59:59Z')"
    );
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.sidebar.openTab(PANEL_ID);
    await page.sidebar.setWidth(440);
    await panel.locator(row(REAL_GRANULE)).hover();
    await page.screenshot({ path: '../docs/screenshots/nsidc-search.png' });
  });

  test('the inserted earthaccess cell, run in a kernel, prints the panel count', async ({
    page
  }) => {
    // Given a new notebook (its kernel reaches cmr.earthdata.nasa.gov on the
    // site's fake CMR through a proxy: jupyterlab_hackweek/tests/nsidc_hosts.py)
    await page.notebook.createNew('nsidc-run.ipynb');
    const panel = await openPanel(page);
    // When ATL06 v005 is searched with no provider chosen (both are searched)
    await fillForm(panel, {
      product: 'ATL06',
      version: '005',
      start: '2019-02-20',
      end: '2019-02-22',
      box: ['-60', '55', '-40', '80']
    });
    await expect(panel.locator(`${P}-provider-both`)).toBeChecked();
    await panel.locator(`${P}-search`).click();
    await expect(panel.locator(row(REAL_GRANULE))).toBeVisible({
      timeout: 30000
    });
    // Then CMR counts the file twice (a copy at each provider), the panel once
    const hits = panel.locator(`${P}-hits`);
    await expect(hits).toHaveAttribute('data-hits', '2');
    const summary = (await hits.textContent()) ?? '';
    const panelCount = Number(/^([\d,]+) files?/.exec(summary)?.[1]);
    expect(panelCount).toBe(await panel.locator(`${P}-row`).count());

    // When the earthaccess cell is inserted and run in the notebook's kernel
    await panel.locator(`${P}-codeStyle`).selectOption('earthaccess');
    await panel.locator(`${P}-insert`).click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    expect(await page.notebook.getCellTextInput(1)).toContain(
      "provider=['NSIDC_ECS', 'NSIDC_CPRD'],"
    );
    await page.notebook.runCell(1);

    // Then it prints the panel's count
    await expect
      .poll(async () => (await page.notebook.getCellTextOutput(1))?.join(''), {
        timeout: 60000
      })
      .toContain(`${panelCount} granules`);
  });

  test('the code style is chosen in the panel, remembered, and icepyx says what it cannot reproduce', async ({
    page
  }) => {
    // Given a search by file-name pattern, which icepyx cannot reproduce
    await page.notebook.createNew('nsidc-style.ipynb');
    const panel = await openPanel(page);
    await fillForm(panel, { product: 'ATL06', version: '005' });
    await panel.locator(`${P}-filters > summary`).click();
    await panel.locator(`${P}-namePattern`).fill('ATL06_2019022*');
    await panel.locator(`${P}-search`).click();
    await expect(panel.locator(row(REAL_GRANULE))).toBeVisible({
      timeout: 30000
    });
    const style = panel.locator(`${P}-codeStyle`);
    await expect(style).toHaveValue('earthaccess');
    await expect(panel.locator(`${P}-codeWarning`)).toHaveCount(0);

    // When icepyx is chosen with the keyboard
    await style.focus();
    await page.keyboard.press('ArrowDown');
    await expect(style).toHaveValue('icepyx');

    // Then the panel warns what icepyx cannot reproduce
    const warning = panel.locator(`${P}-codeWarning`);
    await expect(warning).toContainText('it has no file-name filter');
    // And the inserted cell is icepyx code that says the same
    await panel.locator(`${P}-insert`).click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    const code = await page.notebook.getCellTextInput(1);
    expect(code).toContain('query = ipx.Query(');
    expect(code).toContain(
      '# - icepyx has no file-name filter: this query ignores the pattern'
    );
    expect(code).toContain("#         granule_name='ATL06_2019022*',");

    // And the choice is saved in the settings (which Galata keeps for the page)
    const saved = () =>
      page.evaluate(async () => {
        const reply = await fetch(
          '/lab/api/settings/jupyterlab-hackweek:nsidc'
        );
        return ((await reply.json()).settings ?? {}).codeStyle;
      });
    await expect.poll(saved).toBe('icepyx');
    // (back to the default for the other tests)
    await style.selectOption('earthaccess');
    await expect(panel.locator(`${P}-codeWarning`)).toHaveCount(0);
    await expect.poll(saved).toBe('earthaccess');
  });

  test('a polygon clicked round the North Pole finds the granule', async ({
    page
  }) => {
    // Given a new notebook, the panel, ATL06 v005 on 2019-02-21, the Arctic view
    await page.notebook.createNew('nsidc-polygon.ipynb');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const panel = await openPanel(page);
    await page.sidebar.setWidth(440);
    await fillForm(panel, {
      product: 'ATL06',
      version: '005',
      start: '2019-02-20',
      end: '2019-02-22'
    });
    await panel.locator(`${P}-choice-arctic`).click();
    await panel.locator(`${P}-choice-polygon`).click();
    await expect(panel.locator(`${P}-polygon`)).toHaveValue('');

    // When five points are clicked round the pole at about 50°N (the map is
    // 300 x 300 units, the pole in the middle), the last is undone with
    // Backspace and Enter closes the polygon
    const map = panel.locator('.jp-hackweek-SearchMap svg');
    const frame = await map.boundingBox();
    const at = (x: number, y: number): [number, number] => [
      frame!.x + (x / 300) * frame!.width,
      frame!.y + (y / 300) * frame!.height
    ];
    for (const [x, y] of [
      [245, 150],
      [150, 55],
      [55, 150],
      [150, 245],
      [200, 200]
    ]) {
      await page.mouse.click(...at(x, y));
    }
    await expect(panel.locator('.jp-hackweek-SearchMap-vertex')).toHaveCount(5);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');

    // Then the polygon is drawn and its four points fill the polygon field
    await expect(panel.locator('.jp-hackweek-SearchMap-polygon')).toHaveCount(
      1
    );
    await expect(panel.locator('.jp-hackweek-SearchMap-vertex')).toHaveCount(0);
    const text = await panel.locator(`${P}-polygon`).inputValue();
    const values = text.split(/[ ,]+/).map(Number);
    expect(values).toHaveLength(8);
    for (let i = 1; i < 8; i += 2) {
      expect(values[i]).toBeGreaterThan(45);
      expect(values[i]).toBeLessThan(55);
    }

    // When searched, Then the granule under the polygon's cap is found
    const sent: string[] = [];
    page.on('request', request => {
      if (request.url().includes('/hackweek/api/cmr/granules')) {
        sent.push(request.url());
      }
    });
    const answered = page.waitForResponse(response =>
      response.url().includes('/hackweek/api/cmr/granules')
    );
    await panel.locator(`${P}-search`).click();
    await expect(panel.locator(row(REAL_GRANULE))).toBeVisible({
      timeout: 30000
    });
    // (the four points go as clicked: the server closes and winds the ring)
    expect(new URL(sent[0]).searchParams.get('polygon')).toMatch(
      /^(-?[\d.]+,){7}-?[\d.]+$/
    );
    const searched = (await (await answered).json()).polygon as [
      number,
      number
    ][];
    expect(searched).toHaveLength(5);
    expect(searched[4]).toEqual(searched[0]);
    await page.screenshot({ path: '../docs/screenshots/nsidc-polygon.png' });

    // And the inserted code searches the ring the server searched (earthaccess:
    // the style an earlier test chose is remembered in the settings)
    await panel.locator(`${P}-codeStyle`).selectOption('earthaccess');
    await panel.locator(`${P}-insert`).click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    expect(await page.notebook.getCellTextInput(1)).toContain(
      `polygon=[${searched.map(([lon, lat]) => `(${lon}, ${lat})`).join(', ')}]`
    );
  });

  test('pages through a 10,000-granule search within 60 MB of heap', async ({
    page
  }) => {
    const panel = await openPanel(page);
    await fillForm(panel, { product: 'ATL06', version: '006' });
    await panel.locator(`${P}-provider-ecs`).check();
    const cdp = await page.context().newCDPSession(page.page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } })
            .memory.usedJSHeapSize
      );
    };
    const before = await heap();

    // When searched over the whole world and all time
    await panel.locator(`${P}-search`).click();

    // Then all 10,000 are counted and loaded (five pages of 2,000)
    const hits = panel.locator(`${P}-hits`);
    await expect(hits).toHaveAttribute('data-hits', '10000', {
      timeout: 60000
    });
    await expect(hits).toContainText('10,000 files', { timeout: 60000 });
    // (the search ends with CMR's empty page after the last one)
    await expect(panel.locator(`${P}-progress`)).toHaveCount(0, {
      timeout: 30000
    });
    // Only the rows in view exist
    expect(await panel.locator(`${P}-row`).count()).toBeLessThan(40);

    // When the list is scrolled to the bottom, Then the last granule is there
    await panel.locator(`${P}-list`).evaluate(el => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(panel.locator(row(LAST_V006))).toBeVisible();

    // And select all covers every granule
    await panel.locator(`${P}-selectAll input`).check();
    await expect(panel.locator(`${P}-scope`)).toHaveText('10,000 selected');

    const after = await heap();
    const grownMB = (after - before) / 1024 / 1024;
    console.log(`JS heap grew by ${grownMB.toFixed(1)} MB`);
    expect(grownMB).toBeLessThan(60);
    await page.screenshot({ path: '../docs/screenshots/nsidc-10000.png' });
  });

  test('bad input shows a message and sends nothing; the form survives a reload', async ({
    page
  }) => {
    // Given the panel opened with its keyboard shortcut
    await page.keyboard.press('Alt+Shift+N');
    const panel = page.locator(P);
    await expect(panel.locator(`${P}-product`)).toBeFocused({
      timeout: 20000
    });
    // (the workspace save that holds the whole form, end date included)
    const saved = page.waitForResponse(
      response =>
        response.request().method() === 'PUT' &&
        response.url().includes('/api/workspaces') &&
        (response.request().postData() ?? '').includes('2019-02-01')
    );
    await fillForm(panel, {
      product: 'ATL06',
      version: '005',
      start: '2019-03-01',
      end: '2019-02-01'
    });
    const sent: Request[] = [];
    page.on('request', request => {
      if (request.url().includes('/hackweek/api/cmr/granules')) {
        sent.push(request);
      }
    });

    // When the end is before the start, Then the message is under the field
    // at once and Search is disabled
    await expect(panel.locator(`${P}-fieldError`)).toHaveText(
      'The end is before the start.'
    );
    await expect(panel.locator(`${P}-end`)).toHaveAttribute(
      'aria-invalid',
      'true'
    );
    await expect(panel.locator(`${P}-search`)).toBeDisabled();
    // When Enter is pressed in a field, Then no request leaves
    await panel.locator(`${P}-end`).press('Enter');
    // (a search Enter started would have sent its request by then)
    await witness(page);
    expect(sent).toHaveLength(0);

    // When the page is reloaded once the form is saved, Then the form comes back
    await saved;
    await page.reload();
    const again = await openPanel(page);
    await expect(again.locator(`${P}-start`)).toHaveValue('2019-03-01');
    await expect(again.locator(`${P}-end`)).toHaveValue('2019-02-01');
    await expect(again.locator(`${P}-version`)).toHaveValue('005');
  });

  test('a CMR error shows the server message and Retry recovers', async ({
    page
  }) => {
    const message =
      'NASA CMR did not answer within 30 seconds. Try again, or narrow the search.';
    await page.route('**/hackweek/api/cmr/granules*', route =>
      route.fulfill({
        status: 504,
        contentType: 'application/json',
        body: JSON.stringify({ message, reason: 'Gateway Timeout' })
      })
    );
    const panel = await openPanel(page);
    await fillForm(panel, {
      product: 'ATL06',
      version: '005',
      start: '2019-02-20',
      end: '2019-02-22',
      box: ['-60', '55', '-40', '80']
    });

    // When the search fails
    await panel.locator(`${P}-search`).click();

    // Then the server's message and a Retry button are shown
    await expect(panel.locator(`${P}-error`)).toHaveText(message, {
      timeout: 20000
    });
    await expect(panel.locator(`${P}-retry`)).toBeVisible();
    await page.screenshot({ path: '../docs/screenshots/nsidc-error.png' });

    // When CMR answers again and Retry is clicked, Then the granule arrives
    await page.unroute('**/hackweek/api/cmr/granules*');
    await panel.locator(`${P}-retry`).click();
    await expect(panel.locator(row(REAL_GRANULE))).toBeVisible({
      timeout: 30000
    });
    await expect(panel.locator(`${P}-error`)).toHaveCount(0);
  });
});
