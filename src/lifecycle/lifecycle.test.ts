import { describe, expect, it } from 'vitest';
import type { PaymentResult } from '@/mixpay/schemas';
import type { ChargeRecord } from './charge-record';
import {
  createCharge,
  deadlineOf,
  LATE_GRACE_S,
  LATE_IN_FLIGHT_S,
  openViewOf,
  outcomeOf,
  readAnswer,
  resumesResult,
  termsMismatches,
  transition,
  watchUntilOf,
  type ChargeEvent,
  type PollAnswer,
} from './lifecycle';

const T0 = 1_800_000_000_000;
const DEADLINE = T0 / 1000 + 900;
const PAYEE = '834c17e1-1427-434a-a280-1b3cfee05111';
const TRACE = '1b638d3f-e156-4621-87fd-778a410f4884';

function charge(over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    ...createCharge(
      {
        traceId: TRACE,
        shopName: 'Shop',
        payeeId: PAYEE,
        settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
        strictMode: false,
        quoteAssetId: 'usd',
        quoteSymbol: 'USD',
        quoteDecimals: 2,
        quoteIsFiat: true,
        quoteAmount: '10',
        expiredTimestamp: DEADLINE,
        paylink: 'https://mixpay.me/pay?x',
        wantsOneTimeLink: false,
      },
      T0,
    ),
    ...over,
  };
}

function result(status: string, over: Partial<PaymentResult> = {}): PaymentResult {
  return {
    status,
    payeeId: PAYEE,
    quoteAssetId: 'usd',
    quoteAmount: '10.00',
    traceId: TRACE,
    ...over,
  } as PaymentResult;
}

const answer = (r: PaymentResult | 'unknown', at = T0 + 10_000): ChargeEvent => ({
  type: 'answer',
  answer: r === 'unknown' ? { kind: 'unknown' } : { kind: 'result', result: r },
  at,
});

/** Applies events in order. */
function run(start: ChargeRecord, ...events: ChargeEvent[]): ChargeRecord {
  return events.reduce(transition, start);
}

describe('reading MixPay answers (old and new status sets)', () => {
  const cases: Array<[string, PollAnswer, string]> = [
    ['unknown trace', { kind: 'unknown' }, 'not-opened'],
    ['unpaid', { kind: 'result', result: result('unpaid') }, 'unpaid'],
    ['confirming', { kind: 'result', result: result('confirming', { confirmations: 2 }) }, 'confirming'],
    ['paid_less', { kind: 'result', result: result('paid_less') }, 'paid-less'],
    ['pending (new: processing)', { kind: 'result', result: result('pending', { confirmations: -1 }) }, 'processing'],
    ['pending (old: confirmations)', { kind: 'result', result: result('pending', { confirmations: 3 }) }, 'confirming'],
    [
      'pending (old: underpaid)',
      {
        kind: 'result',
        result: result('pending', { payment: { isFullyPaid: false, totalTransactionsAmount: '1' } } as never),
      },
      'paid-less',
    ],
    ['auditing', { kind: 'result', result: result('auditing') }, 'auditing'],
    ['success', { kind: 'result', result: result('success') }, 'success'],
    ['failed', { kind: 'result', result: result('failed', { failureCode: 40000 }) }, 'failed'],
    ['unknown status', { kind: 'result', result: result('refunding') }, 'reported'],
  ];
  it.each(cases)('%s', (_name, a, kind) => {
    expect(readAnswer(a).kind).toBe(kind);
  });

  it('a one-time link is "opened" only once the payer chose how to pay', () => {
    expect(readAnswer({ kind: 'result', result: result('unpaid', { paymentAssetId: '' }) })).toEqual({
      kind: 'unpaid',
      channel: false,
    });
    expect(
      readAnswer({ kind: 'result', result: result('unpaid', { paymentAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa' }) }),
    ).toEqual({ kind: 'unpaid', channel: true });
  });
});

describe('open charge transitions', () => {
  type Row = [name: string, start: Partial<ChargeRecord>, events: ChargeEvent[], expected: Partial<ChargeRecord>];
  const rows: Row[] = [
    ['created', {}, [], { status: 'open', phase: 'waiting', linkReady: true }],
    [
      'link ready',
      { linkReady: false },
      [{ type: 'link-ready', link: 'https://mixpay.me/code/abc' }],
      { linkMode: 'one-time', link: 'https://mixpay.me/code/abc', linkReady: true, linkFellBack: false },
    ],
    ['link fell back', { linkReady: false }, [{ type: 'link-fell-back' }], { linkMode: 'paylink', linkFellBack: true, linkReady: true }],
    ['waiting (unknown trace)', {}, [answer('unknown')], { status: 'open', phase: 'waiting' }],
    ['opened (paylink known)', {}, [answer(result('unpaid'))], { status: 'open', phase: 'opened' }],
    ['one-time link: unpaid is still waiting', { linkMode: 'one-time' }, [answer(result('unpaid'))], { phase: 'waiting' }],
    [
      'one-time link: channel chosen is opened',
      { linkMode: 'one-time' },
      [answer(result('unpaid', { paymentAssetId: 'x', payableAmount: '10.01' }))],
      { phase: 'opened' },
    ],
    ['confirming', {}, [answer(result('confirming', { confirmations: 1 }))], { status: 'open', phase: 'confirming' }],
    ['paid less', {}, [answer(result('paid_less'))], { status: 'open', phase: 'paid-less' }],
    ['processing (new pending)', {}, [answer(result('pending'))], { status: 'open', phase: 'processing' }],
    ['auditing', {}, [answer(result('auditing'))], { status: 'open', phase: 'auditing' }],
    ['unknown status', {}, [answer(result('refunding'))], { status: 'open', phase: 'reported' }],
    ['one success read is not believed', {}, [answer(result('success'))], { status: 'open' }],
    ['received after two agreeing reads', {}, [answer(result('success')), answer(result('success'))], { status: 'received' }],
    [
      'failed after two agreeing reads',
      {},
      [answer(result('failed', { failureCode: 40020 })), answer(result('failed', { failureCode: 40020 }))],
      { status: 'failed' },
    ],
    [
      'overtime (40000) is expired',
      {},
      [answer(result('failed', { failureCode: 40000 })), answer(result('failed', { failureCode: 40000 }))],
      { status: 'expired' },
    ],
    [
      'does not match (amount)',
      {},
      [answer(result('success', { quoteAmount: '0.01' })), answer(result('success', { quoteAmount: '0.01' }))],
      { status: 'mismatch' },
    ],
    [
      'a mismatch with a txid still needs a second read',
      {},
      [answer(result('success', { quoteAmount: '0.01', txid: 'abc' }))],
      { status: 'open' },
    ],
    [
      'failed then success: the reads disagree, keep reading',
      {},
      [answer(result('failed', { failureCode: 40024 })), answer(result('success'))],
      { status: 'open' },
    ],
    [
      'failed, success, success: received',
      {},
      [answer(result('failed', { failureCode: 40024 })), answer(result('success')), answer(result('success'))],
      { status: 'received' },
    ],
    [
      'success, unpaid, success: the candidate is dropped in between',
      {},
      [answer(result('success')), answer(result('unpaid')), answer(result('success'))],
      { status: 'open' },
    ],
    [
      'expired: after the deadline, nothing paid',
      {},
      [answer(result('unpaid'), DEADLINE * 1000 + 1)],
      { status: 'expired', endedAt: DEADLINE * 1000 + 1 },
    ],
    ['expired: unknown trace after the deadline', {}, [answer('unknown', DEADLINE * 1000)], { status: 'expired' }],
    [
      'not expired while confirming past the deadline',
      {},
      [answer(result('confirming'), DEADLINE * 1000 + 5_000)],
      { status: 'open', phase: 'confirming' },
    ],
    ['not expired while paid less', {}, [answer(result('paid_less'), DEADLINE * 1000 + 5_000)], { status: 'open' }],
    ['not expired while processing', {}, [answer(result('pending'), DEADLINE * 1000 + 5_000)], { status: 'open' }],
    ['not expired while auditing', {}, [answer(result('auditing'), DEADLINE * 1000 + 5_000)], { status: 'open' }],
    ['not expired on an unknown status', {}, [answer(result('refunding'), DEADLINE * 1000 + 5_000)], { status: 'open' }],
    [
      'confirming past the deadline, then success: received',
      {},
      [
        answer(result('confirming'), DEADLINE * 1000 + 1_000),
        answer(result('success'), DEADLINE * 1000 + 9_000),
        answer(result('success'), DEADLINE * 1000 + 9_100),
      ],
      { status: 'received' },
    ],
    [
      "MixPay's earlier expiredAt is the deadline",
      {},
      [answer(result('unpaid', { expiredAt: DEADLINE - 60 }), (DEADLINE - 30) * 1000)],
      { status: 'expired' },
    ],
    [
      'an extended expiredAt (edited paylink) does not extend the wait',
      {},
      [answer(result('unpaid', { expiredAt: DEADLINE + 3600 }), DEADLINE * 1000 + 1)],
      { status: 'expired' },
    ],
    ['cancelled', {}, [{ type: 'cancel', at: T0 + 5 }], { status: 'cancelled', endedAt: T0 + 5 }],
    ['wallet chosen', {}, [{ type: 'wallet-chosen', wallet: 'mixin' }], { wallet: 'mixin' }],
    ['wallet asset chosen', {}, [{ type: 'wallet-asset-chosen', assetId: 'a' }], { walletAssetId: 'a' }],
    [
      'wallet refused: back to the checkout link with the reason',
      { wallet: 'on-chain' },
      [{ type: 'wallet-fell-back', reason: 'deprecated' }],
      { wallet: 'any', walletFellBack: 'deprecated' },
    ],
  ];
  it.each(rows)('%s', (_name, start, events, expected) => {
    expect(run(charge(start), ...events)).toMatchObject(expected);
  });

  it('an unknown status is never a success, whatever follows it once', () => {
    const c = run(charge(), answer(result('refunding')), answer(result('refunding')));
    expect(c.status).toBe('open');
    expect(openViewOf(c)).toEqual({ kind: 'reported', status: 'refunding' });
  });

  it('paid less shows the remaining amount in the payment asset, exactly', () => {
    const c = run(
      charge(),
      answer(result('paid_less', { payableAmount: '0.010013', paymentAmount: '0.006', paymentSymbol: 'USDT' })),
    );
    expect(openViewOf(c)).toEqual({
      kind: 'paid-less',
      paid: '0.006',
      due: '0.010013',
      remaining: '0.004013',
      symbol: 'USDT',
    });
  });

  it('confirming shows the count when MixPay gives it', () => {
    expect(openViewOf(run(charge(), answer(result('confirming', { confirmations: 4 }))))).toEqual({
      kind: 'confirming',
      confirmations: 4,
    });
    expect(openViewOf(run(charge(), answer(result('confirming', { confirmations: -1 }))))).toEqual({
      kind: 'confirming',
      confirmations: null,
    });
  });

  it('an underpaid failure (40024) reads as underpaid', () => {
    const failed = result('failed', { failureCode: 40024, paymentAmount: '6' });
    const c = run(charge(), answer(failed), answer(failed));
    expect(c.status).toBe('failed');
    expect(outcomeOf(c)).toBe('underpaid');
    expect(c.result?.paymentAmount).toBe('6');
  });

  it('returns the same object when nothing changes (no journal write)', () => {
    const ended = run(charge(), { type: 'cancel', at: 1 });
    expect(transition(ended, { type: 'cancel', at: 2 })).toBe(ended);
    expect(transition(ended, { type: 'link-ready', link: 'x' })).toBe(ended);
    const received = run(charge(), answer(result('success')), answer(result('success')));
    expect(transition(received, answer(result('failed', { failureCode: 40000 })))).toBe(received);
  });
});

describe('verification', () => {
  const terms = {
    traceId: TRACE,
    payeeId: PAYEE,
    quoteAssetId: 'usd',
    quoteAmount: '10',
    expiredTimestamp: DEADLINE,
    strictMode: true,
    settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
  };
  it('matches ids in any case, with or without dashes, and amounts as decimals', () => {
    expect(
      termsMismatches(terms, result('success', { payeeId: PAYEE.replace(/-/g, '').toUpperCase(), quoteAssetId: 'USD' })),
    ).toEqual([]);
  });
  it.each([
    ['payeeId', { payeeId: '00000000-0000-0000-0000-000000000000' }],
    ['quoteAssetId', { quoteAssetId: 'eur' }],
    ['quoteAmount', { quoteAmount: '9.99999999999999999' }],
    ['quoteAmount', { quoteAmount: '1e1' }],
    ['traceId', { traceId: 'ffffffff-e156-4621-87fd-778a410f4884' }],
    ['expiredAt', { expiredAt: DEADLINE + 86_400 }],
    ['settlementAssetId', { settleAsset: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa' }],
  ] as const)('flags a different %s', (field, change) => {
    expect(termsMismatches(terms, result('success', change)).map((m) => m.field)).toEqual([field]);
  });
  it('an earlier MixPay deadline and a missing trace are fine', () => {
    const { traceId: _t, ...noTrace } = result('success', { expiredAt: DEADLINE - 5 });
    expect(termsMismatches(terms, noTrace as PaymentResult)).toEqual([]);
  });
  it('the settlement asset is checked only in strict mode', () => {
    const r = result('success', { settleAsset: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa' });
    expect(termsMismatches({ ...terms, strictMode: false }, r)).toEqual([]);
  });
});

describe('late payments', () => {
  const cancelled = run(charge(), { type: 'cancel', at: T0 + 1_000 });
  const expired = run(charge(), answer(result('unpaid'), DEADLINE * 1000 + 1));

  it('a stopped charge is watched until its deadline plus a grace, a day when money is moving', () => {
    expect(watchUntilOf(cancelled)).toBe(DEADLINE + LATE_GRACE_S);
    expect(watchUntilOf(expired)).toBe(DEADLINE + LATE_GRACE_S);
    expect(watchUntilOf(run(cancelled, answer(result('confirming'))))).toBe(DEADLINE + LATE_IN_FLIGHT_S);
    expect(watchUntilOf(run(cancelled, answer(result('refunding'))))).toBe(DEADLINE + LATE_IN_FLIGHT_S);
    expect(watchUntilOf(run(cancelled, answer(result('failed', { failureCode: 40000 }))))).toBeUndefined();
    expect(watchUntilOf(charge())).toBeUndefined();
  });

  it('an edited paylink with a later deadline is watched until that deadline', () => {
    const extended = run(cancelled, answer(result('unpaid', { expiredAt: DEADLINE + 7200 })));
    expect(watchUntilOf(extended)).toBe(DEADLINE + 7200 + LATE_GRACE_S);
    // ...and paying after our deadline still raises the alert, as a payment that does not match.
    const paid = result('success', { expiredAt: DEADLINE + 7200 });
    const late = run(extended, answer(paid, DEADLINE * 1000 + 3_600_000), answer(paid, DEADLINE * 1000 + 3_600_100));
    expect(late).toMatchObject({ status: 'mismatch', latePayment: { acknowledged: false } });
    expect(late.mismatches?.map((m) => m.field)).toEqual(['expiredAt']);
  });

  it('a verified payment after cancel becomes a late payment, after two agreeing reads', () => {
    const once = run(cancelled, answer(result('success')));
    expect(once.status).toBe('cancelled');
    const late = run(once, answer(result('success'), T0 + 60_000));
    expect(late).toMatchObject({
      status: 'received',
      endedAt: T0 + 1_000,
      latePayment: { seenAt: T0 + 60_000, acknowledged: false },
    });
    expect(watchUntilOf(late)).toBeUndefined();
    expect(run(late, { type: 'acknowledge-late' }).latePayment).toEqual({ seenAt: T0 + 60_000, acknowledged: true });
  });

  it('a failure after cancel changes only what is remembered; a received charge never becomes late', () => {
    const failed = run(cancelled, answer(result('failed', { failureCode: 40032 })));
    expect(failed.status).toBe('cancelled');
    expect(failed.latePayment).toBeUndefined();
    const received = run(charge(), answer(result('success')), answer(result('success')));
    expect(run(received, answer(result('success')), answer(result('success')))).toBe(received);
  });
});

describe('coming back after a reload', () => {
  const received = run(charge(), answer(result('success'), T0 + 10), answer(result('success'), T0 + 20));
  it('shows a result that ended in the last two minutes until the cashier moves on', () => {
    expect(resumesResult(received, T0 + 60_000)).toBe(true);
    expect(resumesResult(received, T0 + 20 + 120_001)).toBe(false);
    expect(resumesResult(run(received, { type: 'acknowledge', at: T0 + 30 }), T0 + 60_000)).toBe(false);
    expect(resumesResult(run(charge(), { type: 'cancel', at: T0 }), T0 + 1)).toBe(false);
    expect(resumesResult(charge(), T0)).toBe(false);
  });
  it('the deadline is the charge’s, or MixPay’s when earlier', () => {
    expect(deadlineOf(charge())).toBe(DEADLINE);
    expect(deadlineOf(run(charge(), answer(result('unpaid', { expiredAt: DEADLINE - 10 }))))).toBe(DEADLINE - 10);
    expect(deadlineOf(run(charge(), answer(result('unpaid', { expiredAt: DEADLINE + 10 }))))).toBe(DEADLINE);
  });
});
