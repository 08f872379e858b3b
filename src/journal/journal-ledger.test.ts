import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyChargeEvent,
  chargesUpdatedSince,
  clearJournalForTests,
  closeShift,
  getCharges,
  listCharges,
  recordCharge,
  type ChargeRecord,
} from './journal';
import { isOwnCharge } from '@/lifecycle/tills';

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

describe('one till among several (till identity)', () => {
  const OWN = '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b';
  const OTHER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
  beforeEach(async () => {
    await clearJournalForTests();
  });

  it('listCharges with a filter: still newest first, `limit` of the accepted rows', async () => {
    for (let n = 1; n <= 6; n++) await recordCharge(charge(n, { tillId: n % 2 ? OWN : OTHER }));
    await recordCharge(charge(7)); // from before till identity: this till's
    const mine = await listCharges({ limit: 3, filter: (c) => isOwnCharge(c, OWN) });
    expect(mine.map((c) => c.traceId)).toEqual([charge(7), charge(5), charge(3)].map((c) => c.traceId));
    expect(await listCharges({ limit: 10 })).toHaveLength(7);
  });

  it("closeShift with the till's id: the report counts this till's charges only", async () => {
    await recordCharge(charge(1, { tillId: OWN, status: 'received' }));
    await recordCharge(charge(2, { tillId: OTHER, status: 'received' }));
    await recordCharge(charge(3, { status: 'received' }));
    const closed = await closeShift(1_700_000_000_000 + 10_000, OWN);
    expect(closed.report?.count).toBe(2);
    expect(closed.report?.currencies[0]).toMatchObject({ received: 2, collected: '5' });
    const all = await closeShift(1_700_000_000_000 + 20_000);
    expect(all.report?.count).toBe(0);
  });
});
