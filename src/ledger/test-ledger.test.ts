import { describe, expect, it, vi } from 'vitest';
import { testLedger } from './test-ledger';

const config = { url: 'https://couch.example.com/shop-ledger', user: 'till', password: 'secret' };

function answering(status: number, body: unknown = {}) {
  return vi.fn(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

describe('Test ledger', () => {
  it('GETs the database with Basic auth, no cookies, and says OK', async () => {
    const fetch = answering(200, { db_name: 'shop-ledger', doc_count: 42 });
    const result = await testLedger(config, { fetch });
    expect(result).toEqual({
      ok: true,
      outcome: 'ok',
      message: 'Ledger OK: database “shop-ledger”, 42 documents',
      docCount: 42,
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(config.url);
    expect(init.credentials).toBe('omit');
    expect((init.headers as Record<string, string>).Authorization).toBe(`Basic ${btoa('till:secret')}`);
    expect(url).not.toContain('secret');
  });

  it.each([
    [401, 'refused', 'The ledger refused the user name or password'],
    [403, 'forbidden', 'This user may not use this database (make it a member)'],
    [404, 'no-database', 'The ledger has no such database: create it first'],
    [500, 'server-error', 'The ledger had an error (HTTP 500)'],
    [418, 'not-couchdb', 'The ledger answered HTTP 418'],
  ])('HTTP %i: %s', async (status, outcome, message) => {
    expect(await testLedger(config, { fetch: answering(status) })).toEqual({ ok: false, outcome, message });
  });

  it('a 200 that is not a CouchDB database', async () => {
    const result = await testLedger(config, {
      fetch: vi.fn(async () => new Response('<html>', { status: 200 })),
    });
    expect(result.outcome).toBe('not-couchdb');
  });

  it('unreachable: both the CORS request and the no-cors probe fail', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const result = await testLedger(config, { fetch });
    expect(result).toEqual({
      ok: false,
      outcome: 'unreachable',
      message: 'Cannot reach the ledger: check the URL and the network',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('CORS: the request fails but a no-cors probe gets through', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    const result = await testLedger(config, {
      fetch: fetch as unknown as typeof globalThis.fetch,
      appOrigin: 'https://pos.example.com',
    });
    expect(result.outcome).toBe('cors');
    expect(result.message).toContain('https://pos.example.com');
  });

  it('gives up after the timeout', async () => {
    const fetch = vi.fn(
      (_url: string, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        }),
    );
    const result = await testLedger(config, {
      fetch: fetch as unknown as typeof globalThis.fetch,
      timeoutMs: 50,
    });
    expect(result).toEqual({
      ok: false,
      outcome: 'timeout',
      message: 'The ledger did not answer within 0 s',
    });
  });

  it('refuses a bad URL before any request', async () => {
    const fetch = answering(200);
    const result = await testLedger({ ...config, url: 'http://couch.example.com/ledger' }, { fetch });
    expect(result).toEqual({
      ok: false,
      outcome: 'invalid',
      message: 'Must use https (http only for localhost)',
    });
    expect(fetch).not.toHaveBeenCalled();
  });
});
