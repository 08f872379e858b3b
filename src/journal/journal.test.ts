import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chargesWithStatus,
  clearJournalForTests,
  closeJournalForTests,
  getCharge,
  listCharges,
  recordCharge,
  applyChargeEvent,
  type ChargeRecord,
} from './journal';
import { LATE_GRACE_S } from '@/lifecycle/lifecycle';
import type { PaymentResult } from '@/mixpay/schemas';

function charge(n: number, over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    traceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: 1_700_000_000_000 + n * 1000,
    updatedAt: 1_700_000_000_000 + n * 1000,
    shopName: 'Shop',
    payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: `${n}.5`,
    expiredTimestamp: 1_700_000_900 + n,
    linkMode: 'paylink',
    linkFellBack: false,
    link: `https://mixpay.me/pay?traceId=${n}`,
    status: 'open',
    ...over,
  };
}

describe('journal', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });

  it('recovers an open charge after the app restarts', async () => {
    await recordCharge(charge(1));
    await recordCharge(charge(2, { status: 'received' }));
    await recordCharge(charge(3));
    closeJournalForTests(); // as after a reload or crash
    const open = await chargesWithStatus('open');
    expect(open.map((c) => c.traceId)).toEqual([charge(3).traceId, charge(1).traceId]);
    expect(open[0].link).toBe(charge(3).link);
  });

  it('never records the same traceId twice', async () => {
    await recordCharge(charge(1));
    await expect(recordCharge(charge(1))).rejects.toBeTruthy();
  });

  it('applies lifecycle events atomically, and writes nothing when nothing changes', async () => {
    await recordCharge(charge(1));
    const { before, after } = await applyChargeEvent(charge(1).traceId, { type: 'cancel', at: 5 });
    expect([before.status, after.status]).toEqual(['open', 'cancelled']);
    expect((await getCharge(charge(1).traceId))?.status).toBe('cancelled');
    const again = await applyChargeEvent(charge(1).traceId, { type: 'cancel', at: 6 });
    expect(again.after).toBe(again.before);
    expect((await getCharge(charge(1).traceId))?.endedAt).toBe(5);
    await expect(applyChargeEvent('missing', { type: 'cancel', at: 1 })).rejects.toThrow(/No charge/);
  });

  it('lists newest first in pages and by day range', async () => {
    for (let n = 1; n <= 25; n++) await recordCharge(charge(n));
    const first = await listCharges({ limit: 10 });
    expect(first.map((c) => c.quoteAmount).slice(0, 2)).toEqual(['25.5', '24.5']);
    const second = await listCharges({ limit: 10, before: first.at(-1)!.createdAt });
    expect(second[0].quoteAmount).toBe('15.5');
    const range = await listCharges({ limit: 100, from: charge(5).createdAt, to: charge(8).createdAt });
    expect(range.map((c) => c.quoteAmount)).toEqual(['7.5', '6.5', '5.5']);
  });
});

describe('journal index keys', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });

  it('lists only the charges worth watching for a late payment, and only undismissed alerts', async () => {
    const nowS = 1_700_000_000;
    const { chargesToWatch, unacknowledgedLatePayments } = await import('./journal');
    await recordCharge(charge(1, { status: 'cancelled', expiredTimestamp: nowS + 100 }));
    await recordCharge(charge(2, { status: 'expired', expiredTimestamp: nowS - LATE_GRACE_S - 1 }));
    await recordCharge(charge(3, { status: 'received', expiredTimestamp: nowS + 100 }));
    await recordCharge(charge(4, { status: 'open', expiredTimestamp: nowS + 100 }));
    expect((await chargesToWatch(nowS * 1000)).map((c) => c.quoteAmount)).toEqual(['1.5']);

    const paid = {
      status: 'success',
      payeeId: charge(1).payeeId,
      quoteAssetId: 'usd',
      quoteAmount: '1.50',
    } as PaymentResult;
    for (const at of [1, 2]) {
      await applyChargeEvent(charge(1).traceId, { type: 'answer', answer: { kind: 'result', result: paid }, at });
    }
    expect((await getCharge(charge(1).traceId))?.status).toBe('received');
    expect(await chargesToWatch(nowS * 1000)).toEqual([]);
    expect((await unacknowledgedLatePayments()).map((c) => c.traceId)).toEqual([charge(1).traceId]);
    await applyChargeEvent(charge(1).traceId, { type: 'acknowledge-late' });
    expect(await unacknowledgedLatePayments()).toEqual([]);
  });
});
