/**
 * NSIDC search benchmark: the 10,000-granule search (ATL06 v006, whole world,
 * all time, NSIDC_ECS) in the NSIDC Data panel vs. the same search through the
 * raw route pages alone, in one run against one `jupyter lab` configured with
 * `jupyterlab_hackweek.tests.site.configure_site` (which starts the fake CMR on
 * loopback in the server's process).
 *
 * Panel (fresh Chromium context and workspace each run): from the `response`
 * event of the first `hackweek/api/cmr/granules` request to the first rendered
 * row (a MutationObserver in the page), from Search to all 10,000 loaded
 * (hits 10,000 and no progress bar), and the JS heap growth
 * (`usedJSHeapSize` after a CDP `HeapProfiler.collectGarbage`, before Search
 * and after the last page).
 * Peer: the same first URL, then every page by its `CMR-Search-After` header,
 * with no UI: fetched with `page.request` (in Node), and with `fetch()` in a
 * blank page (the browser's network stack): time to the first page and the last.
 *
 * Usage: node bench/nsidc.js [runs]   (the Python venv must be active)
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium } = require('./chromium');

const RUNS = Number(process.argv[2] || 3);
const PORT = Number(process.env.HACKWEEK_BENCH_PORT || 18961);
const GRANULES = 10000;
const HEAP_BUDGET_MB = 60;
const P = '.jp-hackweek-NsidcPanel';
const ROUTE = '/hackweek/api/cmr/granules';

/**
 * Start `jupyter lab` on the test site (no token), in a private config folder
 * without jupyter-resource-usage (its status-bar poll would add load).
 */
function startLab(work) {
  const configDir = path.join(work, 'jupyter-config');
  fs.mkdirSync(path.join(configDir, 'labconfig'), { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'labconfig', 'page_config.json'),
    JSON.stringify({
      disabledExtensions: { '@jupyter-server/resource-usage': true }
    })
  );
  fs.writeFileSync(
    path.join(configDir, 'jupyter_server_config.json'),
    JSON.stringify({
      ServerApp: { jpserver_extensions: { jupyter_resource_usage: false } }
    })
  );
  const config = path.join(work, 'bench_config.py');
  fs.writeFileSync(
    config,
    [
      'from pathlib import Path',
      'from jupyterlab_hackweek.tests.site import configure_site',
      `configure_site(c, Path(${JSON.stringify(path.join(work, 'root'))}), n_files=10)`,
      `c.LabApp.workspaces_dir = ${JSON.stringify(path.join(work, 'workspaces'))}`,
      `c.LabApp.user_settings_dir = ${JSON.stringify(path.join(work, 'settings'))}`,
      ''
    ].join('\n')
  );
  const proc = spawn(
    'jupyter',
    [
      'lab',
      '--no-browser',
      '--allow-root',
      `--port=${PORT}`,
      '--port-retries=0',
      '--IdentityProvider.token=',
      '--ServerApp.password=',
      `--config=${config}`,
      '--LabApp.news_url=',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
    ],
    {
      env: { ...process.env, JUPYTER_CONFIG_DIR: configDir },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`jupyter lab did not start in 60 s:\n${log}`));
    }, 60000);
    proc.stderr.on('data', chunk => {
      log += chunk;
      if (log.includes('is running at')) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    proc.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`jupyter lab exited (${code}):\n${log}`));
    });
  });
}

async function heapMB(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  const bytes = await page.evaluate(() => performance.memory.usedJSHeapSize);
  return bytes / 1024 / 1024;
}

/**
 * One search in the panel: { replyToRow, clickToRow, clickToAll, heapMB, url }.
 */
async function panelRun(browser, run) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    let firstReply = null;
    let url = null;
    page.on('response', response => {
      if (firstReply === null && response.url().includes(ROUTE)) {
        firstReply = Date.now();
        url = response.url();
      }
    });
    await page.goto(
      `http://localhost:${PORT}/lab/workspaces/bench-nsidc-${run}?reset`
    );
    await page
      .locator('.jp-Launcher')
      .first()
      .waitFor({ state: 'visible', timeout: 60000 });
    // Close any start-up dialog (the downloads panel's Earthdata login).
    await page.waitForTimeout(1500);
    for (let i = 0; i < 3 && (await page.locator('.jp-Dialog').count()); i++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
    await page.locator('li.lm-TabBar-tab[data-id="jp-hackweek-nsidc"]').click();
    const panel = page.locator(P);
    await panel
      .locator(`${P}-product`)
      .waitFor({ state: 'visible', timeout: 20000 });
    await panel.locator(`${P}-product`).fill('ATL06');
    await panel
      .locator(`${P}-version option[value="006"]`)
      .waitFor({ state: 'attached', timeout: 20000 });
    await panel.locator(`${P}-version`).selectOption('006');
    for (const field of ['start', 'end', 'west', 'south', 'east', 'north']) {
      await panel.locator(`${P}-${field}`).fill('');
    }
    const ecs = panel.locator(`${P}-provider-ecs`);
    if (await ecs.count()) {
      await ecs.check();
    }
    await page.evaluate(
      ({ P, total }) => {
        const marks = { firstRow: null, all: null };
        window.__benchMarks = marks;
        const observer = new MutationObserver(() => {
          const now = performance.timeOrigin + performance.now();
          if (marks.firstRow === null && document.querySelector(`${P}-row`)) {
            marks.firstRow = now;
          }
          if (
            marks.firstRow !== null &&
            document.querySelector(`${P}-hits[data-hits="${total}"]`) &&
            !document.querySelector(`${P}-progress`)
          ) {
            marks.all = now;
            observer.disconnect();
          }
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true
        });
      },
      { P, total: GRANULES }
    );
    await page.waitForTimeout(500);
    const before = await heapMB(cdp, page);
    const clicked = Date.now();
    await panel.locator(`${P}-search`).click();
    await page.waitForFunction(() => window.__benchMarks.all !== null, null, {
      timeout: 120000
    });
    const marks = await page.evaluate(() => window.__benchMarks);
    const hits = await panel.locator(`${P}-hits`).innerText();
    if ((await panel.locator(`${P}-error`).count()) || !/10,000/.test(hits)) {
      throw new Error(`the search did not load ${GRANULES} granules: ${hits}`);
    }
    const after = await heapMB(cdp, page);
    return {
      replyToRow: marks.firstRow - firstReply,
      clickToRow: marks.firstRow - clicked,
      clickToAll: marks.all - clicked,
      heapMB: after - before,
      url
    };
  } finally {
    await context.close();
  }
}

/**
 * The same search through the route alone, no UI: the first URL, then every
 * page by its `CMR-Search-After` header, each body parsed as JSON. `node`
 * fetches with `page.request` (in Node, through Playwright's driver); `page`
 * with `fetch()` in a blank page of the same origin (the browser's own network
 * stack, as the panel uses). Returns { firstPage, all, pages, granules } in ms.
 */
async function rawRun(browser, url, where) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (where === 'page') {
      // A static file: API replies carry a CSP that forbids fetch().
      await page.goto(`http://localhost:${PORT}/static/favicons/favicon.ico`);
      return await page.evaluate(async url => {
        const started = performance.now();
        let firstPage = null;
        let after = null;
        let pages = 0;
        let granules = 0;
        for (;;) {
          const response = await fetch(url, {
            headers: after ? { 'CMR-Search-After': after } : {}
          });
          if (!response.ok) {
            throw new Error(`${url}: HTTP ${response.status}`);
          }
          const body = await response.json();
          pages += 1;
          granules += body.granules.length;
          firstPage ??= performance.now() - started;
          after = response.headers.get('CMR-Search-After');
          if (!after || !body.granules.length || pages > 100) {
            break;
          }
        }
        return { firstPage, all: performance.now() - started, pages, granules };
      }, url);
    }
    const started = Date.now();
    let firstPage = null;
    let after = null;
    let pages = 0;
    let granules = 0;
    for (;;) {
      const response = await page.request.get(url, {
        headers: after ? { 'CMR-Search-After': after } : {},
        timeout: 60000
      });
      if (!response.ok()) {
        throw new Error(`${url}: HTTP ${response.status()}`);
      }
      const body = await response.json();
      pages += 1;
      granules += body.granules.length;
      firstPage ??= Date.now() - started;
      after = response.headers()['cmr-search-after'] || null;
      if (!after || !body.granules.length || pages > 100) {
        break;
      }
    }
    return { firstPage, all: Date.now() - started, pages, granules };
  } finally {
    await context.close();
  }
}

const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hackweek-bench-'));
  let server = null;
  let browser = null;
  const ui = [];
  const raw = [];
  const fetched = [];
  try {
    server = await startLab(work);
    running.push(server);
    browser = await launchChromium();
    for (let run = 0; run < RUNS; run++) {
      const result = await panelRun(browser, run);
      ui.push(result);
      raw.push(await rawRun(browser, result.url, 'node'));
      fetched.push(await rawRun(browser, result.url, 'page'));
    }
  } finally {
    if (browser) {
      await browser.close();
    }
    if (server) {
      server.kill();
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  const pick = (list, key) => median(list.map(r => r[key]));
  const uiAll = pick(ui, 'clickToAll');
  const heap = pick(ui, 'heapMB');
  const n = GRANULES.toLocaleString('en');
  const overhead = peer => {
    const all = pick(peer, 'all');
    const diff = uiAll - all;
    return `${diff >= 0 ? '+' : '-'}${Math.abs(diff).toFixed(0)} ms (${(uiAll / all).toFixed(2)}x)`;
  };
  console.log(
    `Search of ${n} granules (${raw[0].pages} pages of the route) ` +
      `from the fake CMR on loopback; median of ${RUNS}`
  );
  console.log(
    '| figure | NSIDC Data panel | raw pages, page.request | raw pages, fetch() in the page | budget |'
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| first page's reply -> first rendered row (ms) | ${pick(ui, 'replyToRow').toFixed(0)} | | | |`
  );
  console.log(
    `| Search -> first row / first page (ms) | ${pick(ui, 'clickToRow').toFixed(0)} | ` +
      `${pick(raw, 'firstPage').toFixed(0)} | ${pick(fetched, 'firstPage').toFixed(0)} | |`
  );
  console.log(
    `| Search -> all ${n} loaded (ms) | ${uiAll.toFixed(0)} | ` +
      `${pick(raw, 'all').toFixed(0)} | ${pick(fetched, 'all').toFixed(0)} | |`
  );
  console.log(
    `| UI overhead (panel - raw pages) | | ${overhead(raw)} | ${overhead(fetched)} | |`
  );
  console.log(
    `| JS heap growth for ${n} granules (MB) | ${heap.toFixed(1)} | | | < ${HEAP_BUDGET_MB} MB |`
  );
  if ([...raw, ...fetched].some(r => r.granules < GRANULES)) {
    console.log(
      `Note: the raw pages held ${[...raw, ...fetched].map(r => r.granules).join(', ')} granules.`
    );
  }
}

// Never leave the server behind, even when the watchdog ends the run.
process.on('exit', () => running.forEach(proc => proc.kill()));
const running = [];

const watchdog = setTimeout(() => {
  console.error('nsidc.js: gave up after 230 s');
  process.exit(2);
}, 230000);

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => clearTimeout(watchdog));
