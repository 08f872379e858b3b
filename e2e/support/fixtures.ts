/**
 * Test fixtures: every Playwright worker starts its own server (the built sandbox app plus the
 * MixPay sandbox) on a random 127.0.0.1 port, so workers never share rate-limit budgets or state.
 * Each test starts with a reset sandbox and a fresh browser context. `E2E_APP_ROOT` serves another
 * build than dist-sandbox/ (e.g. `vite build --mode sandbox --outDir /tmp/x`), so two checkouts'
 * or two people's builds do not overwrite each other.
 */
import { test as base, expect } from '@playwright/test';
import { startServer } from '../../sandbox/server';
import { SandboxControl } from './sandbox-control';

type WorkerFixtures = { server: { url: string; close(): Promise<void> } };
type TestFixtures = { sandbox: SandboxControl };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ port: 0, root: process.env.E2E_APP_ROOT || undefined });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  sandbox: async ({ server }, use) => {
    const control = new SandboxControl(server.url);
    await control.reset();
    await use(control);
  },
});

export { expect };
