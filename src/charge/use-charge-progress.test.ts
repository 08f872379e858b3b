import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/journal/journal';
import type { PaymentResult } from '@/mixpay/schemas';
import { endedRecord, finalStatusOf, verdictOf } from './use-charge-progress';

const charge = {
  traceId: 'a1b2c3d4-0000-4000-8000-000000000001',
  payeeId: '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15',
  quoteAssetId: 'usd',
  quoteAmount: '10',
  status: 'open',
} as ChargeRecord;
const paid = {
  status: 'success',
  quoteAmount: '10.00',
  quoteAssetId: 'usd',
  payeeId: charge.payeeId,
} as PaymentResult;

describe('ending a charge', () => {
  it('maps verdicts to final journal states; overtime is expired, not failed', () => {
    expect(finalStatusOf(verdictOf(charge, { kind: 'result', result: paid, at: 0 }))).toBe('received');
    expect(
      finalStatusOf(verdictOf(charge, { kind: 'result', result: { ...paid, quoteAmount: '1' }, at: 0 })),
    ).toBe('mismatch');
    expect(
      finalStatusOf(
        verdictOf(charge, {
          kind: 'result',
          result: { ...paid, status: 'failed', failureCode: 40000 },
          at: 0,
        }),
      ),
    ).toBe('expired');
    expect(
      finalStatusOf(
        verdictOf(charge, {
          kind: 'result',
          result: { ...paid, status: 'failed', failureCode: 40024 },
          at: 0,
        }),
      ),
    ).toBe('failed');
    expect(finalStatusOf(verdictOf(charge, { kind: 'unknown', at: 0 }))).toBeNull();
    expect(
      finalStatusOf(verdictOf(charge, { kind: 'result', result: { ...paid, status: 'pending' }, at: 0 })),
    ).toBeNull();
  });

  it('a payment that lands just after the cashier cancelled becomes a late payment', () => {
    const cancelled = { ...charge, status: 'cancelled' } as ChargeRecord;
    const late = endedRecord(cancelled, { status: 'received', result: paid, at: 5 });
    expect(late.status).toBe('received');
    expect(late.latePayment).toEqual({ seenAt: 5, acknowledged: false });
    // A failure after cancelling changes nothing; an open charge just ends.
    expect(endedRecord(cancelled, { status: 'failed', at: 5 })).toBe(cancelled);
    expect(endedRecord(charge, { status: 'received', result: paid, at: 5 })).toMatchObject({
      status: 'received',
      endedAt: 5,
    });
    expect(endedRecord(charge, { status: 'received', result: paid, at: 5 }).latePayment).toBeUndefined();
  });
});
