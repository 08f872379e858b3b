import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layer-imports.js';

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
);
