import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { linguiMacros } from './lingui-macros.ts';

// Integration tests (a real pouchdb-server and PouchDB in Node) run on their own, after the unit
// tests: beside forty test files on two cores their replication timing is not the app's.
const integration = process.env.VITEST_INTEGRATION === '1';
// The shop simulation (bench/shop-sim.test.ts) runs only when asked: `npm run bench:shop-sim`.
const shopSim = process.env.VITEST_SHOP_SIM === '1';

export default defineConfig({
  plugins: [linguiMacros()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: shopSim
      ? ['bench/shop-sim.test.ts']
      : integration
        ? ['src/**/*.integration.test.ts']
        : ['src/**/*.test.{ts,tsx}', 'sandbox/**/*.test.ts', 'eslint-rules/**/*.test.ts'],
    exclude: integration || shopSim ? [] : ['**/node_modules/**', 'src/**/*.integration.test.ts'],
    environment: 'node',
    // Messages (Lingui macros) read in English, as the app does before a language is chosen.
    setupFiles: ['./src/i18n/test-setup.ts'],
  },
});
