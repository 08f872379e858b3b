import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layer-imports.js';
import lingui from 'eslint-plugin-lingui';

export default tseslint.config(
  { ignores: ['dist', 'dist-sandbox', 'node_modules', 'test-results', 'playwright-report', 'dev-dist'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Hook rules for the app only: Playwright fixtures also call a function named `use`.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    // Layer rules on resolved file paths, relative imports included: eslint-rules/layer-imports.js.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/layer-imports': 'error' },
  },
  {
    // Every word a cashier, owner or customer reads is a message (Lingui) in English and Chinese.
    // Identifiers (one lower-case word: statuses, keys, class names) and non-words are not.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/i18n/test-setup.ts'],
    plugins: { lingui },
    rules: {
      ...lingui.configs['flat/recommended'].rules,
      'lingui/no-unlocalized-strings': [
        'error',
        {
          ignore: ['^[a-z0-9][\\w.:/@#?=&%+*-]*$', '^[A-Z0-9_]+$', '^(https?:|data:|mailto:|/)', '^\\W'],
          ignoreNames: [
            { regex: { pattern: '^(className|class|type|key|id|htmlFor|role|name|rel|target|href|src|autoComplete|inputMode|pattern|mode|lang|dir|method|accept|kind|variant|tone|status|phase|field|aria-live|aria-hidden)$' } },
            { regex: { pattern: '^[A-Z0-9_]+$' } },
          ],
          ignoreFunctions: [
            'console.*',
            'Error',
            'TypeError',
            'RangeError',
            'MixPayError',
            'Symbol',
            'new URL',
            'URL',
            'fetch',
            'document.querySelector',
            'document.getElementById',
            'document.createElement',
            '*.addEventListener',
            '*.removeEventListener',
            '*.setAttribute',
            '*.getItem',
            '*.setItem',
            '*.startsWith',
            '*.endsWith',
            '*.includes',
            '*.split',
            '*.join',
            '*.get',
            '*.set',
            '*.has',
            'BroadcastChannel',
          ],
        },
      ],
    },
  },
);
