import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { witness } from './witness';

/**
 * The data viewer (issue #16) against the test site: the real ATL06 sample of
 * the shared root "shared" (`<server root>/shared-volume/`), from the Shared
 * Data panel and, through the server root, from the file browser's "Open With".
 */
const ATL06 = 'ATL06_20181013235645_02340114_209_01.h5';
const PANEL_ID = 'jp-hackweek-shared';
const row = (name: string) =>
  `.jp-hackweek-SharedBrowser-row[data-name="${name}"]`;

interface IProfile {
  values: number;
  masked: number;
  y: { path: string; min: number; max: number; attrs: Record<string, string> };
  min: (number | null)[];
  max: (number | null)[];
}

function profileOf(page: IJupyterLabPageFixture, beam: string) {
  return page.waitForResponse(
    response =>
      response.url().includes('/hackweek/api/h5/profile?') &&
      decodeURIComponent(response.url()).includes(
        `/${beam}/land_ice_segments/h_li`
      )
  );
}

test.describe('Data viewer', () => {
  test.use({ viewport: { width: 1280, height: 860 } });

  test('opens the shared ATL06 sample with the h_li profile of gt1l, fills masked', async ({
    page
  }) => {
    // Given the sample selected in the Shared Data panel
    await page.sidebar.openTab(PANEL_ID);
    await expect(page.locator(row(ATL06))).toBeVisible({ timeout: 20000 });
    await page.locator(row(ATL06)).click();
    const view = page
      .locator('.jp-hackweek-SharedDetails-actions')
      .getByRole('button', { name: 'View', exact: true });
    await expect(view).toBeVisible();

    // When "View" is pressed
    const replied = profileOf(page, 'gt1l');
    await view.click();

    // Then the profile the page received holds real heights only: the fill
    // value (3.4028235e38) is masked, its maximum is a height in metres
    const response = await replied;
    expect(response.status()).toBe(200);
    const profile = (await response.json()) as IProfile;
    expect(profile.masked).toBeGreaterThan(0);
    expect(profile.y.max).toBeLessThan(10000);
    expect(profile.y.min).toBeGreaterThan(-1000);
    const maxima = profile.max.filter((v): v is number => v !== null);
    expect(Math.max(...maxima)).toBe(profile.y.max);

    // And the quick look draws it with h5web (a canvas), says the same figures
    const look = page.locator('.jp-hackweek-QuickLook');
    await expect(look).toHaveAttribute('data-beam', 'gt1l', { timeout: 30000 });
    await expect(look).toHaveAttribute('data-y-max', String(profile.y.max));
    await expect(look).toHaveAttribute('data-masked', String(profile.masked));
    await expect(
      look.locator('.jp-hackweek-QuickLook-plot canvas')
    ).toBeVisible();
    await expect(look.locator('.jp-hackweek-QuickLook-plot')).toContainText(
      'h_li (meters)'
    );
    // And its attributes say the units: meters
    const units = look.locator('.jp-hackweek-QuickLook-attrs tr', {
      hasText: 'units'
    });
    await expect(units.locator('td')).toHaveText('meters');
    await page.screenshot({ path: '../docs/screenshots/viewer-atl06.png' });

    // When another beam is chosen (keyboard), its profile is drawn
    const next = profileOf(page, 'gt1r');
    await look.getByRole('radio', { name: 'gt1l' }).focus();
    await page.keyboard.press('ArrowRight');
    expect((await next).status()).toBe(200);
    await expect(look).toHaveAttribute('data-beam', 'gt1r');

    // And "Explore" shows h5web's explorer of the same file over our routes
    await page.getByRole('tab', { name: 'Explore' }).click();
    const explorer = page.locator('.jp-hackweek-Viewer-h5web');
    await expect(explorer).toContainText('gt1l', { timeout: 30000 });
    await expect(explorer).toContainText('ancillary_data');

    // And in the dark theme the quick look's text (figures, axes, attributes)
    // passes axe's color-contrast rule
    await page.getByRole('tab', { name: 'ATL06 quick look' }).click();
    await expect(look).toHaveAttribute('data-beam', 'gt1r');
    await page.theme.setDarkTheme();
    // (JupyterLab's body is 0 px high: axe would take the page for hidden)
    await page.evaluate(() => (document.body.style.minHeight = '100vh'));
    const axe = await new AxeBuilder({ page })
      .include('.jp-hackweek-QuickLook')
      .withRules(['color-contrast'])
      .analyze();
    expect(axe.passes.flatMap(r => r.nodes).length).toBeGreaterThan(5);
    expect(
      axe.violations.flatMap(r => r.nodes.map(n => n.target.join(' ')))
    ).toEqual([]);
    await page.screenshot({
      path: '../docs/screenshots/viewer-atl06-dark.png'
    });
    await page.theme.setLightTheme();
  });

  test('opens a file of the home from "Open With" without downloading it', async ({
    page
  }) => {
    const path = `shared-volume/${ATL06}`;
    const contentFetches: string[] = [];
    page.on('request', request => {
      const url = request.url();
      if (url.includes('/api/contents/') && url.includes('content=1')) {
        contentFetches.push(url);
      }
    });
    const replied = profileOf(page, 'gt1l');
    await page.evaluate(
      async path =>
        await window.jupyterapp.commands.execute('docmanager:open', {
          path,
          factory: 'Hackweek Data Viewer'
        }),
      path
    );
    const response = await replied;
    expect(response.url()).toContain(
      `file=${encodeURIComponent(`home/${path}`)}`
    );
    const look = page.locator('.jp-hackweek-QuickLook');
    await expect(look).toHaveAttribute('data-beam', 'gt1l', { timeout: 30000 });
    expect(Number(await look.getAttribute('data-y-max'))).toBeLessThan(10000);
    await witness(page);
    expect(contentFetches.filter(url => url.includes(ATL06))).toEqual([]);
  });
});
