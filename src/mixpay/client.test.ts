import { describe, expect, it } from 'vitest';
import { createMixPayClient } from './client';
import { MixPayError } from './errors';
import { isUnknownPayment } from './errors';
import {
  errorEnvelope,
  fakeFetch,
  jsonResponse,
  okEnvelope,
  okEnvelopeText,
  rejectionOf,
  textResponse,
} from './test-fetch';

const API = 'https://api.mixpay.me/v1';
const PAYEE = '834c17e1-1427-434a-a280-1b3cfee05111';
const TRACE = '1b638d3f-e156-4621-87fd-778a410f4884';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';

const quoteAssetJson = {
  assetId: 'usd',
  symbol: 'USD',
  iconUrl: 'https://example.com/usd.png',
  decimalDigit: 2,
  minQuoteAmount: '0.01',
  maxQuoteAmount: 10000,
  isAsset: 0,
  chainAsset: { id: 'usd', symbol: 'USD', name: 'US Dollar', iconUrl: 'https://example.com/usd.png' },
  somethingNew: { nested: true },
};

const paymentJson = {
  isChain: true,
  expire: 1647179141,
  seconds: 600,
  payeeId: PAYEE,
  traceId: TRACE,
  clientId: '8f263764-3103-4be2-aff1-0530d6976e86',
  paymentAssetId: BTC,
  settlementAssetId: 'eea900a8-b327-488c-8d8d-1428702fe240',
  quoteAssetId: USDT,
  paymentAmount: '0.00025836',
  quoteAmount: '10',
  estimatedSettlementAmount: '2.06515747',
  memo: '',
  recipient: '',
  settlementAssetSymbol: 'MOB',
  paymentAssetSymbol: 'BTC',
  quoteAssetSymbol: 'USDT',
  destination: '1NohyFdBUZ4g3ZNBoe9FL16poBUveXXf3e',
  tag: '',
};

const resultJson = {
  status: 'success',
  quoteAmount: '10.00',
  quoteSymbol: 'USD',
  quoteAssetId: 'usd',
  paymentAmount: '0.00025836',
  paymentSymbol: 'BTC',
  paymentAssetId: BTC,
  payeeId: PAYEE,
  payee: 'Robin',
  payeeMixinNumber: 26930,
  txid: 'abc',
  confirmations: -1,
  failureCode: '',
  failureReason: '',
  date: 1646730049,
  traceId: TRACE,
  surplusAmount: '',
  settleStatus: null,
};

function client(handler: Parameters<typeof fakeFetch>[0], timeoutMs?: number) {
  const fake = fakeFetch(handler);
  return { api: createMixPayClient({ apiUrl: API, fetch: fake.fetch, timeoutMs }), calls: fake.calls };
}

async function mixPayError(promise: Promise<unknown>): Promise<MixPayError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(MixPayError);
  return error as MixPayError;
}

describe('successful answers', () => {
  it('unwraps the envelope, strips unknown fields and reads rate-limit headers and timestamp', async () => {
    const { api } = client(() =>
      okEnvelope([quoteAssetJson], { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '57' }),
    );
    const res = await api.quoteAssets();
    expect(res.rateLimit).toEqual({ limit: 60, remaining: 57 });
    expect(res.timestampMs).toBe(1645588240845);
    expect(res.data).toEqual([
      {
        assetId: 'usd',
        symbol: 'USD',
        iconUrl: 'https://example.com/usd.png',
        decimalDigit: 2,
        minQuoteAmount: '0.01',
        maxQuoteAmount: '10000',
        isAsset: false,
        chainAsset: { id: 'usd', symbol: 'USD', name: 'US Dollar', iconUrl: 'https://example.com/usd.png' },
      },
    ]);
    expect(res.data[0]).not.toHaveProperty('somethingNew');
  });

  it('gives null rate-limit numbers and timestamp when they are missing', async () => {
    const { api } = client(() =>
      jsonResponse({ code: 0, success: true, message: '', data: { payeeId: PAYEE } }),
    );
    const res = await api.mixinUuid('40053095');
    expect(res).toEqual({
      data: { payeeId: PAYEE },
      rateLimit: { limit: null, remaining: null },
      timestampMs: null,
    });
  });

  it('normalises number amounts to decimal strings', async () => {
    const { api } = client(() =>
      okEnvelope({ ...paymentJson, paymentAmount: 1e-7, quoteAmount: 10, estimatedSettlementAmount: 2.5 }),
    );
    const { data } = await api.createChainPayment({
      payeeId: PAYEE,
      quoteAmount: '10',
      quoteAssetId: USDT,
      settlementAssetId: BTC,
      paymentAssetId: BTC,
    });
    expect(data.paymentAmount).toBe('0.0000001');
    expect(data.quoteAmount).toBe('10');
    expect(data.estimatedSettlementAmount).toBe('2.5');
    expect(data.isChain).toBe(true);
    expect(data.destination).toBe('1NohyFdBUZ4g3ZNBoe9FL16poBUveXXf3e');
  });

  it('parses a payment result with optional blanks and extras', async () => {
    const { api } = client(() =>
      okEnvelope({
        ...resultJson,
        payment: { isFullyPaid: 1, totalTransactionsAmount: '0.00025836', paymentAmount: '0.00025836' },
        transactions: [{ amount: '0.00025836', txid: 'abc', confirmations: 3, requiredConfirms: '6' }],
        expiredAt: '1646730649',
      }),
    );
    const { data } = await api.paymentResult({ traceId: TRACE }, { with: ['payment', 'transactions'] });
    expect(data.quoteAmount).toBe('10');
    expect(data.payeeMixinNumber).toBe('26930');
    expect(data.failureCode).toBeUndefined();
    expect(data.failureReason).toBe('');
    expect(data.surplusAmount).toBeUndefined();
    expect(data.settleStatus).toBeUndefined();
    expect(data.payment).toEqual({
      isFullyPaid: true,
      totalTransactionsAmount: '0.00025836',
      paymentAmount: '0.00025836',
    });
    // The older `amount` is read as the documented `paymentAmount`.
    expect(data.transactions).toEqual([
      { paymentAmount: '0.00025836', txid: 'abc', confirmations: 3, requiredConfirms: 6 },
    ]);
    expect(data.expiredAt).toBe(1646730649);
  });

  it('reads an unknown status as it is, not as a fault', async () => {
    const { api } = client(() => okEnvelope({ ...resultJson, status: 'refunding' }));
    const { data } = await api.paymentResult({ traceId: TRACE });
    expect(data.status).toBe('refunding');
  });
});

describe('exact numbers', () => {
  // Literals JSON.parse would round: each must reach the app digit for digit.
  const resultWith = (quoteAmountLiteral: string) =>
    `{"status":"success","quoteAmount":${quoteAmountLiteral},"quoteAssetId":"usd",` +
    `"payeeId":"${PAYEE}","paymentAmount":${quoteAmountLiteral},"confirmations":-1,` +
    `"date":1656513302,"failureCode":0,"expiredAt":1.656513902e9,` +
    `"payment":{"isMultiPay":0,"isFullyPaid":1,"totalTransactionsAmount":${quoteAmountLiteral}},` +
    `"transactions":[{"paymentAmount":${quoteAmountLiteral},"requiredConfirms":1,"confirmations":10}]}`;

  it.each([
    ['9.99999999999999999', '9.99999999999999999'],
    ['10.0000000000000001', '10.0000000000000001'],
    ['1e1', '10'],
    ['1E-2', '0.01'],
  ])('keeps the amount literal %s as %s', async (literal, expected) => {
    expect(typeof JSON.parse(literal)).toBe('number'); // a valid JSON number literal
    const { api } = client(() => okEnvelopeText(resultWith(literal)));
    const { data, timestampMs } = await api.paymentResult(
      { traceId: TRACE },
      { with: ['payment', 'transactions'] },
    );
    expect(data.quoteAmount).toBe(expected);
    expect(data.paymentAmount).toBe(expected);
    expect(data.payment?.totalTransactionsAmount).toBe(expected);
    expect(data.payment?.isFullyPaid).toBe(true);
    expect(data.payment?.isMultiPay).toBe(false);
    expect(data.transactions?.[0]).toEqual({
      paymentAmount: expected,
      requiredConfirms: 1,
      confirmations: 10,
    });
    // Integers still read from their literal text.
    expect(data.confirmations).toBe(-1);
    expect(data.date).toBe(1656513302);
    expect(data.failureCode).toBe(0);
    expect(data.expiredAt).toBe(1656513902);
    expect(timestampMs).toBe(1645588240845);
  });

  it('does not read 9.99999999999999999 as 10 (which JSON.parse does)', async () => {
    expect(JSON.parse('9.99999999999999999')).toBe(10);
    const { api } = client(() => okEnvelopeText(resultWith('9.99999999999999999')));
    const { data } = await api.paymentResult({ traceId: TRACE });
    expect(data.quoteAmount).not.toBe('10');
  });

  it('reads integers and 0/1 flags from number literals in asset lists', async () => {
    const { api } = client(() =>
      okEnvelopeText(
        '[{"assetId":"usd","symbol":"USD","decimalDigit":2,"minQuoteAmount":0.01,' +
          '"maxQuoteAmount":1e4,"isAsset":0},' +
          '{"assetId":"btc","symbol":"BTC","decimalDigit":8.0,"minQuoteAmount":"0.00000263",' +
          '"maxQuoteAmount":0.02632853,"isAsset":1}]',
      ),
    );
    const { data } = await api.quoteAssets();
    expect(data.map((a) => [a.decimalDigit, a.minQuoteAmount, a.maxQuoteAmount, a.isAsset])).toEqual([
      [2, '0.01', '10000', false],
      [8, '0.00000263', '0.02632853', true],
    ]);
  });

  it('reads the envelope code from its literal text', async () => {
    const { api } = client(() =>
      textResponse('{"code":40022,"success":false,"message":"TraceId does not exist.","data":[]}'),
    );
    const error = await mixPayError(api.paymentResult({ traceId: TRACE }));
    expect(error).toMatchObject({ kind: 'api', code: 40022, status: 200 });
    expect(isUnknownPayment(error)).toBe(true);
  });

  it('refuses an integer field with a fraction', async () => {
    const { api } = client(() => okEnvelopeText(resultWith('10').replace('"date":1656513302', '"date":1.5')));
    expect((await mixPayError(api.paymentResult({ traceId: TRACE }))).kind).toBe('invalid-response');
  });

  it('leaves digits and escapes inside strings alone', async () => {
    // Escaped quotes and backslashes right before digits must not end the string early.
    const data =
      String.raw`{"status":"un\\\"paid 1.50","quoteAmount":"010.50",` +
      String.raw`"quoteAssetId":"u\u0073d\"1e1","payeeId":"${PAYEE}",` +
      String.raw`"failureReason":"code \\","payeeMixinNumber":26930,"remark":"\"-1\"\\"}`;
    const { api } = client(() => okEnvelopeText(data));
    const { data: result } = await api.paymentResult({ traceId: TRACE });
    expect(result.status).toBe('un\\"paid 1.50');
    expect(result.quoteAmount).toBe('10.5');
    expect(result.quoteAssetId).toBe('usd"1e1');
    expect(result.failureReason).toBe('code \\');
    expect(result.payeeMixinNumber).toBe('26930');
  });
});

describe('error kinds', () => {
  it('maps a rejected fetch to network', async () => {
    const { api } = client(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await mixPayError(api.quoteAssets());
    expect(error.kind).toBe('network');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('maps a fetch that never answers to timeout', async () => {
    const { api } = client(() => new Promise<Response>(() => {}));
    const error = await mixPayError(api.quoteAssets({}, { timeoutMs: 5 }));
    expect(error.kind).toBe('timeout');
  });

  it('uses the client-wide timeout too', async () => {
    const { api } = client(() => new Promise<Response>(() => {}), 5);
    expect((await mixPayError(api.paymentResult({ traceId: TRACE }))).kind).toBe('timeout');
  });

  it('times out a body that never finishes', async () => {
    const { api } = client(() => new Response(new ReadableStream({ start() {} }), { status: 200 }), 5);
    expect((await mixPayError(api.quoteAssets())).kind).toBe('timeout');
  });

  it("rethrows the caller's abort unchanged (fetch that honours the signal)", async () => {
    const { api, calls } = client(
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const controller = new AbortController();
    const pending = api.quoteAssets({}, { signal: controller.signal });
    const reason = new DOMException('cancelled', 'AbortError');
    controller.abort(reason);
    const error = await rejectionOf(pending);
    expect(error).toBe(reason);
    expect(calls).toHaveLength(1);
  });

  it("rethrows the caller's abort even when fetch ignores the signal", async () => {
    const { api } = client(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const pending = api.quoteAssets({}, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).not.toBeInstanceOf(MixPayError);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('does not call fetch when the signal is already aborted', async () => {
    const { api, calls } = client(() => okEnvelope([]));
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(api.quoteAssets({}, { signal: controller.signal }));
    expect((error as DOMException).name).toBe('AbortError');
    expect(calls).toHaveLength(0);
  });

  it('maps HTTP 500 with an HTML body to http', async () => {
    const { api } = client(() => new Response('<html><body>Bad gateway</body></html>', { status: 500 }));
    const error = await mixPayError(api.quoteAssets());
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
  });

  it('maps HTTP 429 to rate-limited with retry-after and remaining', async () => {
    const { api } = client(
      () =>
        new Response('Too Many Attempts.', {
          status: 429,
          headers: { 'retry-after': '30', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' },
        }),
    );
    const error = await mixPayError(api.paymentResult({ traceId: TRACE }));
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.rateLimitRemaining).toBe(0);
  });

  it('maps envelope code 1429 in a 200 answer to rate-limited', async () => {
    const { api } = client(() =>
      errorEnvelope(1429, 'Too Many Attempts.', 200, { 'x-ratelimit-remaining': '0' }),
    );
    const error = await mixPayError(api.quoteAssets());
    expect(error.kind).toBe('rate-limited');
    expect(error.code).toBe(1429);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.rateLimitRemaining).toBe(0);
  });

  it('maps success:false to api with code and message', async () => {
    const { api } = client(() => errorEnvelope(10001, 'User does not exist'));
    const error = await mixPayError(api.mixinUuid('123'));
    expect(error.kind).toBe('api');
    expect(error.code).toBe(10001);
    expect(error.apiMessage).toBe('User does not exist');
    expect(error.status).toBe(200);
  });

  it('maps a non-2xx answer with an error envelope to api and keeps the status', async () => {
    const { api } = client(() => errorEnvelope(404, 'The payment link does not exist', 404));
    const error = await mixPayError(api.paymentResult({ traceId: TRACE }));
    expect(error.kind).toBe('api');
    expect(error.status).toBe(404);
    expect(error.code).toBe(404);
  });

  it('maps malformed JSON to invalid-response', async () => {
    const { api } = client(() => new Response('{"code":0,"success":true,', { status: 200 }));
    expect((await mixPayError(api.quoteAssets())).kind).toBe('invalid-response');
  });

  it('maps a non-JSON body to invalid-response', async () => {
    const { api } = client(() => new Response('<!doctype html><p>captive portal</p>', { status: 200 }));
    expect((await mixPayError(api.quoteAssets())).kind).toBe('invalid-response');
  });

  it('maps JSON of the wrong shape to invalid-response', async () => {
    const { api } = client(() => jsonResponse([1, 2, 3]));
    expect((await mixPayError(api.quoteAssets())).kind).toBe('invalid-response');
  });

  it('maps a success envelope whose data misses required fields to invalid-response', async () => {
    const { api } = client(() => okEnvelope({ status: 'success', quoteAmount: '10' }));
    const error = await mixPayError(api.paymentResult({ traceId: TRACE }));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/quoteAssetId|payeeId/);
  });

  it('maps a missing status to invalid-response', async () => {
    const { status: _omit, ...withoutStatus } = resultJson;
    const { api } = client(() => okEnvelope(withoutStatus));
    expect((await mixPayError(api.paymentResult({ traceId: TRACE }))).kind).toBe('invalid-response');
  });

  it('maps invalid JSON that only quoting numbers would fix to invalid-response', async () => {
    const { api } = client(() => textResponse('{"code":0,"success":true,"data":{1:2}}'));
    expect((await mixPayError(api.quoteAssets())).kind).toBe('invalid-response');
  });

  it('rejects a garbage amount', async () => {
    const { api } = client(() => okEnvelope([{ ...quoteAssetJson, minQuoteAmount: 'ten' }]));
    expect((await mixPayError(api.quoteAssets())).kind).toBe('invalid-response');
  });
});

describe('requests', () => {
  it('sends GETs without custom headers and with encoded query params', async () => {
    const { api, calls } = client(() => okEnvelope([]));
    await api.settlementAssets({ payeeId: 'a b&c', quoteAssetId: 'usd', quoteAmount: '10.5' });
    await api.paymentAssets({ payeeId: PAYEE, quoteAssetId: 'usd', quoteAmount: '1' });
    await api.quoteAssets();
    await api.quoteAssets({ payeeId: PAYEE });
    expect(calls.map((c) => c.url)).toEqual([
      `${API}/setting/settlement_assets?payeeId=a%20b%26c&quoteAssetId=usd&quoteAmount=10.5`,
      `${API}/setting/payment_assets?payeeId=${PAYEE}&quoteAssetId=usd&quoteAmount=1`,
      `${API}/setting/quote_assets`,
      `${API}/setting/quote_assets?payeeId=${PAYEE}`,
    ]);
    for (const call of calls) {
      expect(call.init.method).toBe('GET');
      expect(call.init.headers).toBeUndefined();
      expect(call.init.body).toBeUndefined();
      expect(call.init.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it('builds the result, info, estimate and mixin-uuid URLs', async () => {
    const { api, calls } = client(({ url }) => {
      if (url.includes('payments_result')) return okEnvelope(resultJson);
      if (url.includes('payments_info')) return okEnvelope(paymentJson);
      if (url.includes('payments_estimated')) {
        return okEnvelope({ price: '38000.5', paymentAmount: 0.00026, estimatedSettlementAmount: '10' });
      }
      return okEnvelope({ payeeId: PAYEE });
    });
    await api.paymentResult({ traceId: TRACE });
    await api.paymentResult({ orderId: 'order_1', payeeId: PAYEE }, { with: ['payment', 'transactions'] });
    await api.paymentsInfo({ traceId: TRACE });
    const estimate = await api.paymentsEstimated({
      paymentAssetId: BTC,
      settlementAssetId: USDT,
      quoteAssetId: 'usd',
      quoteAmount: '10',
    });
    await api.mixinUuid('4005/3095?x');
    expect(estimate.data).toEqual({
      price: '38000.5',
      paymentAmount: '0.00026',
      estimatedSettlementAmount: '10',
    });
    expect(calls.map((c) => c.url)).toEqual([
      `${API}/payments_result?traceId=${TRACE}`,
      `${API}/payments_result?orderId=order_1&payeeId=${PAYEE}&with=payment%2Ctransactions`,
      `${API}/payments_info?traceId=${TRACE}`,
      `${API}/payments_estimated?paymentAssetId=${BTC}&settlementAssetId=${USDT}&quoteAssetId=usd&quoteAmount=10`,
      `${API}/user/mixin_uuid/4005%2F3095%3Fx`,
    ]);
    expect(new URL(calls[1].url).searchParams.get('with')).toBe('payment,transactions');
  });

  it('POSTs form-encoded bodies with booleans as 1/0 and undefined params omitted', async () => {
    const { api, calls } = client(() => okEnvelope({ code: TRACE }));
    const res = await api.createOneTimePayment({
      payeeId: PAYEE,
      quoteAmount: '10.50',
      quoteAssetId: 'usd',
      settlementAssetId: USDT,
      traceId: TRACE,
      strictMode: true,
      isTemp: false,
      remark: 'Table 4 & co ☕',
      expiredTimestamp: 1700000000,
    });
    expect(res.data).toEqual({ code: TRACE });
    const [call] = calls;
    expect(call.url).toBe(`${API}/one_time_payment`);
    expect(call.init.method).toBe('POST');
    expect(new Headers(call.init.headers).get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(typeof call.init.body).toBe('string');
    const body = new URLSearchParams(call.init.body as string);
    expect(Object.fromEntries(body)).toEqual({
      payeeId: PAYEE,
      quoteAmount: '10.50',
      quoteAssetId: 'usd',
      settlementAssetId: USDT,
      traceId: TRACE,
      strictMode: '1',
      remark: 'Table 4 & co ☕',
      expiredTimestamp: '1700000000',
      isTemp: '0',
    });
  });

  it('sends isChain 0 for Mixin payments and 1 for on-chain ones', async () => {
    const { api, calls } = client(() => okEnvelope({ ...paymentJson, isChain: false }));
    const params = {
      payeeId: PAYEE,
      quoteAmount: '10',
      quoteAssetId: 'usd',
      settlementAssetId: USDT,
      paymentAssetId: BTC,
      traceId: TRACE,
      note: 'hi',
    };
    await api.createPayment(params);
    await api.createChainPayment(params);
    await api.refreshPayment({ traceId: TRACE });
    expect(calls.map((c) => c.url)).toEqual([
      `${API}/payments`,
      `${API}/payments`,
      `${API}/payments/refresh`,
    ]);
    const bodies = calls.map((c) => new URLSearchParams(c.init.body as string));
    expect(bodies[0].get('isChain')).toBe('0');
    expect(bodies[0].get('paymentAssetId')).toBe(BTC);
    expect(bodies[0].get('note')).toBe('hi');
    expect(bodies[0].has('clientId')).toBe(false);
    expect(bodies[1].get('isChain')).toBe('1');
    expect(Object.fromEntries(bodies[2])).toEqual({ traceId: TRACE });
  });

  it('resolves a relative API URL against the page origin and tolerates trailing slashes', async () => {
    const fake = fakeFetch(() => okEnvelope([]));
    const api = createMixPayClient({ apiUrl: '/sandbox/v1/', fetch: fake.fetch });
    const original = Object.getOwnPropertyDescriptor(globalThis, 'location');
    Object.defineProperty(globalThis, 'location', {
      value: { origin: 'http://localhost:4173' },
      configurable: true,
    });
    try {
      await api.quoteAssets();
    } finally {
      if (original) Object.defineProperty(globalThis, 'location', original);
      else Reflect.deleteProperty(globalThis, 'location');
    }
    expect(fake.calls[0].url).toBe('http://localhost:4173/sandbox/v1/setting/quote_assets');
  });

  it('tolerates a trailing slash on an absolute API URL', async () => {
    const fake = fakeFetch(() => okEnvelope([]));
    await createMixPayClient({ apiUrl: `${API}//`, fetch: fake.fetch }).quoteAssets();
    expect(fake.calls[0].url).toBe(`${API}/setting/quote_assets`);
  });
});
