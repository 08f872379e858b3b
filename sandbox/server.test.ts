import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './server.ts';
import { startTestServer, type TestServer } from './test-support.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

function get(path: string) {
  return fetch(new URL(path, server.url));
}

/** Sends a raw path (fetch would normalise "../" away before it reaches the server). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  it('compresses text assets like a production host', async () => {
    const { hostname, port } = new URL(server.url);
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: hostname, port, path: '/', headers: { 'accept-encoding': 'gzip' } },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('accept-encoding');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toContain('<');
  });

  it('listens on 127.0.0.1 with a trailing-slash url', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves index.html, assets and the manifest with the right types and caching', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<div id="root">');

    const asset = await get('/assets/index-abc123.js');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/sw.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('falls back to index.html for app routes, 404 for missing files', async () => {
    const route = await get('/history/today');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/nope.png')).status).toBe(404);
  });

  it('does not serve files outside root', async () => {
    // Dot segments are resolved like a URL: these stay inside root (and fall back to the app).
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await rawGet(path);
      expect(res.body).not.toContain('root:');
    }
    // An encoded slash survives URL parsing, so the file system check has to catch it.
    expect((await rawGet('/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await rawGet('/assets/..%2f..%2f..%2fetc%2fhostname')).status).toBe(404);
  });

  it('routes /sandbox to the sandbox, not the SPA', async () => {
    const res = await get('/sandbox/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('MixPay sandbox');
    expect((await get('/sandbox/nothing-here')).status).toBe(404);
  });

  it('answers 503 with a hint when the build is missing', async () => {
    const missing = await startServer({
      port: 0,
      root: join(tmpdir(), `no-such-dir-${crypto.randomUUID()}`),
    });
    try {
      const res = await fetch(missing.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:sandbox');
      // The sandbox still works without a build.
      expect((await fetch(new URL('sandbox/v1/setting/quote_assets', missing.url))).status).toBe(200);
    } finally {
      await missing.close();
    }
  });

  it('closes promptly even with a keep-alive connection open', async () => {
    const other = await startServer({ port: 0, root: server.root });
    const { hostname, port } = new URL(other.url);
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: hostname, port, path: '/', agent: new Agent({ keepAlive: true }) },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end();
    });
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
