/**
 * Browser tests: Galata drives Debian's Chromium against a real `jupyter lab`
 * started with `jupyter_server_test_config.py`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const { choosePort } = require('./testport');

/**
 * The server's port: $HACKWEEK_TEST_PORT when set (a test server already
 * running there is reused, outside CI); otherwise 18888, or a free port when
 * something (a developer's JupyterLab) already listens there. Chosen once, by
 * the runner, and put in its environment, which its workers inherit; the
 * server started below reads it in `jupyter_server_test_config.py`.
 */
const portGiven = process.env.HACKWEEK_TEST_PORT !== undefined;
if (!portGiven) {
  process.env.HACKWEEK_TEST_PORT = String(choosePort(18888));
}
const port = process.env.HACKWEEK_TEST_PORT;

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
    reuseExistingServer: portGiven && !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe'
  }
};
