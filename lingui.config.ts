import type { LinguiConfig } from '@lingui/conf';
import { formatter } from '@lingui/format-po';

/**
 * Messages are written in English in the code (Lingui macros) and extracted from it by
 * `npm run i18n:extract`; translators fill in src/i18n/locales/<locale>/messages.po. `npm test`
 * fails on any message with no translation (`npm run i18n:check`).
 */
const config: LinguiConfig = {
  sourceLocale: 'en',
  locales: ['en', 'zh'],
  catalogs: [
    {
      path: '<rootDir>/src/i18n/locales/{locale}/messages',
      include: ['<rootDir>/src'],
      exclude: ['**/*.test.ts', '**/*.test.tsx'],
    },
  ],
  // No line numbers: moving code does not rewrite the catalogs.
  format: formatter({ lineNumbers: false }),
  orderBy: 'origin',
};

export default config;
