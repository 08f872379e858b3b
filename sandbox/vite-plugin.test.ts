import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixpaySandbox } from './vite-plugin.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mixpay-vite-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function check(origin: string) {
  const api = await fetch(new URL('/sandbox/v1/setting/quote_assets', origin));
  expect(api.status).toBe(200);
  expect(await api.json()).toMatchObject({ code: 0, success: true });
  // Anything else falls through to Vite.
  const app = await fetch(new URL('/', origin));
  expect(app.status).toBe(200);
  expect(await app.text()).toContain('<title>app</title>');
}

describe('mixpaySandbox() Vite plugin', () => {
  it('mounts the sandbox in the dev server', async () => {
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mixpaySandbox()],
      server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    try {
      await server.listen();
      const origin = server.resolvedUrls?.local[0] ?? '';
      await check(origin);
    } finally {
      await server.close();
    }
  });

  it('mounts the sandbox in the preview server', async () => {
    const server = await preview({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mixpaySandbox()],
      build: { outDir: root },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    try {
      const origin = server.resolvedUrls?.local[0] ?? '';
      await check(origin);
    } finally {
      await server.close();
    }
  });
});
