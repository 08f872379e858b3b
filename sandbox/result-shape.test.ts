/**
 * payments_result answers have the field set of MixPay's documented example (copied into
 * fixtures/ so this test does not depend on anything outside sandbox/), and unknown traces answer
 * with whichever undocumented error envelope the test asks for.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BTC,
  PAYEE,
  USDT,
  USDT_TRC20,
  fakeClock,
  paylink,
  startTestServer,
  type TestServer,
} from './test-support.ts';

interface DocsExample {
  example: {
    data: Record<string, unknown> & {
      transactions: Record<string, unknown>[];
      payment: Record<string, unknown>;
    };
  };
}

const docs = JSON.parse(
  readFileSync(new URL('./fixtures/payments-result-example.json', import.meta.url), 'utf8'),
) as DocsExample;
const example = docs.example.data;

const clock = fakeClock(Date.UTC(2026, 8, 1, 9, 30, 15, 250));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now });
});
afterAll(() => server.stop());
beforeEach(() => server.sandbox.reset());

type Data = Record<string, unknown> & {
  transactions: Record<string, unknown>[];
  payment: Record<string, unknown>;
};

async function result(traceId: string): Promise<Data> {
  const { body } = await server.api<Data>(`/payments_result?traceId=${traceId}&with=payment,transactions`);
  expect(body.success).toBe(true);
  return body.data;
}

async function act(traceId: string, action: string, body: unknown = {}) {
  const res = await server.control('POST', `/payments/${traceId}/${action}`, body);
  expect(res.status).toBe(200);
}

function expectSameKeysAndTypes(actual: Record<string, unknown>, documented: Record<string, unknown>) {
  for (const [key, value] of Object.entries(documented)) {
    expect(actual, `field ${key}`).toHaveProperty(key);
    expect(Array.isArray(actual[key]), `field ${key} is an array`).toBe(Array.isArray(value));
    expect(typeof actual[key], `type of field ${key}`).toBe(typeof value);
  }
}

describe('payments_result field set', () => {
  it('has every field of the documented example, with the same JSON types', async () => {
    const traceId = crypto.randomUUID();
    await server.control('POST', '/open', { url: paylink(server, { traceId }) });
    await act(traceId, 'underpay', { quoteAmount: '2' });
    await act(traceId, 'pay', { confirmations: 1 });
    clock.advance(5000);
    const data = await result(traceId);
    expect(data.status).toBe('success');
    expectSameKeysAndTypes(data, example);
    expect(data.transactions).toHaveLength(2);
    for (const t of data.transactions) expectSameKeysAndTypes(t, example.transactions[0] ?? {});
    expect(Object.keys(data.transactions[0] ?? {}).sort()).toEqual(
      Object.keys(example.transactions[0] ?? {}).sort(),
    );
    expect(Object.keys(data.payment).sort()).toEqual(Object.keys(example.payment).sort());
    expectSameKeysAndTypes(data.payment, example.payment);
    // Beyond the example: the order's deadline.
    expect(typeof data.expiredAt).toBe('number');
  });

  it('has the same field set while unpaid (channel fields empty strings)', async () => {
    const traceId = crypto.randomUUID();
    await server.api('/one_time_payment', {
      payeeId: PAYEE,
      quoteAssetId: 'usd',
      quoteAmount: '5',
      settlementAssetId: USDT,
      traceId,
    });
    const data = await result(traceId);
    expectSameKeysAndTypes(data, example);
    expect(data).toMatchObject({ status: 'unpaid', transactions: [], txid: '', blockExplorerUrl: '' });
    expect(data.payment).toEqual({ isMultiPay: false, isFullyPaid: false, totalTransactionsAmount: '0' });
  });

  it('omits payment and transactions unless asked for', async () => {
    const traceId = crypto.randomUUID();
    await server.control('POST', '/open', { url: paylink(server, { traceId }) });
    const plain = await server.api<Record<string, unknown>>(`/payments_result?traceId=${traceId}`);
    expect(plain.body.data).not.toHaveProperty('payment');
    expect(plain.body.data).not.toHaveProperty('transactions');
    const onlyPayment = await server.api<Record<string, unknown>>(
      `/payments_result?traceId=${traceId}&with=payment`,
    );
    expect(onlyPayment.body.data).toHaveProperty('payment');
    expect(onlyPayment.body.data).not.toHaveProperty('transactions');
  });

  it('writes transactions like the docs: paymentAmount, versions, ISO broadcastAt, confirmSeconds', async () => {
    const traceId = crypto.randomUUID();
    await server.control('POST', '/open', {
      url: paylink(server, { traceId, quoteAmount: '10', settlementAssetId: USDT_TRC20 }),
      choose: USDT_TRC20,
      wallet: 'on-chain',
    });
    const broadcast = clock.now();
    await act(traceId, 'pay', { confirmations: 19, autoConfirm: false });
    clock.advance(42_000);
    await act(traceId, 'confirm', { count: 5 });
    const confirming = await result(traceId);
    expect(confirming.transactions[0]).toEqual({
      paymentAmount: '10',
      paymentAssetId: USDT_TRC20,
      paymentAssetSymbol: 'USDT',
      paymentAssetVersion: 'TRC20',
      requiredConfirms: 19,
      confirmations: 5,
      txid: confirming.txid,
      blockExplorerUrl: `https://tronscan.org/#/transaction/${String(confirming.txid)}`,
      broadcastAt: new Date(broadcast).toISOString().replace(/Z$/, '000Z'),
      confirmSeconds: 0,
    });
    expect(String(confirming.transactions[0]?.broadcastAt)).toMatch(/^2026-09-01T09:\d\d:\d\d\.\d{6}Z$/);
    expect(confirming).toMatchObject({
      status: 'confirming',
      confirmations: 5,
      paymentAssetVersion: 'TRC20',
      payableAssetVersion: 'TRC20',
      settleAssetVersion: 'TRC20',
      quoteAssetVersion: '',
    });
    expect(confirming.payment).toEqual({
      isMultiPay: false,
      isFullyPaid: true,
      totalTransactionsAmount: '10',
    });
    clock.advance(18_000);
    await act(traceId, 'confirm');
    const confirmed = await result(traceId);
    expect(confirmed.transactions[0]).toMatchObject({ confirmations: 19, confirmSeconds: 60 });
    expect(new Date(String(confirmed.transactions[0]?.broadcastAt)).getTime()).toBe(broadcast);
    expect(confirmed.date).toBe(Math.floor(broadcast / 1000));
  });

  it('reports the paid asset with its version and the settlement asset without one for BTC', async () => {
    const traceId = crypto.randomUUID();
    await server.control('POST', '/open', {
      url: paylink(server, { traceId, settlementAssetId: BTC }),
      choose: true,
    });
    await act(traceId, 'pay');
    expect(await result(traceId)).toMatchObject({
      paymentAssetId: BTC,
      paymentAssetVersion: '',
      settleAsset: BTC,
      settleAssetVersion: '',
      settleStatus: 'success',
    });
  });
});

describe('a trace nobody has opened', () => {
  const unknown = () => `/payments_result?traceId=${crypto.randomUUID()}`;

  it('answers HTTP 200 + code 404 by default, also by orderId and on payments_info', async () => {
    for (const path of [
      unknown(),
      `/payments_result?orderId=order_0001&payeeId=${PAYEE}`,
      `/payments_info?traceId=${crypto.randomUUID()}`,
    ]) {
      const { res, body } = await server.api(path);
      expect(res.status, path).toBe(200);
      expect(body, path).toMatchObject({
        code: 404,
        success: false,
        message: 'The payment link you visited does not exist',
        data: [],
      });
    }
  });

  it.each([
    [{ code: 40022 }, 200, 40022, 'TraceId does not exist.'],
    [{ code: 10062, httpStatus: 200 }, 200, 10062, 'The requested order does not exist.'],
    [{ code: 404, httpStatus: 404 }, 404, 404, 'The payment link you visited does not exist'],
    [{ code: 40022, httpStatus: 400 }, 400, 40022, 'TraceId does not exist.'],
    [{ httpStatus: 404 }, 404, 404, 'The payment link you visited does not exist'],
    [{ code: 10062, message: 'Order missing' }, 200, 10062, 'Order missing'],
  ])('config unknownTrace %o → HTTP %i, code %i', async (unknownTrace, httpStatus, code, message) => {
    const set = await server.control<{ config: { unknownTrace: unknown } }>('POST', '/config', {
      unknownTrace,
    });
    expect(set.status).toBe(200);
    expect(set.body.config.unknownTrace).toEqual({ code, httpStatus, message });
    const { res, body } = await server.api(unknown());
    expect(res.status).toBe(httpStatus);
    expect(body).toMatchObject({ code, success: false, message, data: [] });
    // A known trace is unaffected.
    const traceId = crypto.randomUUID();
    await server.control('POST', '/open', { url: paylink(server, { traceId }) });
    expect((await server.api(`/payments_result?traceId=${traceId}`)).body.success).toBe(true);
  });

  it('refuses bad unknownTrace settings and resets to the default', async () => {
    for (const unknownTrace of [
      { httpStatus: 302 },
      { httpStatus: 500 },
      { code: 'x' },
      'nope',
      { message: 1 },
    ]) {
      expect((await server.control('POST', '/config', { unknownTrace })).status).toBe(400);
    }
    await server.control('POST', '/config', { unknownTrace: { code: 40022, httpStatus: 404 } });
    await server.control('POST', '/reset');
    const { res, body } = await server.api(unknown());
    expect(res.status).toBe(200);
    expect(body.code).toBe(404);
  });

  it('tamper still forges a result for an unknown trace whatever the error code', async () => {
    await server.control('POST', '/config', { unknownTrace: { code: 10062, httpStatus: 404 } });
    await server.control('POST', '/faults', {
      mode: 'tamper',
      tamper: { field: 'quoteAmount', value: '0.01' },
    });
    const { res, body } = await server.api<Record<string, unknown>>(unknown());
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ status: 'success', quoteAmount: '0.01' });
  });
});

describe('isolation from the app', () => {
  it('imports nothing from src/', () => {
    const dir = new URL('./', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from\s+['"](\.\.\/src\/|@\/)/);
      expect(text, file).not.toMatch(/import\(\s*['"](\.\.\/src\/|@\/)/);
    }
  });
});
