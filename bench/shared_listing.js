/**
 * Browser part of bench/shared_listing.py: our Shared Data panel vs.
 * JupyterLab's file browser opening the same 100,000-file folder `many/`, on
 * the `jupyter lab` that shared_listing.py started (no token; its root folder
 * and its shared root "shared" are the same volume).
 *
 * For each side, in a fresh Chromium context (cold cache, fresh workspace):
 * load /lab, show the side's panel at the volume's root, collect garbage and
 * read `performance.memory.usedJSHeapSize`, double-click `many`, wait for the
 * first row of `many/` (cap: 120 s), then collect garbage and read the heap
 * again. Alternates the order between rounds.
 *
 * Usage: node bench/shared_listing.js <port> [files] [rounds]
 */
const { launchChromium } = require('./chromium');

const PORT = Number(process.argv[2]);
const FILES = Number(process.argv[3] || 100000);
const ROUNDS = Number(process.argv[4] || process.env.SHARED_ROUNDS || 2);
const CAP_MS = 120000;

const SIDES = {
  ours: {
    label: 'Shared Data panel (ours)',
    async show(page) {
      await page
        .locator('li.lm-TabBar-tab[data-id="jp-hackweek-shared"]')
        .click();
      return page.locator('.jp-hackweek-SharedBrowser-row[data-name="many"]');
    },
    firstRow: page =>
      page
        .locator('.jp-hackweek-SharedBrowser-row[data-name^="granule_"]')
        .first()
  },
  files: {
    label: 'JupyterLab file browser',
    async show(page) {
      const tab = page.locator('li.lm-TabBar-tab[data-id="filebrowser"]');
      if (!(await tab.getAttribute('class')).includes('lm-mod-current')) {
        await tab.click();
      }
      return page.locator('.jp-DirListing-item', {
        has: page.locator('.jp-DirListing-itemText', { hasText: /^many$/ })
      });
    },
    firstRow: page =>
      page
        .locator('.jp-DirListing-item', {
          has: page.locator('.jp-DirListing-itemText', { hasText: /^granule_/ })
        })
        .first()
  }
};

/**
 * Close any start-up dialog (e.g. the Earthdata login the downloads panel asks
 * for when no login is saved), so that it does not cover the side panels.
 */
async function dismissDialogs(page) {
  await page.waitForTimeout(1500);
  const dialog = page.locator('.jp-Dialog');
  for (let i = 0; i < 3 && (await dialog.count()); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
}

async function heapMB(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  const bytes = await page.evaluate(() => performance.memory.usedJSHeapSize);
  return bytes / 1024 / 1024;
}

/** One measurement: { ms (or null past the cap), before, after } heap in MB. */
async function measure(browser, name, round) {
  const side = SIDES[name];
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(
      `http://localhost:${PORT}/lab/workspaces/bench-${name}-${round}?reset`
    );
    await page
      .locator('.jp-Launcher')
      .first()
      .waitFor({ state: 'visible', timeout: 60000 });
    await dismissDialogs(page);
    const folder = (await side.show(page)).first();
    await folder.waitFor({ state: 'visible', timeout: 30000 });
    await page.waitForTimeout(500);
    const before = await heapMB(cdp, page);
    const started = Date.now();
    await folder.dblclick();
    let ms = null;
    try {
      await side.firstRow(page).waitFor({ state: 'visible', timeout: CAP_MS });
      ms = Date.now() - started;
    } catch (error) {
      if (error.name !== 'TimeoutError') {
        throw error;
      }
    }
    let after = null;
    if (ms !== null) {
      await page.waitForTimeout(500);
      after = await heapMB(cdp, page);
    } else {
      // Still loading at the cap: read the heap if the page answers within 15 s
      // (a lower bound of what the finished listing would hold).
      after = await Promise.race([
        heapMB(cdp, page),
        new Promise(resolve => setTimeout(() => resolve(null), 15000))
      ]);
    }
    return { ms, before, after };
  } finally {
    await context.close();
  }
}

const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Medians; `capped` when a run passed the cap (its heap is then a lower bound). */
function summary(results) {
  const capped = results.some(r => r.ms === null);
  const heaps = results.filter(r => r.after !== null);
  return {
    capped,
    ms: capped ? null : median(results.map(r => r.ms)),
    after: heaps.length ? median(heaps.map(r => r.after)) : null,
    grown: heaps.length ? median(heaps.map(r => r.after - r.before)) : null
  };
}

async function main() {
  const browser = await launchChromium();
  const results = { ours: [], files: [] };
  const started = Date.now();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? ['files', 'ours'] : ['ours', 'files'];
      for (const name of order) {
        results[name].push(await measure(browser, name, round));
        if (results[name].at(-1).ms === null) {
          // Past the cap once: do not wait another two minutes for it.
          SIDES[name].gaveUp = true;
        }
      }
      if (SIDES.files.gaveUp || Date.now() - started > 60000) {
        break; // keep the whole run bounded
      }
    }
  } finally {
    await browser.close();
  }
  const ours = summary(results.ours);
  const files = summary(results.files);
  const cap = `> ${CAP_MS / 1000} s`;
  const ms = side => (side.capped ? cap : `${side.ms}`);
  const mb = (side, key) =>
    side[key] === null
      ? 'n/a'
      : `${side.capped ? '>= ' : ''}${side[key].toFixed(1)}`;
  const ratio = key => {
    const peer = key === 'ms' && files.capped ? CAP_MS : files[key];
    if (ours.capped || ours[key] === null || peer === null) {
      return 'n/a';
    }
    return `${files.capped ? '< ' : ''}${(ours[key] / peer).toFixed(3)}x`;
  };
  console.log(
    `Browser: open many/ (${FILES.toLocaleString('en')} files) from the volume's root; ` +
      `median of ${results.ours.length} (ours) / ${results.files.length} (file browser) fresh pages`
  );
  console.log(
    '| figure | Shared Data panel | file browser | ours / peer | goal |'
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| time to first row (ms) | ${ms(ours)} | ${ms(files)} | ${ratio('ms')} | |`
  );
  console.log(
    `| JS heap after, GC'd (MB) | ${mb(ours, 'after')} | ${mb(files, 'after')} | ${ratio('after')} | |`
  );
  console.log(
    `| JS heap growth for the listing (MB) | ${mb(ours, 'grown')} | ${mb(files, 'grown')} | ${ratio('grown')} | <= 0.1x |`
  );
  if (files.capped) {
    console.log(
      `The file browser showed no row of many/ within ${CAP_MS / 1000} s; ` +
        (files.after === null
          ? 'its page was still too busy to read the heap 15 s later.'
          : 'its heap was read then, still loading (a lower bound).')
    );
  }
}

const watchdog = setTimeout(() => {
  console.error('shared_listing.js: gave up after 190 s');
  process.exit(2);
}, 190000);

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => clearTimeout(watchdog));
