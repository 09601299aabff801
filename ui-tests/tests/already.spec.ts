import { expect, test } from '@jupyterlab/galata';

/**
 * "Already here" against the test site (`jupyterlab_hackweek/tests/site.py`):
 * the shared volume holds a copy of the fake CMR's real ATL06 v005 granule, at
 * the size CMR lists, in `ICESat-2/ATL06/005/`
 * (`fixture_shared.add_granule_copies`); the volume is served as the roots
 * "shared" and "shared-readwrite".
 */
const REAL_GRANULE = 'ATL06_20190221121851_08410203_005_01.h5';
const PANEL_ID = 'jp-hackweek-nsidc';
const P = '.jp-hackweek-NsidcPanel';

test.describe('Granules already on the shared volume', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('are marked in the results and open in place in a kernel', async ({
    page
  }) => {
    // Given a notebook and a search whose result is on the shared volume
    await page.notebook.createNew('already-here.ipynb');
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(P);
    await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });
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
    await panel.locator(`${P}-search`).click();

    // Then its row says, in words, that it is on the shared volume
    const row = panel.locator(`${P}-row[data-name="${REAL_GRANULE}"]`);
    await expect(row).toBeVisible({ timeout: 30000 });
    const here = row.locator(`${P}-here`);
    await expect(here).toHaveText('on the shared volume', { timeout: 30000 });
    await expect(here).toHaveAttribute(
      'title',
      new RegExp(`shared-volume/ICESat-2/ATL06/005/${REAL_GRANULE}`)
    );

    // When "Open in place" is pressed
    await row.getByRole('button', { name: 'Open in place' }).click();

    // Then a cell opens the shared copy, each beam group with xarray
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    const code = await page.notebook.getCellTextInput(1);
    expect(code).toContain(`shared-volume/ICESat-2/ATL06/005/${REAL_GRANULE}'`);
    expect(code).toContain('xr.open_dataset(');
    // And it runs in the kernel: 16 groups, the first one's heights
    await page.notebook.runCell(1, true);
    const output = page
      .locator('.jp-Notebook .jp-Cell')
      .nth(1)
      .locator('.jp-OutputArea-output');
    await expect(output.first()).toContainText(
      '16 groups: gt1l/land_ice_segments',
      { timeout: 60000 }
    );
    await expect(output.last()).toContainText('h_li');

    // And in the dark theme the mark is still shown, with a border and text
    await page.theme.setDarkTheme();
    await page.sidebar.openTab(PANEL_ID);
    await expect(here).toBeVisible();
    const colours = await here.evaluate(node => {
      const style = getComputedStyle(node);
      const panelStyle = getComputedStyle(
        node.closest('.jp-hackweek-NsidcPanel-row') as Element
      );
      return {
        text: style.color,
        background: panelStyle.backgroundColor,
        border: style.borderTopStyle
      };
    });
    expect(colours.text).not.toBe(colours.background);
    expect(colours.border).toBe('solid');
    await row.hover();
    await page.screenshot({
      path: '../docs/screenshots/nsidc-already-here.png'
    });
    await page.theme.setLightTheme();
  });
});
