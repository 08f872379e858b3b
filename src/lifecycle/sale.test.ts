import { describe, expect, it } from 'vitest';
import type { PaymentResult } from '@/mixpay/schemas';
import type { ChargeRecord } from './charge-record';
import { createCharge, transition, type NewChargeTerms } from './lifecycle';
import { amountStillDue, followUpOf, nextStepOf } from './next-steps';
import { saleOf } from './sale';

const T0 = 1_800_000_000_000;
const PAYEE = '834c17e1-1427-434a-a280-1b3cfee05111';
const TRACE = '1b638d3f-e156-4621-87fd-778a410f4884';

function terms(over: Partial<NewChargeTerms> = {}): NewChargeTerms {
  return {
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
    expiredTimestamp: T0 / 1000 + 900,
    paylink: 'https://mixpay.me/pay?x',
    wantsOneTimeLink: false,
    ...over,
  };
}

function result(status: string, over: Partial<PaymentResult> = {}): PaymentResult {
  return {
    status,
    quoteAmount: '10',
    quoteAssetId: 'usd',
    payeeId: PAYEE,
    traceId: TRACE,
    ...over,
  } as PaymentResult;
}

/** Two agreeing reads end a charge (the lifecycle's read-again rule). */
function end(c: ChargeRecord, r: PaymentResult): ChargeRecord {
  const event = { type: 'answer' as const, answer: { kind: 'result' as const, result: r }, at: T0 + 1000 };
  return transition(transition(c, event), event);
}

describe('itemised sales in the lifecycle', () => {
  it('createCharge keeps items, subtotal, discount and tip apart; quoteAmount stays the total', () => {
    const c = createCharge(
      terms({
        quoteAmount: '23',
        sale: {
          lines: [{ amount: '5.00' }, { amount: '7.50' }, { amount: '7.50' }],
          tip: { kind: 'percent', percent: '15', amount: '3.00' },
        },
      }),
      T0,
    );
    expect(c).toMatchObject({
      quoteAmount: '23',
      lines: [{ amount: '5' }, { amount: '7.5' }, { amount: '7.5' }],
      subtotal: '20',
      tip: { kind: 'percent', percent: '15', amount: '3' },
    });
    expect(c.discount).toBeUndefined();
    expect(saleOf(c)).toMatchObject({ subtotal: '20', total: '23', discount: null });
  });

  it('refuses a sale that does not add up to what MixPay is asked for', () => {
    const sale = { lines: [{ amount: '20' }], tip: { kind: 'percent' as const, percent: '15', amount: '3' } };
    expect(() => createCharge(terms({ quoteAmount: '22', sale }), T0)).toThrow(RangeError);
    expect(() =>
      createCharge(
        terms({
          quoteAmount: '24',
          sale: { lines: [{ amount: '20' }], tip: { kind: 'percent', percent: '15', amount: '4' } },
        }),
        T0,
      ),
    ).toThrow(/tip comes to 3/);
    expect(() => createCharge(terms({ sale: { lines: [] } }), T0)).toThrow(/at least one item/);
    expect(() => createCharge(terms({ quoteAmount: '0', sale: { lines: [{ amount: '0' }] } }), T0)).toThrow(
      /item amount/,
    );
  });

  it('reads a record from before itemised sales as one item of its quote amount', () => {
    const old = createCharge(terms({ quoteAmount: '12.34' }), T0);
    expect(old.lines).toBeUndefined();
    expect(saleOf(old)).toEqual({
      lines: [{ amount: '12.34' }],
      subtotal: '12.34',
      discount: null,
      tip: null,
      total: '12.34',
    });
  });

  it('keeps the link to the charge a next step was made from', () => {
    const c = createCharge(terms({ linkedTo: { traceId: 'first', reason: 'difference' } }), T0);
    expect(c.linkedTo).toEqual({ traceId: 'first', reason: 'difference' });
  });
});

describe('next steps', () => {
  const ten = createCharge(
    terms({
      sale: { lines: [{ amount: '8' }, { amount: '3' }], discount: { kind: 'amount', amount: '1' } },
    }),
    T0,
  );

  it('underpaid 6.00 of 10.00: the difference is 4.00, from the payment asset’s paid / payable', () => {
    const under = end(
      ten,
      result('failed', {
        failureCode: 40024,
        paymentAmount: '6.00000000',
        payableAmount: '10.00000000',
        paymentSymbol: 'USDT',
        payment: { isFullyPaid: false, totalTransactionsAmount: '6.00000000' },
      } as Partial<PaymentResult>),
    );
    expect(under.status).toBe('failed');
    expect(amountStillDue(under)).toBe('4');
    expect(nextStepOf(under)).toBe('difference');
    expect(followUpOf(under, 'difference')).toEqual({
      quoteAmount: '4',
      sale: { lines: [{ amount: '4', label: 'Rest of an earlier payment' }] },
      linkedTo: { traceId: TRACE, reason: 'difference' },
    });
    // The follow-up is a valid charge of its own.
    const next = createCharge(
      terms({ traceId: 'next', ...followUpOf(under, 'difference')! }),
      T0,
    );
    expect(next).toMatchObject({ quoteAmount: '4', subtotal: '4', linkedTo: { traceId: TRACE } });
  });

  it('underpaid in a volatile asset: rounded half-up to the quote currency’s minor unit', () => {
    // 0.00009231 of 0.00015385 BTC paid for 10.00 USD: 10 × 0.00006154 / 0.00015385 = 3.99999…
    const under = end(
      ten,
      result('failed', { failureCode: 40024, paymentAmount: '0.00009231', payableAmount: '0.00015385' }),
    );
    expect(amountStillDue(under)).toBe('4');
  });

  it('a payment of a smaller amount (mismatch): total − what MixPay reports paid', () => {
    const short = end(ten, result('success', { quoteAmount: '6.00' }));
    expect(short.status).toBe('mismatch');
    expect(amountStillDue(short)).toBe('4');
    expect(nextStepOf(short)).toBe('difference');
    // More than asked, another payee or currency: nothing to charge.
    expect(amountStillDue(end(ten, result('success', { quoteAmount: '12' })))).toBeNull();
    expect(amountStillDue(end(ten, result('success', { quoteAmount: '6', quoteAssetId: 'eur' })))).toBeNull();
    expect(nextStepOf(end(ten, result('success', { quoteAmount: '6', payeeId: TRACE })))).toBeNull();
  });

  it('failed and expired: charge the same sale again', () => {
    const failed = end(ten, result('failed', { failureCode: 40020 }));
    expect(nextStepOf(failed)).toBe('again');
    expect(followUpOf(failed, 'again')).toEqual({
      quoteAmount: '10',
      sale: { lines: ten.lines, discount: ten.discount },
      linkedTo: { traceId: TRACE, reason: 'again' },
    });
    expect(nextStepOf(transition(ten, { type: 'cancel', at: T0 }))).toBeNull();
    expect(nextStepOf(end(ten, result('success')))).toBeNull();
  });
});
