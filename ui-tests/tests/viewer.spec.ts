import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { witness } from './witness';

/**
 * The data viewer (issue #16) against the test site: the real ATL06 sample of
 * the shared root "shared" (`<server root>/shared-volume/`), from the Shared
 * Data panel and, through the server root, from the file browser's "Open With";
 * the synthetic ATL03 beam of 5.3 million photons (`photon-cloud/`, made by
 * `tests/site.py`); "Insert code" into a notebook.
 */
const ATL06 = 'ATL06_20181013235645_02340114_209_01.h5';
const ATL03 = 'ATL03_20181014000347_02350101_006_02_synthetic.h5';
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

/**
 * In the page, from the next `event` (a click, a wheel): the page's times of
 * that event and of the first frame where the photon-cloud quick look's
 * attribute `name` has `value` (any but empty for null; window.drawing),
 * and of the last request
 * to `h5/profile` whose URL matches `asked` (its resource timing).
 */
function watchDrawing([event, name, value]: [
  string,
  string,
  string | null
]): void {
  const page = window as unknown as { drawing: Promise<[number, number]> };
  page.drawing = new Promise(resolve => {
    const start = () => {
      const at = performance.now();
      const check = () => {
        const shown = document
          .querySelector('.jp-hackweek-PhotonLook')
          ?.getAttribute(name);
        return (value === null ? shown : shown === value)
          ? resolve([at, performance.now()])
          : requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    };
    document.addEventListener(event, start, { capture: true, once: true });
  });
}

/**
 * Zooms a quick look's plot in by `steps` wheel notches at `across` of its
 * width, all in one go, as a user's wheel sends them (Playwright's own come
 * one by one, each after the view rested and asked for its zoom).
 */
async function wheelZoom(
  look: Locator,
  steps: number,
  across: number
): Promise<void> {
  const canvas = look.locator('.jp-hackweek-QuickLook-plot canvas');
  const box = (await canvas.boundingBox())!;
  await canvas.evaluate(
    (node, at) => {
      for (let step = 0; step < at.steps; step++) {
        node.dispatchEvent(
          new WheelEvent('wheel', {
            deltaY: -200,
            clientX: at.x,
            clientY: at.y,
            bubbles: true,
            cancelable: true
          })
        );
      }
    },
    { steps, x: box.x + box.width * across, y: box.y + box.height / 2 }
  );
}

async function drawingTimes(
  page: IJupyterLabPageFixture,
  asked: string
): Promise<{ drawn: number; asked: number; answered: number }> {
  return page.evaluate(async pattern => {
    const [at, drawn] = await (
      window as unknown as { drawing: Promise<[number, number]> }
    ).drawing;
    const request = performance
      .getEntriesByType('resource')
      .filter(entry => new RegExp(pattern).test(entry.name))
      .pop() as PerformanceResourceTiming;
    return {
      drawn: drawn - at,
      asked: request.startTime - at,
      answered: request.responseEnd - at
    };
  }, asked);
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
    // And along track in km from the first segment, not metres (3.7e7)
    await expect(look.locator('.jp-hackweek-QuickLook-plot')).toContainText(
      'x_atc from 37,340.337 km (km)'
    );
    // And the sample flew forward (sc_orient 1): right beams strong, labelled
    await expect(look).toHaveAttribute('data-strength', 'weak');
    await expect(look.locator('.jp-hackweek-QuickLook-plot')).toContainText(
      'gt1l (weak beam)'
    );
    const beam = (name: string) =>
      look.locator('.jp-hackweek-QuickLook-beam', { hasText: name });
    await expect(beam('gt1r')).toHaveAttribute('data-strength', 'strong');
    await expect(beam('gt1r')).toContainText('strong');
    await expect(beam('gt1l')).toContainText('weak');
    // And its attributes say the units: meters
    const units = look.locator('.jp-hackweek-QuickLook-attrs tr', {
      hasText: 'units'
    });
    await expect(units.locator('td')).toHaveText('meters');

    // And the six beams' ground tracks are on the search's map, framed in its
    // global view (the sample is at 24°S), gt1l highlighted
    const map = look.locator('.jp-hackweek-QuickLook-track');
    await expect(map).toHaveAttribute(
      'data-beams',
      'gt1l gt1r gt2l gt2r gt3l gt3r',
      { timeout: 20000 }
    );
    await expect(map).toHaveAttribute('data-view', 'global');
    await expect(map.locator('.jp-hackweek-SearchMap-footprint')).toHaveCount(
      6
    );
    await expect(
      map.locator('.jp-hackweek-SearchMap-footprint.jp-mod-highlighted')
    ).toHaveAttribute('data-id', 'gt1l');
    // When the pointer moves along the plot, its point is marked on gt1l's
    // track, which runs north from 25.20°S as x_atc grows
    const canvas = look.locator('.jp-hackweek-QuickLook-plot canvas');
    const plotBox = (await canvas.boundingBox())!;
    const marker = map.locator('.jp-hackweek-SearchMap-marker');
    const markedLat = async (fraction: number) => {
      await page.mouse.move(
        plotBox.x + plotBox.width * fraction,
        plotBox.y + plotBox.height / 2
      );
      await expect(marker).toHaveCount(1);
      return Number(await marker.getAttribute('data-lat'));
    };
    const quarter = await markedLat(0.25);
    const middle = await markedLat(0.5);
    expect(middle).toBeGreaterThan(-24.8);
    expect(middle).toBeLessThan(-23.8);
    expect(middle - quarter).toBeGreaterThan(0.1);
    await page.screenshot({ path: '../docs/screenshots/viewer-atl06.png' });
    // And off the plot, no mark
    await page.mouse.move(1, 1);
    await expect(marker).toHaveCount(0);
    // When the pointer is on gt1l's track 30% along (60 km of its 198.9 km of
    // x_atc, where the real heights are: 26 to 88 km), the plot marks the
    // profile's point nearest there
    const onTrack = await map
      .locator('.jp-hackweek-SearchMap-footprint[data-id="gt1l"]')
      .evaluate((path: SVGPathElement) => {
        const point = path.getPointAtLength(path.getTotalLength() * 0.3);
        const screen = new DOMPoint(point.x, point.y).matrixTransform(
          path.getScreenCTM()!
        );
        return [screen.x, screen.y];
      });
    await page.mouse.move(onTrack[0], onTrack[1]);
    const plot = look.locator('.jp-hackweek-QuickLook-plot');
    await expect(look.locator('.jp-hackweek-QuickLook-mark')).toBeVisible();
    const markedKm = Number(await plot.getAttribute('data-marked'));
    expect(Math.abs(markedKm - 0.3 * 198.93)).toBeLessThan(8);
    // and the beam shown stays highlighted on the map
    await expect(
      map.locator('.jp-hackweek-SearchMap-footprint.jp-mod-highlighted')
    ).toHaveAttribute('data-id', 'gt1l');
    await page.mouse.move(1, 1);
    await expect(look.locator('.jp-hackweek-QuickLook-mark')).toHaveCount(0);

    // When another beam is chosen (keyboard), its profile is drawn
    const next = profileOf(page, 'gt1r');
    await look.getByRole('radio', { name: 'gt1l' }).focus();
    await page.keyboard.press('ArrowRight');
    expect((await next).status()).toBe(200);
    await expect(look).toHaveAttribute('data-beam', 'gt1r');

    // And coloured by atl06_quality_summary, each class's segments are drawn
    // apart, the legend counting the real heights of each as the server did
    const byQuality = profileOf(page, 'gt1r');
    await look
      .getByRole('checkbox', { name: 'Colour by atl06_quality_summary' })
      .check();
    const split = (await (await byQuality).json()) as IProfile & {
      classes: { value: number; count: number[] }[];
    };
    expect(split.classes.length).toBeGreaterThan(0);
    await expect(look).toHaveAttribute(
      'data-classes',
      split.classes.map(entry => entry.value).join(',')
    );
    // and each class is on the plot in its legend's colour (the plot's pixels)
    const legendColors = await look
      .locator('.jp-hackweek-PhotonLook-swatch')
      .evaluateAll(nodes =>
        nodes.map(node => getComputedStyle(node).backgroundColor)
      );
    const shot = await look
      .locator('.jp-hackweek-QuickLook-plot canvas')
      .screenshot();
    const pixels = await page.evaluate(
      async ({ png, colors }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [image.width, image.height];
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, image.width, image.height).data;
        return colors.map(color => {
          const [r, g, b] = color.match(/\d+/g)!.map(Number);
          let near = 0;
          for (let i = 0; i < data.length; i += 4) {
            const d = Math.abs(data[i] - r) + Math.abs(data[i + 1] - g);
            near += d + Math.abs(data[i + 2] - b) < 60 ? 1 : 0;
          }
          return near;
        });
      },
      { png: shot.toString('base64'), colors: legendColors }
    );
    expect(pixels.length).toBe(split.classes.length);
    for (const count of pixels) {
      expect(count).toBeGreaterThan(20);
    }
    for (const entry of split.classes) {
      const segments = entry.count.reduce((a, b) => a + b, 0);
      await expect(
        look.locator(
          `.jp-hackweek-PhotonLook-legend li[data-class="${entry.value}"]`
        )
      ).toContainText(`(${entry.value}): ${segments} segments`);
    }

    // And "Explore" shows h5web's explorer of the same file over our routes
    await page.getByRole('tab', { name: 'Explore' }).click();
    const explorer = page.locator('.jp-hackweek-Viewer-h5web');
    await expect(explorer).toContainText('gt1l', { timeout: 30000 });
    await expect(explorer).toContainText('ancillary_data');

    // And in the dark theme the quick look's text (figures, axes, attributes)
    // passes axe's color-contrast rule
    await page.getByRole('tab', { name: 'ATL06 quick look' }).click();
    await expect(look).toHaveAttribute('data-beam', 'gt1r');
    // (still coloured by quality: the choice survives the visit to Explore)
    await expect(
      look.getByRole('checkbox', { name: 'Colour by atl06_quality_summary' })
    ).toBeChecked();
    await expect(look).toHaveAttribute(
      'data-classes',
      split.classes.map(entry => entry.value).join(',')
    );
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

  test('"Insert code" puts the quick look of gt1l, masked, into the notebook', async ({
    page
  }) => {
    // Given an open notebook and the ATL06 quick look of gt1l drawn
    await page.notebook.createNew('viewer.ipynb');
    const replied = profileOf(page, 'gt1l');
    await page.evaluate(
      async file =>
        await window.jupyterapp.commands.execute(
          'hackweek:open-data-viewer',
          file
        ),
      { root: 'shared', path: ATL06 }
    );
    const profile = (await (await replied).json()) as IProfile;
    const look = page.locator('.jp-hackweek-QuickLook');
    await expect(look).toHaveAttribute('data-beam', 'gt1l', { timeout: 30000 });
    // When "Insert code" is pressed
    const insert = page.getByRole('button', { name: 'Insert code' });
    await expect(insert).toHaveAttribute(
      'data-target',
      '/gt1l/land_ice_segments/h_li'
    );
    await insert.click();
    // Then the notebook has a cell reading h_li and x_atc of that file
    const cells = page.locator('.jp-Notebook .jp-Cell');
    await expect(cells.nth(1)).toContainText(
      "dataset = f['/gt1l/land_ice_segments/h_li']"
    );
    await expect(cells.nth(1)).toContainText(
      "x = f['/gt1l/land_ice_segments/ground_track/x_atc']"
    );
    await expect(cells.nth(1)).toContainText(`shared-volume/${ATL06}'`);
    // And run, it prints the quick look's figures, fills masked
    await page.notebook.runCell(1, true);
    const output = cells.nth(1).locator('.jp-OutputArea-output').first();
    const real = profile.values - profile.masked;
    await expect(output).toContainText(
      `${real} of ${profile.values} values are real`,
      { timeout: 60000 }
    );
    await expect(output).toContainText('first values: [-- -- -- -- --');
  });

  test('draws the photon cloud of 5.3 million ATL03 photons from the Shared Data panel', async ({
    page
  }) => {
    // Given the synthetic ATL03 beam selected in the Shared Data panel
    await page.sidebar.openTab(PANEL_ID);
    await expect(page.locator(row('photon-cloud'))).toBeVisible({
      timeout: 20000
    });
    await page.locator(row('photon-cloud')).dblclick();
    await expect(page.locator(row(ATL03))).toBeVisible({ timeout: 20000 });
    await page.locator(row(ATL03)).click();
    const view = page
      .locator('.jp-hackweek-SharedDetails-actions')
      .getByRole('button', { name: 'View', exact: true });
    await expect(view).toBeVisible();

    // When "View" is pressed
    const replied = page.waitForResponse(
      response =>
        response.url().includes('/hackweek/api/h5/profile?') &&
        response.url().includes('by=')
    );
    await page.evaluate(watchDrawing, ['click', 'data-classes', '0,1,2,3,4']);
    await view.click();

    // Then the route's reply is the reduction, not the photons: ≤ 1 MB for
    // more than 5 million photons, with the land-ice confidence classes
    const response = await replied;
    expect(response.status()).toBe(200);
    const body = await response.body();
    expect(body.length).toBeLessThanOrEqual(1_000_000);
    const profile = JSON.parse(body.toString()) as IProfile & {
      classes: { value: number; count: number[] }[];
      by: { path: string; column: number };
    };
    expect(profile.values).toBeGreaterThanOrEqual(5_000_000);
    expect(profile.by).toEqual({
      path: '/gt1l/heights/signal_conf_ph',
      column: 3
    });
    expect(profile.classes.map(c => c.value)).toEqual([0, 1, 2, 3, 4]);

    // And the quick look draws every class on h5web's canvas
    const look = page.locator('.jp-hackweek-PhotonLook');
    await expect(look).toHaveAttribute('data-classes', '0,1,2,3,4', {
      timeout: 30000
    });
    await expect(
      look.locator('.jp-hackweek-QuickLook-plot canvas')
    ).toBeVisible();
    const first = await drawingTimes(page, 'h5/profile\\?.*by=');
    await expect(look).toHaveAttribute('data-bytes', String(body.length));
    await expect(look.locator('.jp-hackweek-PhotonLook-legend li')).toHaveCount(
      5
    );
    await expect(look.getByRole('combobox')).toHaveValue('3');
    console.log(
      `photon cloud of ${profile.values} photons: reply ${body.length} bytes, ` +
        `asked ${Math.round(first.asked)} ms after the click, in at ` +
        `${Math.round(first.answered)} ms; drawn at ${Math.round(first.drawn)} ms`
    );
    await page.screenshot({
      path: '../docs/screenshots/viewer-photon-cloud.png'
    });

    // When the plot is zoomed in with the wheel to about 1 % of the track;
    // the times are the page's own: the wheel, the request (its resource
    // timing) and the first frame that shows the zoom
    const zoomed = page.waitForResponse(
      response =>
        response.url().includes('/hackweek/api/h5/profile?') &&
        response.url().includes('lo=')
    );
    await page.evaluate(watchDrawing, ['wheel', 'data-zoom', null]);
    await wheelZoom(look, 90, 1 / 2);

    // Then the visible range's finer profile is asked for and drawn in
    const zoom = await zoomed;
    const finer = (await zoom.json()) as IProfile & {
      x: { lo: number; hi: number };
      count: number[];
      classes: unknown[];
    };
    const whole = profile as unknown as { x: { lo: number; hi: number } };
    expect(finer.x.lo).toBeGreaterThan(whole.x.lo);
    expect(finer.x.hi).toBeLessThan(whole.x.hi);
    expect(finer.x.hi - finer.x.lo).toBeLessThan((whole.x.hi - whole.x.lo) / 2);
    expect(finer.classes.length).toBeGreaterThan(0);
    await expect(look).toHaveAttribute(
      'data-zoom',
      `${finer.x.lo},${finer.x.hi}`
    );
    const shownIn = finer.count.reduce((a, b) => a + b, 0);
    await expect(look.locator('.jp-hackweek-QuickLook-zoom')).toContainText(
      `the ${shownIn.toLocaleString('en-US')} values in view`
    );
    const times = await drawingTimes(page, 'h5/profile\\?.*lo=');
    console.log(
      `zoom to ${(
        (100 * (finer.x.hi - finer.x.lo)) /
        (whole.x.hi - whole.x.lo)
      ).toFixed(1)} % of the track: finer view drawn ` +
        `${Math.round(times.drawn)} ms after the wheel, ` +
        `${Math.round(times.drawn - times.asked)} ms after it was asked ` +
        `for (the view rested), its reply in ` +
        `${Math.round(times.answered - times.asked)} ms`
    );

    // And "Reset zoom" goes back to the whole profile's columns
    await look.getByRole('button', { name: 'Reset zoom' }).click();
    await expect(look).toHaveAttribute('data-zoom', '', { timeout: 5000 });
  });

  test('a reload shows the photon cloud again with its surface type and zoom', async ({
    page
  }) => {
    // Given the photon cloud of the synthetic ATL03 beam in the viewer
    await page.sidebar.openTab(PANEL_ID);
    await page.locator(row('photon-cloud')).dblclick();
    await page.locator(row(ATL03)).click();
    await page
      .locator('.jp-hackweek-SharedDetails-actions')
      .getByRole('button', { name: 'View', exact: true })
      .click();
    const look = page.locator('.jp-hackweek-PhotonLook');
    await expect(look).toHaveAttribute('data-classes', '0,1,2,3,4', {
      timeout: 30000
    });

    // When its confidence is shown for land (column 0) and the plot is
    // zoomed in, and the workspace is saved with that view
    await look.getByRole('combobox').selectOption('0');
    await expect(look).toHaveAttribute('data-surface', '0');
    const saved = page.waitForResponse(
      response =>
        response.request().method() === 'PUT' &&
        response.url().includes('/api/workspaces') &&
        /"surface":0,"zoom":\{"x"/.test(response.request().postData() ?? '')
    );
    await wheelZoom(look, 60, 1 / 3);
    await expect(look).not.toHaveAttribute('data-zoom', '');
    const [lo, hi] = (await look.getAttribute('data-zoom'))!
      .split(',')
      .map(Number);
    await saved;

    // Then after a reload the viewer shows the same surface type, zoomed in
    // on the same range, drawn from its finer profile again
    // (the page's own reload: Galata's waits for a Launcher tab, and the
    // restored layout has the viewer's instead)
    await page.evaluate(() => window.location.reload());
    const again = page.locator('.jp-hackweek-PhotonLook');
    await expect(again).toHaveAttribute('data-surface', '0', {
      timeout: 30000
    });
    await expect(again.getByRole('combobox')).toHaveValue('0');
    await expect(again).not.toHaveAttribute('data-zoom', '', {
      timeout: 10000
    });
    const [lo2, hi2] = (await again.getAttribute('data-zoom'))!
      .split(',')
      .map(Number);
    const width = hi - lo;
    expect(Math.abs(lo2 - lo)).toBeLessThan(width * 0.02);
    expect(Math.abs(hi2 - hi)).toBeLessThan(width * 0.02);
    console.log(
      `zoom kept over a reload: ${lo.toFixed(3)}–${hi.toFixed(3)} s, ` +
        `then ${lo2.toFixed(3)}–${hi2.toFixed(3)} s`
    );
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
    await page.evaluate(async path => {
      // (the widget it resolves with is not sent back: it does not serialise)
      await window.jupyterapp.commands.execute('docmanager:open', {
        path,
        factory: 'Hackweek Data Viewer'
      });
    }, path);
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
