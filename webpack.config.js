/**
 * Merged into @jupyterlab/builder's webpack config (package.json
 * `jupyterlab.webpackConfig`).
 *
 * The data viewer's h5web draws with react-three-fiber, which bundles its own
 * react-reconciler. JupyterLab shares a production build of React, whose
 * internals lack what the development reconciler reads
 * (`ReactCurrentActQueue`): a development build of this extension (`npm run
 * build`, what CI and the browser tests use) would throw on the first plot.
 * So the reconciler is always the production one.
 *
 * `@h5web/app` declares `"sideEffects": false`, so webpack would drop the
 * viewer's `import '@h5web/app/styles.css'` (an import for its side effect):
 * the stylesheet is marked as having one. It stays in the viewer's lazy chunk.
 */
module.exports = {
  module: {
    rules: [
      {
        test: /[\\/]@h5web[\\/]app[\\/]dist[\\/]styles\.css$/,
        sideEffects: true
      }
    ]
  },
  resolve: {
    alias: {
      'react-reconciler$':
        require.resolve('react-reconciler/cjs/react-reconciler.production.min.js')
    }
  }
};
