/**
 * Debian's Chromium as the benchmarks launch it: no sandbox (root), no
 * background network traffic (the machine has no internet), precise heap
 * figures for `performance.memory`.
 */
const { chromium } = require('../ui-tests/node_modules/@playwright/test');

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info'
];

/**
 * Launch a headless Chromium for a benchmark.
 */
function launchChromium() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
}

module.exports = { launchChromium };
