import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The NSIDC search workspace in the main area (#15 item 1): the large map with
 * its latitude rings, place names and zoom, the form beside it, and the
 * results table whose visible rows' footprints are on the map, hover linked
 * both ways; and the compact sidebar at 250 px with nothing cut off.
 */
test.use({ viewport: { width: 1400, height: 900 } });

const WORKSPACE = '#jp-hackweek-nsidc-workspace';
const P = '.jp-hackweek-NsidcPanel';
const T = '.jp-hackweek-NsidcTable';
const FOOTPRINT = '.jp-hackweek-SearchMap-footprint';

type LonLat = [number, number];

/**
 * Greenland's coast: Natural Earth's 1:110m outline, the test data of the
 * fake CMR's area tests.
 */
function greenland(): LonLat[] {
  const file = path.join(
    __dirname,
    '../../jupyterlab_hackweek/tests/data/areas/greenland.geo.json'
  );
  const data = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return data.features[0].geometry.coordinates[0];
}

/**
 * Whether a point is inside a ring (even-odd rule on lon/lat).
 */
function inside([x, y]: LonLat, ring: LonLat[]): boolean {
  let within = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      within = !within;
    }
  }
  return within;
}

/**
 * Open the workspace with "Search NSIDC data" and wait for its form.
 */
async function openWorkspace(page: IJupyterLabPageFixture): Promise<Locator> {
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('hackweek:open-nsidc-search')
  );
  const workspace = page.locator(WORKSPACE);
  await expect(workspace.locator(`${P}-product`)).toBeVisible({
    timeout: 20000
  });
  return workspace;
}

/**
 * The granule ids of the table's rendered rows, and of the footprints drawn.
 */
async function rowsAndFootprints(
  workspace: Locator
): Promise<{ rows: string[]; footprints: string[] }> {
  const rows = await workspace
    .locator(`${T}-row`)
    .evaluateAll(nodes => nodes.map(n => n.getAttribute('data-id') ?? ''));
  const footprints = await workspace
    .locator(FOOTPRINT)
    .evaluateAll(nodes => [
      ...new Set(nodes.map(n => n.getAttribute('data-id') ?? ''))
    ]);
  return { rows: rows.sort(), footprints: footprints.sort() };
}

test.describe('NSIDC search workspace', () => {
  test('a large map: a box drawn over Greenland lands on Greenland, the results are on the map, hover linked both ways, state kept on reload', async ({
    page
  }) => {
    // When "Search NSIDC data" runs
    const workspace = await openWorkspace(page);
    await workspace.locator(`${P}-choice-arctic`).click();

    // Then the Arctic map is at least 600 px wide, ringed at 60°, 70° and
    // 80°N, with the polar regions named
    const sphere = workspace.locator('.jp-hackweek-SearchMap-sphere');
    const whole = (await sphere.boundingBox())!;
    expect(whole.width).toBeGreaterThanOrEqual(600);
    await expect(
      workspace.locator('.jp-hackweek-SearchMap-ringLabel')
    ).toHaveText(['60°N', '70°N', '80°N']);
    for (const name of [
      'Greenland',
      'Svalbard',
      'Iceland',
      'Ellesmere Island'
    ]) {
      await expect(
        workspace.locator('.jp-hackweek-SearchMap-place', { hasText: name })
      ).toBeVisible();
    }

    // When the map is zoomed in twice by its button (×1.5 each)
    const zoomIn = workspace.locator('.jp-hackweek-NsidcWorkspace-zoom-in');
    await zoomIn.click();
    await zoomIn.click();
    await expect
      .poll(async () => (await sphere.boundingBox())!.width / whole.width)
      .toBeCloseTo(2.25, 1);

    // And a box is dragged round the "Greenland" label
    const label = (await workspace
      .locator('.jp-hackweek-SearchMap-place[data-place="greenland"]')
      .boundingBox())!;
    const [cx, cy] = [label.x + label.width / 2, label.y + label.height / 2];
    await page.mouse.move(cx - 15, cy - 15);
    await page.mouse.down();
    await page.mouse.move(cx + 15, cy + 15, { steps: 5 });
    await page.mouse.up();

    // Then the box's four corners, as the form shows them, are on Greenland
    const edges: number[] = [];
    for (const side of ['west', 'south', 'east', 'north']) {
      const value = await workspace.locator(`${P}-${side}`).inputValue();
      expect(value).not.toBe('');
      edges.push(Number(value));
    }
    const [west, south, east, north] = edges;
    const coast = greenland();
    const corners: LonLat[] = [
      [west, south],
      [east, south],
      [east, north],
      [west, north]
    ];
    for (const corner of corners) {
      expect(inside(corner, coast), `corner ${corner} on Greenland`).toBe(true);
    }
    // (and the check can fail: a corner off the coast is not on Greenland)
    expect(inside([west - 25, south], coast)).toBe(false);

    // When ATL06 v006 is searched in that box
    await workspace.locator(`${P}-product`).fill('ATL06');
    await expect(
      workspace.locator(`${P}-version option[value="006"]`)
    ).toHaveCount(1, { timeout: 20000 });
    await workspace.locator(`${P}-version`).selectOption('006');
    await workspace.locator(`${P}-search`).click();

    // Then the table lists them, and the footprints on the map are those of
    // the rows shown
    const rows = workspace.locator(`${T}-row`);
    await expect(rows.first()).toBeVisible({ timeout: 60000 });
    await expect
      .poll(async () => {
        const { rows, footprints } = await rowsAndFootprints(workspace);
        return rows.length > 0 && rows.join() === footprints.join();
      })
      .toBe(true);
    const shown = await rowsAndFootprints(workspace);

    // When the RGT column is sorted from the keyboard, both ways
    const rgtHeader = workspace.locator(`${T}-head [role=columnheader]`, {
      hasText: 'RGT'
    });
    await rgtHeader.locator('button').focus();
    await page.keyboard.press('Enter');
    await expect(rgtHeader).toHaveAttribute('aria-sort', 'ascending');
    const ascending = (
      await workspace.locator(`${T}-row ${T}-col-rgt`).allTextContents()
    ).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.keyboard.press('Enter');
    await expect(rgtHeader).toHaveAttribute('aria-sort', 'descending');
    const descending = (
      await workspace.locator(`${T}-row ${T}-col-rgt`).allTextContents()
    ).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    // Then the footprints follow the rows now shown
    await expect
      .poll(async () => {
        const { rows, footprints } = await rowsAndFootprints(workspace);
        return rows.length > 0 && rows.join() === footprints.join();
      })
      .toBe(true);

    // When a row is hovered, its footprint is highlighted on the map
    const second = rows.nth(1);
    const id = (await second.getAttribute('data-id'))!;
    await rgtHeader.hover();
    await second.hover();
    await expect(
      workspace.locator(`${FOOTPRINT}.jp-mod-highlighted`).first()
    ).toHaveAttribute('data-id', id);
    await expect(
      workspace.locator(
        `${FOOTPRINT}.jp-mod-highlighted:not([data-id="${id}"])`
      )
    ).toHaveCount(0);

    // When a footprint is hovered on the map (at a point of it in view, not
    // under another footprint or the box), its row is highlighted
    const point = await workspace.locator(FOOTPRINT).evaluateAll(nodes => {
      for (const node of nodes as SVGPathElement[]) {
        const length = node.getTotalLength();
        for (let i = 1; i < 50; i++) {
          const at = node.getPointAtLength((length * i) / 50);
          const screen = new DOMPoint(at.x, at.y).matrixTransform(
            node.getScreenCTM()!
          );
          if (document.elementFromPoint(screen.x, screen.y) === node) {
            return [screen.x, screen.y];
          }
        }
      }
      return null;
    });
    expect(point).not.toBeNull();
    await page.mouse.move(point![0], point![1]);
    const hovered = workspace
      .locator(`${FOOTPRINT}.jp-mod-highlighted`)
      .first();
    await expect(hovered).toHaveCount(1);
    const footprintId = (await hovered.getAttribute('data-id'))!;
    await expect(workspace.locator(`${T}-row.jp-mod-hovered`)).toHaveCount(1);
    await expect(workspace.locator(`${T}-row.jp-mod-hovered`)).toHaveAttribute(
      'data-id',
      footprintId
    );
    // And no cell of the rows shown is cut: times, sizes and provider tags whole
    const cut = await workspace
      .locator(`${T}-row ${T}-cell, ${T}-row .jp-hackweek-NsidcPanel-badge`)
      .evaluateAll(nodes =>
        nodes
          .filter(n => n.scrollWidth > n.clientWidth)
          .map(n => `${n.className} "${n.textContent}"`)
      );
    expect(cut).toEqual([]);
    console.log(`Arctic map: ${whole.width.toFixed(0)} px wide`);
    await page.screenshot({ path: '../docs/screenshots/nsidc-workspace.png' });
    expect(shown.rows.length).toBeGreaterThan(0);

    // When the page is reloaded, the workspace is back with the Arctic view,
    // its zoom (×2.25) and the box
    // (a plain reload: Galata's own waits for a Launcher tab, which the
    // restored layout has not)
    await page.evaluate(() => window.location.reload());
    const restored = page.locator(WORKSPACE);
    await expect(restored.locator(`${P}-west`)).toHaveValue(String(west), {
      timeout: 30000
    });
    await expect(restored.locator(`${P}-north`)).toHaveValue(String(north));
    await expect(restored.locator(`${P}-choice-arctic`)).toHaveAttribute(
      'aria-checked',
      'true'
    );
    await expect(
      restored.locator('.jp-hackweek-SearchMap-place[data-place="greenland"]')
    ).toBeVisible();
    const restoredSphere = restored.locator('.jp-hackweek-SearchMap-sphere');
    await expect
      .poll(
        async () => (await restoredSphere.boundingBox())!.width / whole.width
      )
      .toBeCloseTo(2.25, 1);
  });

  test('the sidebar at 250 px: the compact form with nothing cut off, and Expand opens the workspace', async ({
    page
  }) => {
    // Given the sidebar at its narrowest, 250 px, with long box edges typed
    await page.sidebar.openTab('jp-hackweek-nsidc');
    await page.sidebar.setWidth(250);
    const panel = page.locator('#jp-hackweek-nsidc');
    await expect(panel.locator(`${P}-product`)).toBeVisible({ timeout: 20000 });
    await panel.locator(`${P}-product`).fill('ATL06');
    await expect(panel.locator(`${P}-version option[value="005"]`)).toHaveCount(
      1,
      { timeout: 20000 }
    );
    await panel.locator(`${P}-version`).selectOption('005');
    await panel.locator(`${P}-start`).fill('2019-02-20');
    await panel.locator(`${P}-end`).fill('2019-02-22');
    const box = ['-60.1234', '-55.1234', '-40.1234', '-80.1234'];
    for (const [i, side] of ['west', 'south', 'east', 'north'].entries()) {
      await panel.locator(`${P}-${side}`).fill(box[i]);
    }
    await panel.locator(`${P}-north`).fill('80.1234');
    await panel.locator(`${P}-south`).fill('55.1234');
    await panel.locator(`${P}-search`).click();
    await expect(panel.locator(`${P}-row`).first()).toBeVisible({
      timeout: 30000
    });

    // Then no button, field or result tag is cut off: each shows all it holds
    const right = await panel.evaluate(n => n.getBoundingClientRect().right);
    const cut = await panel
      .locator(
        `button:visible, input:visible:not([type=checkbox]):not([type=radio]), ${P}-badge:visible`
      )
      .evaluateAll(
        (nodes, right) =>
          nodes
            .filter(
              n =>
                n.scrollWidth > n.clientWidth ||
                n.getBoundingClientRect().right > right + 1
            )
            .map(
              n =>
                `${n.className} "${(n as HTMLInputElement).value ?? n.textContent}" ${n.scrollWidth} > ${n.clientWidth}`
            ),
        right
      );
    expect(cut).toEqual([]);
    // And the box's edges sit two to a row
    const tops = await panel
      .locator(`${P}-bbox ${P}-field`)
      .evaluateAll(nodes => nodes.map(n => n.getBoundingClientRect().top));
    expect(new Set(tops).size).toBe(2);
    await page.screenshot({
      path: '../docs/screenshots/nsidc-sidebar-250.png',
      clip: { x: 0, y: 0, width: 300, height: 900 }
    });

    // When Expand is pressed from the keyboard
    const expand = panel.locator(`${P}-expand`);
    await expand.focus();
    await page.keyboard.press('Enter');

    // Then the workspace opens on the same search: its form and its results
    const workspace = page.locator(WORKSPACE);
    await expect(workspace.locator(`${P}-west`)).toHaveValue('-60.1234');
    await expect(workspace.locator(`${T}-row`).first()).toBeVisible();
  });
});
