/**
 * jest for the suite's unit tests (the specs in `__tests__/` folders of
 * `src/`), run from the repository root (`npm test` there). jest and its
 * helpers are installed here, in the test tools' package, not in the
 * extension's: every module the configuration names is resolved here, to an
 * absolute path; the specs themselves resolve what they import from the root's
 * node_modules, as the extension does.
 */
const { createRequire } = require('module');
const path = require('path');
const jestJupyterLab = require('@jupyterlab/testing/lib/jest-config');

const ROOT = path.resolve(__dirname, '..');

const esModules = [
  '@codemirror',
  '@jupyter/ydoc',
  '@jupyter/react-components',
  '@jupyter/web-components',
  '@jupyterlab/',
  '@marijn',
  '@microsoft',
  'color',
  'd3-',
  'internmap',
  'exenv-es6',
  'lib0',
  'marked',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(ROOT);

/**
 * A module the configuration names, by its absolute path in this package (jest
 * would look for it from rootDir, the repository root, where it is not), found
 * as JupyterLab's jest set-up, which names most of them, finds it.
 */
const here = createRequire(
  require.resolve('@jupyterlab/testing/lib/jest-config')
).resolve;

module.exports = {
  ...baseConfig,
  rootDir: ROOT,
  roots: ['<rootDir>/src'],
  automock: false,
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  coverageReporters: ['lcov', 'text-summary'],
  testRegex: 'src/(.*/)?__tests__/.*\\.spec\\.tsx?$',
  reporters: ['default', here('jest-junit'), 'github-actions'],
  resolver: here(baseConfig.resolver),
  setupFiles: baseConfig.setupFiles.map(here),
  testEnvironment: here(baseConfig.testEnvironment),
  transform: {
    '\\.svg$': here('@jupyterlab/testing/lib/jest-raw-loader.js'),
    '^.+\\.tsx?$': [
      here('ts-jest/legacy'),
      { tsconfig: path.join(ROOT, 'tsconfig.test.json') }
    ],
    // the ES modules of node_modules below (babel's preset, from this package)
    '^.+\\.jsx?$': [
      here('babel-jest'),
      { configFile: path.join(__dirname, 'babel.config.js') }
    ]
  },
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`],
  moduleNameMapper: {
    '\\.(css|less|sass|scss)$': here('identity-obj-proxy'),
    '\\.(gif|ttf|eot)$': here('@jupyterlab/testing/lib/jest-file-mock.js'),
    // d3's packages point at ES modules (.mjs, not transformed): their UMD
    // builds, so that the map's geometry (src/nsidc/mapshapes.ts) is testable
    '^d3-(array|geo)$': '<rootDir>/node_modules/d3-$1/dist/d3-$1.js'
  }
};
