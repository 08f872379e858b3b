/**
 * The payment lifecycle since 2026-08-13 (unpaid → confirming → paid_less / pending → success,
 * auditing, failed), its deadline rules, the payer's channel choice, pinned unknown statuses and
 * the switch to the legacy status set: every transition driven step by step through the control API.
 */
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
  paymentAmount: string;
  payableAmount: string;
  payment?: { isMultiPay: boolean; isFullyPaid: boolean; totalTransactionsAmount: string };
  transactions?: { paymentAmount: string; confirmations: number; requiredConfirms: number }[];
};

const clock = fakeClock();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now });
});
afterAll(() => server.stop());
beforeEach(() => server.sandbox.reset());

async function result(traceId: string, extra = '&with=payment,transactions'): Promise<Result> {
  const { body } = await server.api<Result>(`/payments_result?traceId=${traceId}${extra}`);
  expect(body.success).toBe(true);
  return body.data;
}

async function open(url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await server.control<{ traceId: string }>('POST', '/open', { url, ...extra });
  expect(status).toBe(200);
  return body.traceId;
}

async function act(traceId: string, action: string, body: unknown = {}, expected = 200) {
  const res = await server.control<Record<string, unknown>>('POST', `/payments/${traceId}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  return res.body;
}

/** A $10.00 paylink settled in USDT, so payment amounts equal quote amounts. */
async function tenDollars(overrides: Record<string, string> = {}): Promise<string> {
  return open(paylink(server, { quoteAmount: '10', ...overrides }));
}

const nowSeconds = () => Math.floor(clock.now() / 1000);

describe('channel: how the payer pays', () => {
  const form = { payeeId: PAYEE, quoteAssetId: 'usd', quoteAmount: '25', settlementAssetId: USDT };

  it('a one-time trace reads unpaid from creation with an empty channel until the payer chooses', async () => {
    const traceId = crypto.randomUUID();
    await server.api('/one_time_payment', { ...form, traceId, paymentAssetId: BTC });
    const fresh = await result(traceId);
    expect(fresh).toMatchObject({
      status: 'unpaid',
      paymentAssetId: '',
      paymentSymbol: '',
      paymentAssetVersion: '',
      payableAmount: '',
      payableSymbol: '',
      payableAssetId: '',
      confirmations: -1,
    });
    expect(
      (await server.control<{ openedAt: number | null }>('GET', `/payments/${traceId}`)).body.openedAt,
    ).toBe(null);

    // Opening the page alone chooses nothing.
    await open(new URL(`sandbox/code/${traceId}`, server.url).toString());
    expect((await result(traceId)).payableAmount).toBe('');
    const view = await server.control<{ openedAt: number }>('GET', `/payments/${traceId}`);
    expect(view.body.openedAt).toBe(clock.now());

    // Default choice: the link's paymentAssetId.
    await act(traceId, 'choose');
    expect(await result(traceId)).toMatchObject({
      status: 'unpaid',
      paymentAssetId: BTC,
      paymentSymbol: 'BTC',
      payableAssetId: BTC,
      payableSymbol: 'BTC',
      payableAmount: '0.00038462',
    });
    // The payer may change their mind while unpaid.
    await act(traceId, 'choose', { paymentAssetId: USDT, wallet: 'on-chain' });
    expect(await result(traceId)).toMatchObject({
      paymentAssetId: USDT,
      paymentAssetVersion: 'ERC20',
      payableAmount: '25',
      payableAssetVersion: 'ERC20',
    });
    await act(traceId, 'pay', { confirmations: 1 });
    expect(String((await result(traceId)).blockExplorerUrl)).toContain('etherscan.io');
    await act(traceId, 'choose', { paymentAssetId: ETH }, 409);
  });

  it('a paylink is unknown until opened, then unpaid with an empty channel; open can choose at once', async () => {
    const traceId = crypto.randomUUID();
    const link = paylink(server, { traceId });
    expect((await server.api(`/payments_result?traceId=${traceId}`)).body.success).toBe(false);
    await open(link);
    expect(await result(traceId)).toMatchObject({ status: 'unpaid', paymentAssetId: '', payableAmount: '' });

    const chosen = crypto.randomUUID();
    await open(paylink(server, { traceId: chosen }), { choose: true });
    expect(await result(chosen)).toMatchObject({ paymentAssetId: USDT, payableAmount: '12.34' });

    const btc = crypto.randomUUID();
    await open(paylink(server, { traceId: btc }), { choose: BTC, wallet: 'on-chain' });
    const view = await server.control<{ channel: unknown }>('GET', `/payments/${btc}`);
    expect(view.body.channel).toMatchObject({ paymentAssetId: BTC, wallet: 'on-chain' });
    expect((await result(btc)).paymentAssetId).toBe(BTC);
  });

  it('refuses unknown assets and wallets, and on-chain for an asset without a chain', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'choose', { paymentAssetId: 'nope' }, 400);
    await act(traceId, 'choose', { wallet: 'pigeon' }, 400);
    await act(
      traceId,
      'choose',
      { paymentAssetId: 'c94ac88f-4671-3976-b60a-09064f1811e8', wallet: 'on-chain' },
      400,
    );
  });

  it('paying also fills the channel in', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'pay');
    expect(await result(traceId)).toMatchObject({
      paymentAssetId: USDT,
      payableAmount: '10',
      status: 'success',
    });
  });
});

describe('confirming → pending → success', () => {
  it('steps deterministically with manual confirmations', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'pay', { confirmations: 3, autoConfirm: false });
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 0 });
    clock.advance(60_000);
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 0 });
    await act(traceId, 'confirm', { count: 1 });
    const one = await result(traceId);
    expect(one).toMatchObject({ status: 'confirming', confirmations: 1, paymentAmount: '10' });
    expect(one.payment).toMatchObject({ isFullyPaid: true });
    expect(one.transactions?.[0]).toMatchObject({ confirmations: 1, requiredConfirms: 3 });
    await act(traceId, 'confirm');
    expect(await result(traceId)).toMatchObject({ status: 'pending', confirmations: -1 });
    clock.advance(1000);
    expect((await result(traceId)).status).toBe('success');
    await act(traceId, 'confirm', {}, 409);
  });

  it('takes autoConfirm and processingMs from the config, and processingMs per payment', async () => {
    await server.control('POST', '/config', { autoConfirm: false, processingMs: 5000 });
    const traceId = await tenDollars();
    await act(traceId, 'pay', { confirmations: 2 });
    clock.advance(10_000);
    expect((await result(traceId)).confirmations).toBe(0);
    await act(traceId, 'confirm');
    clock.advance(4999);
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1);
    expect((await result(traceId)).status).toBe('success');

    const quick = await tenDollars();
    await act(quick, 'pay', { confirmations: 1, autoConfirm: true, processingMs: 0 });
    clock.advance(1000);
    expect((await result(quick)).status).toBe('success');

    // An instant payment goes straight to success unless told to process.
    const instant = await tenDollars();
    await act(instant, 'pay');
    expect((await result(instant)).status).toBe('success');
    const slow = await tenDollars();
    await act(slow, 'pay', { processingMs: 2000 });
    expect((await result(slow)).status).toBe('pending');
    clock.advance(2000);
    expect((await result(slow)).status).toBe('success');
  });

  it('confirms at once with confirmationIntervalMs 0', async () => {
    await server.control('POST', '/config', { confirmationIntervalMs: 0, processingMs: 0 });
    const traceId = await tenDollars();
    await act(traceId, 'pay', { confirmations: 12 });
    expect((await result(traceId)).status).toBe('success');
  });
});

describe('paid_less and top-ups', () => {
  it('pays 6.00 of 10.00 → paid_less, then the rest on the same trace → success', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'underpay', { quoteAmount: '6.00' });
    const less = await result(traceId);
    expect(less).toMatchObject({
      status: 'paid_less',
      confirmations: -1,
      paymentAmount: '6',
      payableAmount: '10',
      quoteAmount: '10.00',
      settleStatus: 'pending',
    });
    expect(less.payment).toEqual({ isMultiPay: false, isFullyPaid: false, totalTransactionsAmount: '6' });
    const view = await server.control<{ remaining: string }>('GET', `/payments/${traceId}`);
    expect(view.body.remaining).toBe('4');

    await act(traceId, 'pay');
    const paid = await result(traceId);
    expect(paid).toMatchObject({
      status: 'success',
      paymentAmount: '10',
      quoteAmount: '10.00',
      surplusAmount: '0',
    });
    expect(paid.payment).toEqual({ isMultiPay: true, isFullyPaid: true, totalTransactionsAmount: '10' });
    expect(paid.transactions?.map((t) => t.paymentAmount)).toEqual(['6', '4']);
  });

  it('alternates confirming and paid_less while top-ups need confirmations', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'underpay', { amount: '3', confirmations: 2, autoConfirm: false });
    expect(await result(traceId)).toMatchObject({
      status: 'confirming',
      confirmations: 0,
      paymentAmount: '3',
    });
    await act(traceId, 'confirm');
    expect((await result(traceId)).status).toBe('paid_less');
    await act(traceId, 'underpay', { quoteAmount: '2', confirmations: 1, autoConfirm: false });
    expect(await result(traceId)).toMatchObject({ status: 'confirming', paymentAmount: '5' });
    await act(traceId, 'confirm');
    expect(await result(traceId)).toMatchObject({ status: 'paid_less', paymentAmount: '5' });
    await act(traceId, 'pay', { confirmations: 1, autoConfirm: false });
    expect(await result(traceId)).toMatchObject({ status: 'confirming', paymentAmount: '10' });
    await act(traceId, 'confirm');
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1000);
    expect((await result(traceId)).status).toBe('success');
  });

  it('defaults to half of what is left and refuses an underpayment that pays in full', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'underpay');
    expect((await result(traceId)).paymentAmount).toBe('5');
    await act(traceId, 'underpay', { quoteAmount: '5' }, 400);
    await act(traceId, 'pay', { quoteAmount: '1' });
    expect(await result(traceId)).toMatchObject({ status: 'paid_less', paymentAmount: '6' });
    await act(traceId, 'pay', { amount: '5' });
    expect(await result(traceId)).toMatchObject({
      status: 'success',
      paymentAmount: '11',
      surplusAmount: '1',
      surplusStatus: 'pending',
    });
    await act(traceId, 'pay', {}, 409);
  });
});

describe('processing, review and failures', () => {
  it('process: pending until released, or for ms', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'process');
    expect(await result(traceId)).toMatchObject({
      status: 'pending',
      paymentAmount: '10',
      confirmations: -1,
    });
    clock.advance(3_600_000);
    expect((await result(traceId)).status).toBe('pending');
    await act(traceId, 'release');
    expect((await result(traceId)).status).toBe('success');

    const timed = await tenDollars();
    await act(timed, 'process', { ms: 5000 });
    clock.advance(4999);
    expect((await result(timed)).status).toBe('pending');
    clock.advance(1);
    expect((await result(timed)).status).toBe('success');
    await act(timed, 'process', {}, 409);
  });

  it('a confirming payment can be held in processing after its confirmations', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'pay', { confirmations: 6, autoConfirm: false });
    await act(traceId, 'process');
    expect(await result(traceId)).toMatchObject({ status: 'pending', confirmations: -1 });
    expect((await result(traceId)).transactions?.[0]).toMatchObject({ confirmations: 6 });
  });

  it('audit: auditing until released (success) or failed 10095 (rejected in review)', async () => {
    const approved = await tenDollars();
    await act(approved, 'audit');
    expect((await result(approved)).status).toBe('auditing');
    await act(approved, 'release');
    expect((await result(approved)).status).toBe('success');

    const rejected = await tenDollars();
    await act(rejected, 'audit');
    await act(rejected, 'fail', { failureCode: 10095 });
    expect(await result(rejected)).toMatchObject({
      status: 'failed',
      failureCode: '10095',
      failureReason: 'Rejected in review',
      settleStatus: 'pending',
    });
  });

  it('fails any open status with any code, and never a final one', async () => {
    const cancelled = await tenDollars();
    await act(cancelled, 'fail', { failureCode: '40032' });
    expect(await result(cancelled)).toMatchObject({
      status: 'failed',
      failureCode: '40032',
      failureReason: 'Payment cancelled',
    });
    await act(cancelled, 'fail', {}, 409);
    await act(cancelled, 'pay', {}, 409);

    const confirming = await tenDollars();
    await act(confirming, 'pay', { confirmations: 3 });
    await act(confirming, 'fail', { failureCode: 40021 });
    expect((await result(confirming)).failureCode).toBe('40021');

    const less = await tenDollars();
    await act(less, 'underpay');
    await act(less, 'fail', { failureCode: 123, failureReason: 'Custom reason' });
    expect(await result(less)).toMatchObject({ failureCode: '123', failureReason: 'Custom reason' });

    const processing = await tenDollars();
    await act(processing, 'process');
    await act(processing, 'fail', { failureCode: 40025 });
    expect((await result(processing)).failureCode).toBe('40025');

    const done = await tenDollars();
    await act(done, 'pay');
    await act(done, 'fail', {}, 409);
    await act(done, 'fail', { failureCode: 'abc' }, 409);
  });
});

describe('pinned statuses', () => {
  it('shows an unknown status string verbatim until released', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'pay');
    await act(traceId, 'status', { status: 'refunding' });
    const pinned = await result(traceId);
    expect(pinned).toMatchObject({ status: 'refunding', confirmations: -1, paymentAmount: '10' });
    const view = await server.control<{ status: string; lifecycle: string }>('GET', `/payments/${traceId}`);
    expect(view.body).toMatchObject({ status: 'refunding', lifecycle: 'success' });
    const page = await (await fetch(paylink(server, { traceId, quoteAmount: '10' }))).text();
    expect(page).toContain('Status: refunding');
    await act(traceId, 'status', { status: null });
    expect((await result(traceId)).status).toBe('success');
  });

  it('pins lifecycle names too (with confirmations), and known ones with pin: true', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'status', { status: 'confirming', confirmations: 4 });
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 4 });
    await act(traceId, 'status', { status: 'success', pin: true });
    expect(await result(traceId)).toMatchObject({ status: 'success', paymentAmount: '0', payableAmount: '' });
    await act(traceId, 'release');
    expect((await result(traceId)).status).toBe('unpaid');
    await act(traceId, 'status', { status: 'bad status!' }, 400);
  });

  it('a pinned payment can still be failed', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'status', { status: 'risk_check' });
    await act(traceId, 'fail', { failureCode: 10095 });
    expect((await result(traceId)).status).toBe('failed');
  });
});

describe('legacy status set', () => {
  it('shows confirming as pending with confirmations, and paid_less as pending with isFullyPaid false', async () => {
    const traceId = await tenDollars();
    await act(traceId, 'legacy');
    await act(traceId, 'pay', { amount: '4', confirmations: 2, autoConfirm: false });
    const waiting = await result(traceId);
    expect(waiting).toMatchObject({ status: 'pending', confirmations: 0 });
    await act(traceId, 'confirm', { count: 1 });
    expect(await result(traceId)).toMatchObject({ status: 'pending', confirmations: 1 });
    await act(traceId, 'confirm');
    const less = await result(traceId);
    expect(less).toMatchObject({
      status: 'pending',
      confirmations: -1,
      paymentAmount: '4',
      payableAmount: '10',
    });
    expect(less.payment?.isFullyPaid).toBe(false);
    const view = await server.control<{ lifecycle: string; legacy: boolean }>('GET', `/payments/${traceId}`);
    expect(view.body).toMatchObject({ lifecycle: 'paid_less', legacy: true });

    // Switched back, the same facts read in the current set.
    await act(traceId, 'legacy', { legacy: false });
    expect((await result(traceId)).status).toBe('paid_less');
    await act(traceId, 'legacy', { legacy: true });
    await act(traceId, 'pay');
    expect((await result(traceId)).status).toBe('pending'); // processing, after a chain payment
    clock.advance(1000);
    expect((await result(traceId)).status).toBe('success');
  });

  it('legacyLifecycle in the config makes new payments legacy', async () => {
    await server.control('POST', '/config', { legacyLifecycle: true });
    const traceId = await tenDollars();
    await act(traceId, 'underpay');
    expect(await result(traceId)).toMatchObject({ status: 'pending', payment: { isFullyPaid: false } });
  });
});

describe('deadline', () => {
  it('is in every answer: expiredTimestamp, else creation + defaultExpirySeconds', async () => {
    const expiry = nowSeconds() + 600;
    const fixed = await tenDollars({ expiredTimestamp: String(expiry) });
    expect((await result(fixed)).expiredAt).toBe(expiry);
    const created = nowSeconds();
    const unlimited = await tenDollars();
    expect((await result(unlimited)).expiredAt).toBe(created + 1800);
    await server.control('POST', '/config', { defaultExpirySeconds: 120 });
    expect((await result(unlimited)).expiredAt).toBe(created + 120);
    clock.advance(120_000);
    expect(await result(unlimited)).toMatchObject({ status: 'failed', failureCode: '40000' });
  });

  it('fails too little with 40024 at the deadline (dated at the deadline)', async () => {
    const expiry = nowSeconds() + 60;
    const traceId = await tenDollars({ expiredTimestamp: String(expiry) });
    await act(traceId, 'underpay', { quoteAmount: '6' });
    clock.advance(59_000);
    expect((await result(traceId)).status).toBe('paid_less');
    clock.advance(1000);
    expect(await result(traceId)).toMatchObject({
      status: 'failed',
      failureCode: '40024',
      failureReason: 'Wrong amount paid',
      paymentAmount: '6',
      date: expiry,
    });
    await act(traceId, 'pay', {}, 409);
  });

  it('a partial payment still confirming at the deadline fails 40024 too', async () => {
    const traceId = await tenDollars({ expiredTimestamp: String(nowSeconds() + 30) });
    await act(traceId, 'pay', { amount: '9.99', confirmations: 100 });
    clock.advance(30_000);
    expect((await result(traceId)).failureCode).toBe('40024');
  });

  it('keeps a fully recognised payment confirming past the deadline, then success', async () => {
    const expiry = nowSeconds() + 30;
    const traceId = await tenDollars({ expiredTimestamp: String(expiry) });
    await act(traceId, 'pay', { confirmations: 3, autoConfirm: false });
    clock.advance(120_000);
    expect(await result(traceId)).toMatchObject({
      status: 'confirming',
      confirmations: 0,
      expiredAt: expiry,
    });
    await act(traceId, 'confirm');
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1000);
    expect(await result(traceId)).toMatchObject({ status: 'success', failureCode: '0' });
  });

  it('an underpayment topped up in time (still confirming) goes on to success', async () => {
    const traceId = await tenDollars({ expiredTimestamp: String(nowSeconds() + 30) });
    await act(traceId, 'underpay', { quoteAmount: '6' });
    clock.advance(20_000);
    await act(traceId, 'pay', { confirmations: 20 });
    clock.advance(15_000);
    expect(await result(traceId)).toMatchObject({ status: 'confirming', confirmations: 15 });
    clock.advance(5000);
    expect((await result(traceId)).status).toBe('pending');
    clock.advance(1000);
    expect((await result(traceId)).status).toBe('success');
  });
});

describe('checkout page', () => {
  async function post(link: string, traceId: string, action: string, form: Record<string, string> = {}) {
    const res = await fetch(new URL(`sandbox/_control/payments/${traceId}/${action}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: link },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    return (await fetch(link)).text();
  }

  it('chooses, underpays, tops up with confirmations and confirms through its forms', async () => {
    const traceId = crypto.randomUUID();
    const link = paylink(server, { traceId, quoteAmount: '10' });
    const fresh = await (await fetch(link)).text();
    expect(fresh).toContain('<h2 id="choose-heading">How to pay</h2>');
    expect(fresh).not.toContain('data-field="you pay"');
    expect(fresh).toContain('40032 cancelled');
    expect(fresh).toContain('10095 rejected in review');

    let page = await post(link, traceId, 'choose', { paymentAssetId: USDT, wallet: 'on-chain' });
    expect(page).toContain('data-field="you pay">10 USDT<');
    expect((await result(traceId)).payableAmount).toBe('10');

    page = await post(link, traceId, 'underpay', { quoteAmount: '6' });
    expect(page).toContain('Paid less than due');
    expect(page).toContain('Top up the rest (4 USDT)');
    expect(page).not.toContain('Pay exact amount');

    page = await post(link, traceId, 'pay', { confirmations: '3' });
    expect(page).toContain('Waiting for confirmations');
    expect(page).toContain('http-equiv="refresh"');
    page = await post(link, traceId, 'confirm', { count: '1' });
    expect(page).toContain('data-field="confirmations">1<');
    page = await post(link, traceId, 'confirm');
    expect(page).toContain('Payment received, processing');
    clock.advance(1000);
    page = await (await fetch(link)).text();
    expect(page).toContain('Payment successful');
    expect(page).not.toContain('Fail payment');
  });

  it('fails with a chosen code, holds, pins and switches to legacy through its forms', async () => {
    const traceId = crypto.randomUUID();
    const link = paylink(server, { traceId });
    await fetch(link);
    let page = await post(link, traceId, 'legacy', { legacy: 'true' });
    expect(page).toContain('legacy (before 2026-08-13)');
    expect(page).toContain('Use the current status set');
    page = await post(link, traceId, 'process');
    expect(page).toContain('Payment received, processing');
    expect(page).toContain('Finish processing');
    page = await post(link, traceId, 'status', { status: 'refunding' });
    expect(page).toContain('Status: refunding');
    expect(page).toContain('Release the status');
    page = await post(link, traceId, 'fail', { failureCode: '40032' });
    expect(page).toContain('Payment cancelled (40032)');
  });
});
