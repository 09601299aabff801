// eslint for the whole repository, run from its root (`npm run lint:check`
// there: `eslint -c ui-tests/eslint.config.mjs .`, so the patterns below are
// relative to the root); the plugins are imported from this package, the test
// tools', where eslint is installed.
import tseslint from 'typescript-eslint';
import jupyter from '@jupyter/eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'lib/',
      'jupyterlab_hackweek/labextension/',
      'ui-tests/node_modules/',
      'ui-tests/test-results/',
      'ui-tests/playwright-report/',
      '.venv/',
      'coverage/',
      '**/*.js',
      '**/*.mjs'
    ]
  },
  ...tseslint.configs.recommended,
  { plugins: { jupyter } },
  ...jupyter.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // Browser tests reach into the page's untyped globals (window.jupyterapp).
    files: ['ui-tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  }
);
