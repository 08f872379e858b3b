import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BTC, ETH, PAYEE, USDT, USDT_TRC20, XIN, startTestServer, type TestServer } from './test-support.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());
beforeEach(() => server.sandbox.reset());

describe('envelope and settings', () => {
  it('answers quote_assets in the MixPay envelope with fiat and crypto', async () => {
    const { res, body } = await server.api<Record<string, unknown>[]>('/setting/quote_assets');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({ code: 0, success: true, message: '' });
    expect(typeof body.timestampMs).toBe('number');
    const usd = body.data.find((a) => a.assetId === 'usd');
    expect(usd).toMatchObject({
      symbol: 'USD',
      decimalDigit: 2,
      isAsset: 0,
      minQuoteAmount: '0.01',
      maxQuoteAmount: '100000',
    });
    expect(usd?.chainAsset).toMatchObject({ id: 'usd', symbol: 'USD' });
    expect(body.data.find((a) => a.assetId === 'jpy')).toMatchObject({
      decimalDigit: 0,
      minQuoteAmount: '1',
    });
    const btc = body.data.find((a) => a.assetId === BTC);
    expect(btc).toMatchObject({ symbol: 'BTC', isAsset: 1, decimalDigit: 8 });
    expect(String(btc?.iconUrl)).toMatch(/^https:\/\//);
    expect(body.data.map((a) => a.assetId)).toEqual(
      expect.arrayContaining([
        'eur',
        'gbp',
        'cny',
        'hkd',
        'sgd',
        'aud',
        'cad',
        'chf',
        'krw',
        ETH,
        USDT,
        USDT_TRC20,
        XIN,
      ]),
    );
    for (const asset of body.data) {
      expect(typeof asset.minQuoteAmount).toBe('string');
      expect(typeof asset.maxQuoteAmount).toBe('string');
    }
  });

  it('rejects a malformed payeeId on quote_assets with 10011', async () => {
    const { body } = await server.api('/setting/quote_assets?payeeId=nope');
    expect(body).toMatchObject({ code: 10011, success: false, data: [] });
  });

  it('lists settlement assets, with isAvailable only when an amount is given', async () => {
    const plain = await server.api<Record<string, unknown>[]>('/setting/settlement_assets');
    expect(plain.body.data.find((a) => a.assetId === USDT_TRC20)).toMatchObject({
      network: 'Tron',
      isAsset: 1,
    });
    expect(plain.body.data[0]).not.toHaveProperty('isAvailable');
    const big = await server.api<Record<string, unknown>[]>(
      '/setting/settlement_assets?quoteAssetId=usd&quoteAmount=5000',
    );
    expect(big.body.data.find((a) => a.assetId === XIN)?.isAvailable).toBe(false);
    expect(big.body.data.find((a) => a.assetId === BTC)?.isAvailable).toBe(true);
  });

  it('lists payment assets; an asset that cannot pay the amount has maxPaymentAmount "0"', async () => {
    const plain = await server.api<Record<string, unknown>[]>('/setting/payment_assets');
    expect(plain.body.data.find((a) => a.assetId === XIN)).toMatchObject({ onChainSupported: false });
    expect(plain.body.data.find((a) => a.assetId === BTC)).toMatchObject({
      onChainSupported: true,
      network: 'Bitcoin',
    });
    const big = await server.api<Record<string, unknown>[]>(
      '/setting/payment_assets?quoteAssetId=usd&quoteAmount=5000',
    );
    expect(big.body.data.find((a) => a.assetId === XIN)?.maxPaymentAmount).toBe('0');
    expect(big.body.data.find((a) => a.assetId === USDT)?.maxPaymentAmount).not.toBe('0');
    const unknownQuote = await server.api('/setting/payment_assets?quoteAssetId=xyz&quoteAmount=1');
    expect(unknownQuote.body.code).toBe(10003);
  });

  it('estimates with exact decimals, rounding the payment up', async () => {
    const { body } = await server.api(
      `/payments_estimated?paymentAssetId=${BTC}&settlementAssetId=${USDT}&quoteAssetId=usd&quoteAmount=10`,
    );
    // 10 / 65000 = 0.000153846153… → up to 8 decimals
    expect(body.data).toMatchObject({
      price: '65000',
      paymentAmount: '0.00015385',
      estimatedSettlementAmount: '10',
    });
    const eur = await server.api(
      `/payments_estimated?paymentAssetId=${USDT}&settlementAssetId=${USDT}&quoteAssetId=eur&quoteAmount=10`,
    );
    expect(eur.body.data).toMatchObject({ paymentAmount: '10.8' });
  });

  it('resolves known Mixin IDs and reports unknown ones', async () => {
    for (const id of ['40053095', '26930', '7000104220']) {
      const { body } = await server.api<{ payeeId: string }>(`/user/mixin_uuid/${id}`);
      expect(body.success).toBe(true);
      expect(body.data.payeeId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await server.api('/user/mixin_uuid/123456789')).body).toMatchObject({
      code: 10001,
      success: false,
      message: 'User does not exist',
      data: [],
    });
    expect((await server.api('/user/mixin_uuid/abc')).body.code).toBe(10011);
  });

  it('answers an unknown route with HTTP 404 and an envelope', async () => {
    const { res, body } = await server.api('/no/such/thing');
    expect(res.status).toBe(404);
    expect(body).toMatchObject({ code: 404, success: false, data: [] });
  });

  it('answers an unknown trace with code 404 (HTTP 200) by default', async () => {
    const { res, body } = await server.api(`/payments_result?traceId=${crypto.randomUUID()}`);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      code: 404,
      success: false,
      message: 'The payment link you visited does not exist',
      data: [],
    });
  });
});

describe('CORS', () => {
  it('answers a preflight with 204 and the CORS headers', async () => {
    const res = await fetch(new URL('sandbox/v1/payments', server.url), {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.test', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('exposes the rate-limit headers on every answer', async () => {
    const { res } = await server.api('/setting/quote_assets');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
  });
});

describe('rate limit', () => {
  it('counts down and answers 429 with code 1429 and retry-after once spent', async () => {
    expect((await server.control('POST', '/config', { rateLimitPerMinute: 3 })).status).toBe(200);
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const { res } = await server.api('/setting/quote_assets');
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const { res, body } = await server.api(`/payments_result?traceId=${crypto.randomUUID()}`);
    expect(res.status).toBe(429);
    expect(body).toMatchObject({ code: 1429, success: false });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');

    // Preflights, checkout pages and the control API are not limited.
    expect((await fetch(new URL('sandbox/v1/payments', server.url), { method: 'OPTIONS' })).status).toBe(204);
    expect((await server.control('GET', '/requests')).status).toBe(200);

    await server.control('POST', '/reset');
    expect((await server.api('/setting/quote_assets')).res.status).toBe(200);
  });
});

describe('creation parameters', () => {
  const base = {
    payeeId: PAYEE,
    quoteAssetId: 'usd',
    quoteAmount: '10',
    settlementAssetId: USDT,
  };

  it.each([
    [{ payeeId: '' }, 10011],
    [{ payeeId: 'not-a-uuid' }, 10011],
    [{ quoteAssetId: 'xyz' }, 10003],
    [{ settlementAssetId: '00000000-0000-0000-0000-000000000000' }, 10002],
    [{ quoteAmount: 'ten' }, 10011],
    [{ quoteAmount: '1.234' }, 10011],
    [{ quoteAmount: '0.001' }, 10011],
    [{ quoteAmount: '0' }, 10004],
    [{ quoteAmount: '1000000' }, 10005],
    [{ traceId: 'abc' }, 10011],
    [{ orderId: 'abc' }, 10011],
    [{ orderId: 'has space!' }, 10011],
    [{ remark: 'x'.repeat(51) }, 10011],
    [{ settlementMemo: 'x'.repeat(201) }, 10011],
    [{ strictMode: 'maybe' }, 10011],
    [{ expiredTimestamp: '5' }, 10011],
  ])('one_time_payment with %o → %i', async (override, code) => {
    const { body } = await server.api('/one_time_payment', { ...base, ...override });
    expect(body).toMatchObject({ code, success: false, data: [] });
    expect(body.message).not.toBe('');
  });

  it('checks expiredTimestamp against the window (10 s … 2880 min; on-chain 240 min)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tooSoon = await server.api('/one_time_payment', { ...base, expiredTimestamp: String(now + 5) });
    expect(tooSoon.body.code).toBe(10011);
    expect(tooSoon.body.message).toMatch(/10 seconds/);
    const ok = await server.api('/one_time_payment', { ...base, expiredTimestamp: String(now + 3600 * 5) });
    expect(ok.body.success).toBe(true);
    const chain = await server.api('/payments', {
      ...base,
      paymentAssetId: BTC,
      isChain: '1',
      expiredTimestamp: String(now + 3600 * 5),
    });
    expect(chain.body.code).toBe(10011);
    expect(chain.body.message).toMatch(/240 minutes/);
  });

  it('accepts dashless, upper-case UUIDs and JSON bodies with boolean flags', async () => {
    const res = await fetch(new URL('sandbox/v1/one_time_payment', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...base,
        payeeId: PAYEE.replaceAll('-', '').toUpperCase(),
        quoteAmount: 10.5,
        strictMode: true,
      }),
    });
    const body = (await res.json()) as { success: boolean; data: { code: string } };
    expect(body.success).toBe(true);
    const payment = await server.control<{ params: { payeeId: string; strictMode: boolean } }>(
      'GET',
      `/payments/${body.data.code}`,
    );
    expect(payment.body.params).toMatchObject({ payeeId: PAYEE, strictMode: true });
  });

  it('refuses XIN over its transfer ceiling with 10006 and XIN on-chain with 10002', async () => {
    const big = await server.api('/payments', { ...base, quoteAmount: '5000', paymentAssetId: XIN });
    expect(big.body.code).toBe(10006);
    const chain = await server.api('/payments', { ...base, paymentAssetId: XIN, isChain: 'true' });
    expect(chain.body.code).toBe(10002);
  });
});
