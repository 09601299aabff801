import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

/**
 * Finding the suite (#15 item 4): the launcher's "Hackweek" section, the
 * palette's words, and a search form that says at once what is wrong with
 * its dates and greys results that no longer answer it.
 */
const P = '.jp-hackweek-NsidcPanel';
const REAL_GRANULE = 'ATL06_20190221121851_08410203_005_01.h5';

/**
 * The palette's item for `command`, after typing `words` into it.
 */
async function paletteItem(
  page: IJupyterLabPageFixture,
  words: string,
  command: string
): Promise<Locator> {
  await page.keyboard.press('Control+Shift+C');
  const input = page.locator('#modal-command-palette .lm-CommandPalette-input');
  await expect(input).toBeFocused();
  await input.fill(words);
  return page.locator(
    `#modal-command-palette .lm-CommandPalette-item[data-command="${command}"]`
  );
}

test.describe('findable', () => {
  test('the launcher has a Hackweek section whose cards open the panels', async ({
    page
  }) => {
    // Given a launcher
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('launcher:create');
    });
    // (the one shown: Galata's page may hold another launcher)
    const section = page.locator('.jp-Launcher-section:visible').filter({
      has: page.locator('.jp-Launcher-sectionTitle', { hasText: 'Hackweek' })
    });
    await expect(section).toBeVisible({ timeout: 20000 });

    // Then its Hackweek section has the four panels, each with its icon
    const cards = section.locator('.jp-LauncherCard');
    await expect(cards.locator('.jp-LauncherCard-label')).toHaveText([
      'Search NSIDC data',
      'Shared data',
      'Downloads',
      'Resource usage'
    ]);
    await expect(cards.locator('.jp-LauncherCard-icon svg')).toHaveCount(4);
    await section.screenshot({ path: '../docs/screenshots/launcher.png' });

    // When "Shared data" is clicked, Then the shared-data panel is shown
    await cards.filter({ hasText: 'Shared data' }).click();
    await expect(page.locator('#jp-hackweek-shared')).toBeVisible();
    // When "Search NSIDC data" is clicked, Then the search opens, its product field focused
    await cards.filter({ hasText: 'Search NSIDC data' }).click();
    await expect(page.locator(`${P}-product:focus`)).toHaveCount(1, {
      timeout: 20000
    });
    // When "Resource usage" is clicked (in a launcher again: the search opened in the
    // main area), Then the meter panel is shown
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('launcher:create');
    });
    await cards.filter({ hasText: 'Resource usage' }).click();
    await expect(
      page.locator('.jp-hackweek-MeterPanel .jp-hackweek-MeterPanel-summary')
    ).toBeVisible({ timeout: 20000 });
  });

  test('the palette finds the meter by "memory" and the search by "granule"', async ({
    page
  }) => {
    // When "memory" is typed in the command palette, Then the meter is listed
    const meter = await paletteItem(
      page,
      'memory',
      'hackweek:show-resource-usage'
    );
    await expect(meter).toContainText(
      'Show Resource Usage (memory, RAM, CPU meter)'
    );
    await page.keyboard.press('Escape');
    // When "granule" is typed, Then the data search is listed; chosen, it opens
    const search = await paletteItem(
      page,
      'granule',
      'hackweek:open-nsidc-search'
    );
    await expect(search).toContainText('Search NSIDC Data (ICESat-2 granules)');
    await search.click();
    await expect(page.locator(`${P}-product:focus`)).toHaveCount(1, {
      timeout: 20000
    });
  });

  test('dates are checked as typed; results of an earlier search are greyed until Search', async ({
    page
  }) => {
    // Given the results of a search: ATL06 v005 over Greenland's west coast, 2019-02-20 to 22
    await page.sidebar.openTab('jp-hackweek-nsidc');
    const panel = page.locator(P);
    // (words of a title find its product: after ATL07's suggestions, "land
    // ice" offers ATL06, Land Ice Height, and not ATL07, Sea Ice Height)
    const product = panel.locator(`${P}-product`);
    await product.fill('ATL07');
    await expect(panel.locator('datalist option[value="ATL07"]')).toHaveCount(
      1,
      { timeout: 20000 }
    );
    await product.fill('land ice');
    await expect(panel.locator('datalist option[value="ATL07"]')).toHaveCount(
      0,
      { timeout: 20000 }
    );
    await expect(panel.locator('datalist option[value="ATL06"]')).toHaveText(
      'ATL06 — ATLAS/ICESat-2 L3A Land Ice Height'
    );
    await panel.locator(`${P}-product`).fill('ATL06');
    const version = panel.locator(`${P}-version`);
    await expect(version.locator('option[value="005"]')).toHaveCount(1, {
      timeout: 20000
    });
    await version.selectOption('005');
    await panel.locator(`${P}-start`).fill('2019-02-20');
    await panel.locator(`${P}-end`).fill('2019-02-22');
    for (const [side, value] of [
      ['west', '-60'],
      ['south', '55'],
      ['east', '-40'],
      ['north', '80']
    ]) {
      await panel.locator(`${P}-${side}`).fill(value);
    }
    const search = panel.locator(`${P}-search`);
    await search.click();
    const results = panel.locator(`${P}-results`);
    await expect(
      results.locator(`${P}-row[data-name="${REAL_GRANULE}"]`)
    ).toBeVisible({ timeout: 30000 });
    await expect(results).not.toHaveClass(/jp-mod-stale/);
    await expect(results.locator(`${P}-stale`)).toHaveCount(0);

    // When an end before the start is typed (no Search pressed)
    await panel.locator(`${P}-end`).fill('2019-02-10');

    // Then the message is beside the date fields at once, and Search waits for a right date
    await expect(panel.locator(`${P}-fieldError`)).toHaveText(
      'The end is before the start.'
    );
    await expect(panel.locator(`${P}-end`)).toHaveAttribute(
      'aria-invalid',
      'true'
    );
    await expect(search).toBeDisabled();
    await expect(search).toHaveAttribute(
      'title',
      'Correct the dates first: The end is before the start.'
    );
    // And the results, which answer the old dates, are greyed with what to do
    await expect(results).toHaveClass(/jp-mod-stale/);
    await expect(results.locator(`${P}-stale`)).toHaveText(
      'Change the search and press Search'
    );
    const list = results.locator(`${P}-list`);
    expect(await list.evaluate(node => getComputedStyle(node).filter)).toBe(
      'grayscale(1)'
    );
    // ...and stay readable in the dark theme (axe's color-contrast rule)
    await page.theme.setDarkTheme();
    await page.evaluate(() => (document.body.style.minHeight = '100vh'));
    const axe = await new AxeBuilder({ page })
      .include(`${P}-results`)
      .withRules(['color-contrast'])
      .analyze();
    expect(
      axe.violations.flatMap(v => v.nodes.map(n => n.html.slice(0, 80)))
    ).toEqual([]);
    await page.theme.setLightTheme();

    // When the end is corrected, Then the message goes and Search is enabled; the results stay grey
    await panel.locator(`${P}-end`).fill('2019-02-23');
    await expect(panel.locator(`${P}-fieldError`)).toHaveCount(0);
    await expect(search).toBeEnabled();
    await expect(results).toHaveClass(/jp-mod-stale/);

    // When Search is pressed, Then the new results are not greyed
    await search.click();
    await expect(
      results.locator(`${P}-row[data-name="${REAL_GRANULE}"]`)
    ).toBeVisible({ timeout: 30000 });
    await expect(results).not.toHaveClass(/jp-mod-stale/);
    await expect(results.locator(`${P}-stale`)).toHaveCount(0);
  });
});
