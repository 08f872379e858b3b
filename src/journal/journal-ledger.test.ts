import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyChargeEvent,
  chargesUpdatedSince,
  clearJournalForTests,
  getCharges,
  recordCharge,
  type ChargeRecord,
} from './journal';

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

describe('journal reads for the shop ledger', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });

  it('chargesUpdatedSince: the charges written at or after a time, old ones changed lately included', async () => {
    for (const n of [1, 2, 3]) await recordCharge(charge(n));
    expect((await chargesUpdatedSince(-Infinity)).map((c) => c.traceId).sort()).toEqual(
      [1, 2, 3].map((n) => charge(n).traceId),
    );
    expect((await chargesUpdatedSince(charge(2).updatedAt)).map((c) => c.traceId).sort()).toEqual([
      charge(2).traceId,
      charge(3).traceId,
    ]);
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ['Date'] });
    try {
      await applyChargeEvent(charge(1).traceId, { type: 'cancel', at: Date.now() });
    } finally {
      vi.useRealTimers();
    }
    const changed = await chargesUpdatedSince(1_800_000_000_000);
    expect(changed.map((c) => [c.traceId, c.status])).toEqual([[charge(1).traceId, 'cancelled']]);
    expect(await chargesUpdatedSince(1_800_000_000_001)).toEqual([]);
  });

  it('getCharges: the ones it has, in one read', async () => {
    await recordCharge(charge(1));
    await recordCharge(charge(2));
    const found = await getCharges([charge(2).traceId, 'unknown', charge(1).traceId, charge(2).traceId]);
    expect([...found.keys()].sort()).toEqual([charge(1).traceId, charge(2).traceId]);
    expect(found.get(charge(1).traceId)?.quoteAmount).toBe('1.5');
    expect((await getCharges([])).size).toBe(0);
  });
});
