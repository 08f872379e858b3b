import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAYEE, USDT, paylink, startTestServer, type TestServer } from './test-support.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
beforeEach(() => server.sandbox.reset());

function resultUrl(traceId: string): URL {
  return new URL(`sandbox/v1/payments_result?traceId=${traceId}`, server.url);
}

async function addFault(rule: Record<string, unknown>) {
  const res = await server.control('POST', '/faults', rule);
  expect(res.status).toBe(200);
}

async function openPaid(): Promise<string> {
  const traceId = crypto.randomUUID();
  await server.control('POST', '/open', { url: paylink(server, { traceId }) });
  return traceId;
}

describe('faults', () => {
  it('http-500 and http-503 answer error envelopes, then stop after count', async () => {
    await addFault({ path: '/v1/payments_result', mode: 'http-500', count: 1 });
    await addFault({ path: '/v1/setting', mode: 'http-503' });
    const traceId = crypto.randomUUID();
    const first = await fetch(resultUrl(traceId));
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ code: -1, success: false });
    expect((await fetch(resultUrl(traceId))).status).toBe(200);

    const maintenance = await fetch(new URL('sandbox/v1/setting/quote_assets', server.url));
    expect(maintenance.status).toBe(503);
    expect(await maintenance.json()).toMatchObject({ code: 10008, success: false });

    await server.control('DELETE', '/faults');
    expect((await fetch(new URL('sandbox/v1/setting/quote_assets', server.url))).status).toBe(200);
  });

  it('rate-limited answers 429 + 1429 without spending the real budget', async () => {
    await server.control('POST', '/config', { rateLimitPerMinute: 2 });
    await addFault({ mode: 'rate-limited', count: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(resultUrl(crypto.randomUUID()));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await res.json()).toMatchObject({ code: 1429, success: false });
    }
    const real = await fetch(resultUrl(crypto.randomUUID()));
    expect(real.status).toBe(200);
    expect(real.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('drop destroys the connection without an answer', async () => {
    await addFault({ path: '/v1/payments_result', mode: 'drop', count: 1 });
    await expect(fetch(resultUrl(crypto.randomUUID()))).rejects.toThrow();
    const { body } = await server.control<{ requests: { status: number }[] }>(
      'GET',
      '/requests?path=/v1/payments_result',
    );
    expect(body.requests[0]?.status).toBe(0);
    expect((await fetch(resultUrl(crypto.randomUUID()))).status).toBe(200);
  });

  it('html-error answers a 502 HTML page', async () => {
    await addFault({ mode: 'html-error', count: 1 });
    const res = await fetch(resultUrl(crypto.randomUUID()));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Bad Gateway');
  });

  it('malformed-json answers 200 with a truncated body', async () => {
    await addFault({ mode: 'malformed-json', count: 1 });
    const res = await fetch(new URL('sandbox/v1/setting/quote_assets', server.url));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"code":0')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('tamper forges a success with one field replaced, even for an unpaid or unknown trace', async () => {
    const traceId = await openPaid();
    await addFault({
      path: '/v1/payments_result',
      mode: 'tamper',
      tamper: { field: 'quoteAmount', value: '0.01' },
    });
    const forged = (await (await fetch(resultUrl(traceId))).json()) as { data: Record<string, unknown> };
    expect(forged.data).toMatchObject({ status: 'success', quoteAmount: '0.01', payeeId: PAYEE, traceId });

    const unknown = crypto.randomUUID();
    const placeholder = (await (await fetch(resultUrl(unknown))).json()) as {
      success: boolean;
      data: Record<string, unknown>;
    };
    expect(placeholder.success).toBe(true);
    expect(placeholder.data).toMatchObject({ status: 'success', quoteAmount: '0.01', traceId: unknown });

    // Other endpoints are untouched by tamper rules.
    const assets = (await (await fetch(new URL('sandbox/v1/setting/quote_assets', server.url))).json()) as {
      data: unknown;
    };
    expect(Array.isArray(assets.data)).toBe(true);

    await server.control('DELETE', '/faults');
    await addFault({
      mode: 'tamper',
      tamper: { field: 'payeeId', value: '11111111-1111-1111-1111-111111111111' },
      count: 1,
    });
    const otherPayee = (await (await fetch(resultUrl(traceId))).json()) as { data: Record<string, unknown> };
    expect(otherPayee.data).toMatchObject({
      status: 'success',
      payeeId: '11111111-1111-1111-1111-111111111111',
      quoteAmount: '12.34',
    });
  });

  it('rejects a tamper rule without a valid field', async () => {
    const res = await server.control('POST', '/faults', {
      mode: 'tamper',
      tamper: { field: 'remark', value: 'x' },
    });
    expect(res.status).toBe(400);
  });

  it('flap alternates unpaid and success regardless of the real state', async () => {
    const traceId = await openPaid();
    await addFault({ mode: 'flap' });
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const body = (await (await fetch(resultUrl(traceId))).json()) as {
        data: { status: string; quoteAmount: string };
      };
      expect(body.data.quoteAmount).toBe('12.34');
      statuses.push(body.data.status);
    }
    expect(statuses).toEqual(['unpaid', 'success', 'unpaid', 'success']);
  });

  it('raw-numbers writes quoteAmount / paymentAmount as JSON number literals, own digits by default', async () => {
    const traceId = await openPaid();
    await server.control('POST', `/payments/${traceId}/pay`, {});
    await addFault({ path: '/v1/payments_result', mode: 'raw-numbers', count: 1 });
    const res = await fetch(
      new URL(`sandbox/v1/payments_result?traceId=${traceId}&with=transactions`, server.url),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
    const text = await res.text();
    expect(text).toContain('"quoteAmount":12.34,');
    expect(text).toContain('"paymentAmount":12.34,');
    expect(text).toMatch(/"transactions":\[\{"paymentAmount":12\.34,/);
    expect(text).toContain('"settleAmount":"12.34"'); // other amounts stay strings
    const parsed = JSON.parse(text) as { data: Record<string, unknown> };
    expect(parsed.data).toMatchObject({ status: 'success', quoteAmount: 12.34, traceId });
    // count: 1 — the next answer is strings again.
    const again = await (await fetch(resultUrl(traceId))).text();
    expect(again).toContain('"quoteAmount":"12.34"');
  });

  it('raw-numbers writes the exact literal text given, beyond what JSON.stringify can', async () => {
    const traceId = await openPaid();
    await addFault({
      path: '/v1/payments_result',
      mode: 'raw-numbers',
      raw: { quoteAmount: '9.99999999999999999', paymentAmount: '1e1' },
    });
    const text = await (await fetch(resultUrl(traceId))).text();
    expect(text).toContain('"quoteAmount":9.99999999999999999,');
    expect(text).toContain('"paymentAmount":1e1,');
    expect(JSON.parse(text)).toMatchObject({ success: true, data: { quoteAmount: 10, paymentAmount: 10 } });

    // "10" written as 10.00, trailing zeros and all.
    await server.control('DELETE', '/faults');
    await addFault({ mode: 'raw-numbers', raw: { quoteAmount: '10.00', paymentAmount: 0 } });
    const exact = await (await fetch(resultUrl(traceId))).text();
    expect(exact).toContain('"quoteAmount":10.00,');
    expect(exact).toContain('"paymentAmount":0,');
    // Any endpoint whose data has the fields; lists and errors are untouched.
    const estimated = await (
      await fetch(
        new URL(
          `sandbox/v1/payments_estimated?paymentAssetId=${USDT}&settlementAssetId=${USDT}&quoteAssetId=usd&quoteAmount=5`,
          server.url,
        ),
      )
    ).text();
    expect(estimated).toContain('"quoteAmount":10.00');
    const unknown = await (await fetch(resultUrl(crypto.randomUUID()))).json();
    expect(unknown).toMatchObject({ success: false, code: 404 });
  });

  it('rejects raw texts that are not JSON numbers', async () => {
    for (const raw of [
      { quoteAmount: '01' },
      { quoteAmount: '.5' },
      { paymentAmount: 'NaN' },
      { status: '1' },
      'x',
    ]) {
      expect((await server.control('POST', '/faults', { mode: 'raw-numbers', raw })).status).toBe(400);
    }
  });

  it('adds latency (stacking with a mode rule)', async () => {
    await addFault({ path: '/v1/payments_result', latencyMs: 150, count: 1 });
    await addFault({ path: '/v1/payments_result', latencyMs: 100, mode: 'http-500', count: 1 });
    const started = performance.now();
    const res = await fetch(resultUrl(crypto.randomUUID()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(500);
    const { body } = await server.control<{ rules: unknown[] }>('GET', '/faults');
    expect(body.rules).toHaveLength(0);
  });
});
