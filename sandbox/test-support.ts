/** Helpers for the sandbox's own tests: a server on a random port with a throwaway static root. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxOptions } from './mixpay-sandbox.ts';
import { startServer, type RunningServer } from './server.ts';

export const PAYEE = '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15';
export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const ETH = '43d61dcd-e413-450d-80b8-101d5e903357';
export const XIN = 'c94ac88f-4671-3976-b60a-09064f1811e8';
export const USDT_TRC20 = 'b91e18ff-a9ae-3dc7-8679-e935d9a4b34b';

export interface Envelope<T = Record<string, unknown>> {
  code: number;
  success: boolean;
  message: string;
  data: T;
  timestampMs: number;
}

export interface TestServer extends RunningServer {
  root: string;
  /** GET (or POST with a form body) against `/sandbox/v1`. */
  api<T = Record<string, unknown>>(
    path: string,
    form?: Record<string, string>,
  ): Promise<{ res: Response; body: Envelope<T> }>;
  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** A controllable clock for `createSandbox({ now })`. */
export function fakeClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export async function startTestServer(sandbox?: SandboxOptions): Promise<TestServer> {
  const root = await mkdtemp(join(tmpdir(), 'mixpay-sandbox-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>POS</title><div id="root"></div>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("app");');
  await writeFile(join(root, 'manifest.webmanifest'), '{"name":"MixPay POS"}');
  await writeFile(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

  const server = await startServer({ port: 0, root, ...(sandbox ? { sandbox } : {}) });

  return {
    ...server,
    root,
    async api<T>(path: string, form?: Record<string, string>) {
      const res = await fetch(new URL(`sandbox/v1${path}`, server.url), {
        method: form ? 'POST' : 'GET',
        ...(form
          ? {
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form),
            }
          : {}),
      });
      return { res, body: (await res.json()) as Envelope<T> };
    },
    async control<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(new URL(`sandbox/_control${path}`, server.url), {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A paylink on the test server, with the usual parameters unless overridden. */
export function paylink(server: { url: string }, overrides: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    payeeId: PAYEE,
    quoteAssetId: 'usd',
    quoteAmount: '12.34',
    settlementAssetId: USDT,
    traceId: crypto.randomUUID(),
    ...overrides,
  });
  return new URL(`sandbox/pay?${query.toString()}`, server.url).toString();
}
