import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BTC,
  ETH,
  PAYEE,
  USDT,
  fakeClock,
  paylink,
  startTestServer,
  type TestServer,
} from './test-support.ts';

type Result = Record<string, unknown> & {
  status: string;
  confirmations: number;
  payment?: { isMultiPay: boolean; isFullyPaid: boolean; totalTransactionsAmount: string };
  transactions?: { paymentAmount: string; txid: string; confirmations: number; requiredConfirms: number }[];
};

const clock = fakeClock();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now });
});
afterAll(() => server.stop());
beforeEach(() => server.sandbox.reset());

async function result(traceId: string, extra = ''): Promise<Result> {
  const { body } = await server.api<Result>(`/payments_result?traceId=${traceId}${extra}`);
  expect(body.success).toBe(true);
  return body.data;
}

async function open(url: string): Promise<string> {
  const { status, body } = await server.control<{ traceId: string }>('POST', '/open', { url });
  expect(status).toBe(200);
  return body.traceId;
}

async function act(traceId: string, action: string, body: unknown = {}) {
  return server.control<Record<string, unknown>>('POST', `/payments/${traceId}/${action}`, body);
}

describe('paylink', () => {
  it('is unknown until opened, unpaid once opened, and success with the asked fields once paid', async () => {
    const traceId = crypto.randomUUID();
    const link = paylink(server, { traceId, remark: 'Table 4', orderId: 'order_0001' });
    expect((await server.api(`/payments_result?traceId=${traceId}`)).body.code).toBe(404);

    expect(await open(link)).toBe(traceId);
    expect(await result(traceId)).toMatchObject({ status: 'unpaid', confirmations: -1, failureCode: '0' });

    expect((await act(traceId, 'pay')).status).toBe(200);
    const paid = await result(traceId);
    expect(paid).toMatchObject({
      status: 'success',
      quoteAmount: '12.34',
      quoteSymbol: 'USD',
      quoteAssetId: 'usd',
      payeeId: PAYEE,
      paymentAssetId: USDT,
      paymentSymbol: 'USDT',
      paymentAmount: '12.34',
      confirmations: -1,
      traceId,
      orderId: 'order_0001',
      settleStatus: 'success',
      settleAmount: '12.34',
      settleSymbol: 'USDT',
      settleAsset: USDT,
      surplusAmount: '0',
      surplusStatus: 'no',
    });
    expect(paid.date).toBe(Math.floor(clock.now() / 1000));
    expect(typeof paid.txid).toBe('string');
    expect(String(paid.blockExplorerUrl)).toMatch(/^https:\/\//);

    // The same trace can also be read by orderId + payeeId.
    const byOrder = await server.api<Result>(`/payments_result?orderId=order_0001&payeeId=${PAYEE}`);
    expect(byOrder.body.data.traceId).toBe(traceId);
    // Paying twice is refused.
    expect((await act(traceId, 'pay')).status).toBe(409);
  });

  it('reports "10" as "10.00" so the app must compare decimals', async () => {
    const traceId = await open(paylink(server, { quoteAmount: '10' }));
    await act(traceId, 'pay');
    expect((await result(traceId)).quoteAmount).toBe('10.00');
  });

  it('renders the checkout page and a 400 page for invalid links', async () => {
    const traceId = crypto.randomUUID();
    const res = await fetch(paylink(server, { traceId, remark: 'Latte <x>' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('12.34 USD');
    expect(html).toContain('Latte &lt;x&gt;');
    expect(html).toContain(traceId);
    for (const label of [
      'Choose',
      'Pay exact amount',
      'Pay and wait for confirmations',
      'Pay a different amount',
      'Pay less than due',
      'Stay pending (processing)',
      'Send to review (auditing)',
      'Pay with the wrong asset',
      'Fail payment',
      'Show this status',
      'Use the legacy status set',
    ]) {
      expect(html).toContain(label);
    }
    expect(html).not.toMatch(/<script|src="http/);

    const bad = await fetch(paylink(server, { quoteAmount: '0' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Price too low');
  });

  it('takes the edited parameters when an unpaid link is opened again changed', async () => {
    const traceId = crypto.randomUUID();
    await open(paylink(server, { traceId, quoteAmount: '10' }));
    await open(paylink(server, { traceId, quoteAmount: '0.01' }));
    await act(traceId, 'pay');
    expect(await result(traceId)).toMatchObject({ status: 'success', quoteAmount: '0.01' });
  });

  it('pays a different amount: success, with the amount the payer chose', async () => {
    const traceId = await open(paylink(server, { quoteAmount: '10' }));
    await act(traceId, 'pay', { quoteAmount: '0.01' });
    expect(await result(traceId)).toMatchObject({
      status: 'success',
      quoteAmount: '0.01',
      paymentAmount: '0.01',
    });
  });

  it('fails with 40020 on the wrong asset and with a chosen code on fail', async () => {
    const wrong = await open(paylink(server));
    await act(wrong, 'wrong-asset');
    const wrongResult = await result(wrong);
    expect(wrongResult).toMatchObject({
      status: 'failed',
      failureCode: '40020',
      failureReason: 'Wrong asset paid',
    });
    expect(wrongResult.paymentAssetId).not.toBe(USDT);

    const failed = await open(paylink(server));
    await act(failed, 'fail');
    expect(await result(failed)).toMatchObject({
      status: 'failed',
      failureCode: '40024',
      failureReason: 'Wrong amount paid',
    });

    const volatile = await open(paylink(server));
    await act(volatile, 'fail', { failureCode: 40025 });
    expect(await result(volatile)).toMatchObject({
      failureCode: '40025',
      failureReason: 'Too much market volatility',
    });
  });

  it('goes confirming with rising confirmations, then pending (processing), then success', async () => {
    const traceId = await open(paylink(server));
    await act(traceId, 'pay', { confirmations: 3 });
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 0 });
    clock.advance(1000);
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 1 });
    clock.advance(1500);
    const two = await result(traceId, '&with=transactions');
    expect(two).toMatchObject({ status: 'confirming', confirmations: 2 });
    expect(two.transactions?.[0]).toMatchObject({ confirmations: 2, requiredConfirms: 3 });
    clock.advance(500);
    // Fully paid and confirmed: MixPay processes for processingMs (default 1 s). Not success yet.
    expect(await result(traceId)).toMatchObject({
      status: 'pending',
      confirmations: -1,
      settleStatus: 'pending',
    });
    clock.advance(999);
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1);
    expect(await result(traceId)).toMatchObject({ status: 'success', confirmations: -1 });
  });

  it('reaches auditing through the status setter, and unpaid again', async () => {
    const traceId = await open(paylink(server));
    await act(traceId, 'status', { status: 'auditing' });
    expect((await result(traceId)).status).toBe('auditing');
    await act(traceId, 'status', { status: 'unpaid' });
    expect((await result(traceId)).status).toBe('unpaid');
  });

  it('fails with 40000 "Payment overtime" once expiredTimestamp passes', async () => {
    const expiry = Math.floor(clock.now() / 1000) + 60;
    const traceId = await open(paylink(server, { expiredTimestamp: String(expiry) }));
    expect((await result(traceId)).status).toBe('unpaid');
    clock.advance(61_000);
    expect(await result(traceId)).toMatchObject({
      status: 'failed',
      failureCode: '40000',
      failureReason: 'Payment overtime',
    });
    expect((await act(traceId, 'pay')).status).toBe(409);
  });

  it('honours clockOffsetMs from the control API', async () => {
    const expiry = Math.floor(clock.now() / 1000) + 60;
    const traceId = await open(paylink(server, { expiredTimestamp: String(expiry) }));
    await server.control('POST', '/config', { clockOffsetMs: 120_000 });
    expect((await result(traceId)).failureCode).toBe('40000');
  });

  it('answers 404 when paying an unknown trace', async () => {
    const res = await act(crypto.randomUUID(), 'pay');
    expect(res.status).toBe(404);
    expect(res.body).toHaveProperty('error');
  });

  it('supports the checkout page buttons without JavaScript (form post → 303 back)', async () => {
    const link = paylink(server);
    const traceId = await open(link);
    const res = await fetch(new URL(`sandbox/_control/payments/${traceId}/pay`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: link },
      body: new URLSearchParams({ confirmations: '2' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(new URL(link).pathname + new URL(link).search);
    const page = await (await fetch(link)).text();
    expect(page).toContain('Waiting for confirmations');
    expect(page).toContain('http-equiv="refresh"');
    expect(page).toContain('Confirm now');
    expect(page).not.toContain('Pay exact amount');
  });
});

describe('one-time payment', () => {
  const form = { payeeId: PAYEE, quoteAssetId: 'usd', quoteAmount: '25', settlementAssetId: USDT };

  it('returns the traceId as code, is idempotent, and serves /code/{code}', async () => {
    const traceId = crypto.randomUUID();
    const first = await server.api<{ code: string }>('/one_time_payment', { ...form, traceId });
    expect(first.body.data.code).toBe(traceId);
    const again = await server.api<{ code: string }>('/one_time_payment', {
      ...form,
      traceId,
      quoteAmount: '25.00',
    });
    expect(again.body.data.code).toBe(traceId);
    const changed = await server.api('/one_time_payment', { ...form, traceId, quoteAmount: '26' });
    expect(changed.body.code).toBe(10011);

    expect((await result(traceId)).status).toBe('unpaid');
    const page = await fetch(new URL(`sandbox/code/${traceId}`, server.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('25.00 USD');
    expect((await fetch(new URL(`sandbox/code/${crypto.randomUUID()}`, server.url))).status).toBe(404);

    // Its parameters cannot be edited through a paylink with the same trace.
    const edited = await fetch(paylink(server, { traceId, quoteAmount: '0.01' }));
    expect(edited.status).toBe(400);

    const opened = await server.control<{ traceId: string }>('POST', '/open', {
      url: new URL(`sandbox/code/${traceId}`, server.url).toString(),
    });
    expect(opened.body.traceId).toBe(traceId);
    await act(traceId, 'pay');
    expect(await result(traceId)).toMatchObject({ status: 'success', quoteAmount: '25.00' });
  });

  it('makes up a code when no traceId is given', async () => {
    const { body } = await server.api<{ code: string }>('/one_time_payment', form);
    expect(body.data.code).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('wallet payments (POST /payments)', () => {
  const form = {
    payeeId: PAYEE,
    quoteAssetId: 'usd',
    quoteAmount: '100',
    settlementAssetId: USDT,
    paymentAssetId: BTC,
  };

  it('keeps the amount within the price window and drifts it after', async () => {
    const traceId = crypto.randomUUID();
    const first = await server.api<Record<string, unknown>>('/payments', { ...form, traceId });
    expect(first.body.data).toMatchObject({
      isChain: false,
      seconds: 60,
      traceId,
      payeeId: PAYEE,
      paymentAssetId: BTC,
      paymentAssetSymbol: 'BTC',
      paymentAmount: '0.00153847',
      quoteAmount: '100',
      quoteAssetSymbol: 'USD',
      settlementAssetSymbol: 'USDT',
      estimatedSettlementAmount: '100',
      destination: '',
      tag: '',
    });
    expect(first.body.data.expire).toBe(Math.floor(clock.now() / 1000) + 60);
    expect(first.body.data.recipient).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(first.body.data.memo).length).toBeGreaterThan(0);

    clock.advance(30_000);
    const within = await server.api<Record<string, unknown>>('/payments', { ...form, traceId });
    expect(within.body.data).toMatchObject({ paymentAmount: '0.00153847', seconds: 30 });

    clock.advance(31_000);
    const after = await server.api<Record<string, unknown>>('/payments', { ...form, traceId });
    expect(after.body.data.paymentAmount).toBe('0.00154'); // +0.1 %
    expect(after.body.data.seconds).toBe(60);

    const info = await server.api<Record<string, unknown>>(`/payments_info?traceId=${traceId}`);
    expect(info.body.data).toMatchObject({ paymentAmount: '0.00154', status: 'unpaid' });

    await act(traceId, 'pay');
    expect(await result(traceId)).toMatchObject({
      status: 'success',
      paymentAmount: '0.00154',
      paymentAssetId: BTC,
    });
  });

  it('shares the traceId with a paylink (switching wallet mode keeps one trace)', async () => {
    const traceId = crypto.randomUUID();
    await open(paylink(server, { traceId, quoteAmount: '100' }));
    const wallet = await server.api<Record<string, unknown>>('/payments', {
      ...form,
      traceId,
      paymentAssetId: ETH,
    });
    expect(wallet.body.data.paymentAmount).toBe('0.03125');
    expect((await result(traceId)).paymentAssetId).toBe(ETH);
  });

  it('gives an on-chain address, a 600 s window, refreshes, and adds up partial transfers', async () => {
    const traceId = crypto.randomUUID();
    const created = await server.api<Record<string, unknown>>('/payments', {
      ...form,
      traceId,
      isChain: '1',
    });
    expect(created.body.data).toMatchObject({
      isChain: true,
      seconds: 600,
      paymentAmount: '0.00153847',
      tag: '',
    });
    expect(created.body.data.destination).toMatch(/^bc1q[02-9ac-hj-np-z]{38}$/);

    const eth = await server.api<Record<string, unknown>>('/payments', {
      ...form,
      traceId: crypto.randomUUID(),
      paymentAssetId: USDT,
      isChain: 'true',
    });
    expect(eth.body.data.destination).toMatch(/^0x[0-9a-f]{40}$/);

    clock.advance(601_000);
    const refreshed = await server.api<Record<string, unknown>>('/payments/refresh', { traceId });
    expect(refreshed.body.data).toMatchObject({ seconds: 600, paymentAmount: '0.00154' });

    await act(traceId, 'pay', { amount: '0.001' });
    const partial = await result(traceId, '&with=payment,transactions');
    expect(partial).toMatchObject({ status: 'paid_less', paymentAmount: '0.001', payableAmount: '0.00154' });
    expect(partial.payment).toEqual({
      isMultiPay: false,
      isFullyPaid: false,
      totalTransactionsAmount: '0.001',
    });
    expect(partial.transactions).toHaveLength(1);

    await act(traceId, 'pay', { amount: '0.00054', confirmations: 2 });
    const confirming = await result(traceId, '&with=payment,transactions');
    expect(confirming).toMatchObject({ status: 'confirming', confirmations: 0 });
    expect(confirming.payment).toEqual({
      isMultiPay: true,
      isFullyPaid: true,
      totalTransactionsAmount: '0.00154',
    });
    expect(confirming.transactions?.map((t) => t.paymentAmount)).toEqual(['0.001', '0.00054']);
    expect(String(confirming.blockExplorerUrl)).toContain('blockstream.info');

    clock.advance(2000);
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1000);
    expect(await result(traceId)).toMatchObject({ status: 'success', paymentAmount: '0.00154' });
  });
});

describe('request log', () => {
  it('records /v1 and checkout requests, filterable by path and time', async () => {
    await server.control('DELETE', '/requests');
    const traceId = crypto.randomUUID();
    const since = clock.now();
    await server.api(`/payments_result?traceId=${traceId}`);
    await server.api('/setting/quote_assets');
    const { body } = await server.control<{ requests: Record<string, unknown>[] }>(
      'GET',
      `/requests?path=/v1/payments_result&since=${since}`,
    );
    expect(body.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/payments_result',
        query: { traceId },
        status: 200,
        code: 404,
      }),
    ]);
    expect(typeof body.requests[0]?.client).toBe('string');
    const all = await server.control<{ requests: unknown[] }>('GET', '/requests');
    expect(all.body.requests).toHaveLength(2);
  });
});
