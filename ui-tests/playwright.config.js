/**
 * Browser tests: Galata drives Debian's Chromium against a real `jupyter lab`
 * started with `jupyter_server_test_config.py`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

/**
 * The server's port: not the developer's usual 8888. The server started below
 * gets the same value through HACKWEEK_TEST_PORT, which
 * `jupyter_server_test_config.py` reads.
 */
const port = process.env.HACKWEEK_TEST_PORT || '18888';

/**
 * Private, empty user-settings folder for the server started below (Galata's
 * `configure_jupyter_server` already gives it a temporary workspaces folder),
 * so the developer's `~/.jupyter/lab` never changes a test. Made once, by the
 * runner (its workers read this file too, but never start the server).
 */
const settingsDir =
  process.env.TEST_WORKER_INDEX === undefined
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'hackweek-ui-settings-'))
    : '';

module.exports = {
  ...baseConfig,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 120000,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    // Galata mocks every URL matching /api/me.* by default, which would
    // swallow our `hackweek/api/metrics` route: use the server's real user.
    mockUser: false,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  webServer: {
    command: `jupyter lab --config jupyter_server_test_config.py --LabApp.user_settings_dir=${settingsDir}`,
    env: {
      ...process.env,
      HACKWEEK_TEST_PORT: port,
      JUPYTERLAB_SETTINGS_DIR: settingsDir
    },
    url: `http://localhost:${port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe'
  }
};
