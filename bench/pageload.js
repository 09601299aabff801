/**
 * Page-load benchmark: JupyterLab with the suite vs. the same JupyterLab with
 * the suite disabled, in one run on the same machine.
 *
 * For each configuration it starts a `jupyter lab`, then loads /lab in a fresh
 * Chromium context (cold cache) N times, measuring the time until the
 * launcher is visible and the JavaScript transferred (gzip size of every JS
 * response, so that the figure does not depend on the server's compression).
 * Each `jupyter lab` gets private, empty settings and workspaces folders, so
 * the developer's `~/.jupyter/lab` (a saved workspace without a launcher, a
 * changed setting) never changes a figure.
 *
 * Usage: node bench/pageload.js [runs]   (the Python venv must be active)
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { launchChromium } = require('./chromium');

const RUNS = Number(process.argv[2] || 5);

function startLab(port, disableSuite) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hackweek-bench-'));
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'hackweek-bench-state-'));
  const env = {
    ...process.env,
    JUPYTERLAB_SETTINGS_DIR: path.join(state, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: path.join(state, 'workspaces')
  };
  if (disableSuite) {
    // A private config folder whose page config disables the suite's front end
    // and whose server config disables its server extension.
    const configDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'hackweek-bench-cfg-')
    );
    fs.mkdirSync(path.join(configDir, 'labconfig'));
    fs.writeFileSync(
      path.join(configDir, 'labconfig', 'page_config.json'),
      JSON.stringify({ disabledExtensions: { 'jupyterlab-hackweek': true } })
    );
    fs.writeFileSync(
      path.join(configDir, 'jupyter_server_config.json'),
      JSON.stringify({
        ServerApp: { jpserver_extensions: { jupyterlab_hackweek: false } }
      })
    );
    env.JUPYTER_CONFIG_DIR = configDir;
  }
  const args = [
    'lab',
    '--no-browser',
    '--allow-root',
    `--port=${port}`,
    '--port-retries=0',
    '--IdentityProvider.token=',
    '--ServerApp.password=',
    `--ServerApp.root_dir=${root}`,
    `--LabApp.user_settings_dir=${env.JUPYTERLAB_SETTINGS_DIR}`,
    `--LabApp.workspaces_dir=${env.JUPYTERLAB_WORKSPACES_DIR}`,
    '--LabApp.news_url=',
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
  ];
  const proc = spawn('jupyter', args, {
    env,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  return new Promise((resolve, reject) => {
    let log = '';
    proc.stderr.on('data', chunk => {
      log += chunk;
      if (log.includes('is running at')) {
        resolve(proc);
      }
    });
    proc.on('exit', code =>
      reject(new Error(`jupyter lab exited (${code}):\n${log}`))
    );
  });
}

async function loadOnce(browser, port) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let jsGzipBytes = 0;
  const pending = [];
  page.on('response', response => {
    const type = response.headers()['content-type'] || '';
    if (type.includes('javascript')) {
      pending.push(
        response
          .body()
          .then(body => {
            jsGzipBytes += zlib.gzipSync(body).length;
          })
          .catch(() => undefined)
      );
    }
  });
  const start = Date.now();
  await page.goto(`http://localhost:${port}/lab`);
  await page
    .locator('.jp-Launcher')
    .first()
    .waitFor({ state: 'visible', timeout: 60000 });
  const ms = Date.now() - start;
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await context.close();
  return { ms, jsGzipBytes };
}

const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const browser = await launchChromium();
  const base = Number(process.env.HACKWEEK_BENCH_PORT || 18931);
  const ports = { with: base, without: base + 1 };
  const servers = [];
  const results = { with: [], without: [] };
  try {
    servers.push(await startLab(ports.with, false));
    servers.push(await startLab(ports.without, true));
    for (const name of ['with', 'without']) {
      await loadOnce(browser, ports[name]); // warm the server, not measured
    }
    for (let i = 0; i < RUNS; i++) {
      // Alternate so that machine noise hits both configurations alike.
      for (const name of i % 2 ? ['without', 'with'] : ['with', 'without']) {
        results[name].push(await loadOnce(browser, ports[name]));
      }
    }
  } finally {
    await browser.close();
    servers.forEach(proc => proc.kill());
  }
  const loadWith = median(results.with.map(r => r.ms));
  const loadWithout = median(results.without.map(r => r.ms));
  const jsWith = median(results.with.map(r => r.jsGzipBytes));
  const jsWithout = median(results.without.map(r => r.jsGzipBytes));
  const extraKB = (jsWith - jsWithout) / 1024;
  console.log(
    `Page load to visible launcher, median of ${RUNS} cold loads each`
  );
  console.log(
    '| figure | with the suite | JupyterLab alone | ratio / difference | budget |'
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| load time (ms) | ${loadWith} | ${loadWithout} | ${(loadWith / loadWithout).toFixed(3)}x | <= 1.05x |`
  );
  console.log(
    `| JS transferred (KB, gzip) | ${(jsWith / 1024).toFixed(1)} | ${(jsWithout / 1024).toFixed(1)} | +${extraKB.toFixed(1)} KB (${(jsWith / jsWithout).toFixed(3)}x) | <= +150 KB |`
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
