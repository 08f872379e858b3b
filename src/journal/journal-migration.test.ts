/**
 * The journal's migration to version 3 (itemised sales, linked charges, shift reports), from a
 * version 2 database as a till has it today: written here with raw IndexedDB, the way the version 2
 * code wrote it, then opened through the journal.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { saleOf } from '@/lifecycle/sale';
import {
  allChargesForBackup,
  chargesLinkedTo,
  closeJournalForTests,
  closeShift,
  getCharge,
  listShifts,
  recordCharge,
  type ChargeRecord,
} from './journal';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 21, 8);

/** A version 2 record: no items, subtotal, discount, tip or link (as the old code wrote them). */
function oldCharge(n: number, over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    traceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: T0 + n * HOUR,
    updatedAt: T0 + n * HOUR,
    shopName: 'Shop',
    payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
    settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: '10.50',
    expiredTimestamp: (T0 + n * HOUR) / 1000 + 900,
    linkMode: 'paylink',
    linkFellBack: false,
    link: `https://mixpay.me/pay?traceId=${n}`,
    status: 'received',
    result: {
      status: 'success',
      quoteAmount: '10.5',
      quoteAssetId: 'usd',
      payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
      paymentAmount: '10.5',
      paymentSymbol: 'USDT',
      paymentAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    },
    ...over,
  };
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** The database exactly as version 2 of the app left it. */
async function writeVersion2(charges: ChargeRecord[], closes: number[]) {
  const open = indexedDB.open('mixpay-pos-journal', 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    const store = db.createObjectStore('charges', { keyPath: 'traceId' });
    store.createIndex('createdAt', 'createdAt');
    store.createIndex('status', 'status');
    store.createIndex('watchUntil', 'watchUntil');
    store.createIndex('lateAlert', 'lateAlert');
    db.createObjectStore('shifts', { keyPath: 'closedAt' });
  };
  const db = await req(open);
  const tx = db.transaction(['charges', 'shifts'], 'readwrite');
  for (const c of charges) tx.objectStore('charges').put(c);
  for (const closedAt of closes) tx.objectStore('shifts').put({ closedAt });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('journal migration from version 2', () => {
  const charges = [
    oldCharge(1),
    oldCharge(2, { quoteAmount: '4', status: 'failed', result: undefined }),
    oldCharge(3, { quoteAssetId: 'eur', quoteSymbol: 'EUR', quoteAmount: '7' }),
    oldCharge(5),
    oldCharge(7, { status: 'open' }),
  ];
  const firstClose = T0 + 4 * HOUR;
  const secondClose = T0 + 6 * HOUR;

  beforeAll(async () => {
    closeJournalForTests();
    await writeVersion2(charges, [firstClose, secondClose]);
  });

  it('opens at version 3 with every record as it was; old records read as one item', async () => {
    const stored = await getCharge(charges[0].traceId);
    expect(stored).toEqual(charges[0]);
    expect(saleOf(stored!)).toEqual({
      lines: [{ amount: '10.50' }],
      subtotal: '10.50',
      discount: null,
      tip: null,
      total: '10.50',
    });
    const db = await req(indexedDB.open('mixpay-pos-journal'));
    expect(db.version).toBe(4);
    expect([...db.transaction('charges').objectStore('charges').indexNames]).toContain('linkedTo');
    db.close();
  });

  it('gives each shift closed before reports existed its report, rebuilt from its charges', async () => {
    const shifts = await listShifts();
    expect(shifts.map((s) => s.closedAt)).toEqual([secondClose, firstClose]);
    const first = shifts[1].report!;
    expect(first).toMatchObject({ openedAt: 0, closedAt: firstClose, count: 3, rebuilt: true });
    expect(first.currencies.map((c) => c.symbol)).toEqual(['EUR', 'USD']);
    expect(first.currencies[1]).toMatchObject({
      count: 2,
      received: 1,
      gross: '10.5',
      discounts: '0',
      net: '10.5',
      tips: '0',
      collected: '10.5',
      byStatus: { received: { count: 1, total: '10.5' }, failed: { count: 1, total: '4' } },
    });
    expect(first.paymentAssets).toEqual([
      { assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', symbol: 'USDT', count: 2, amount: '21' },
    ]);
    const second = shifts[0].report!;
    expect(second).toMatchObject({ openedAt: firstClose, closedAt: secondClose, count: 1, rebuilt: true });
    expect(second.currencies[0].collected).toBe('10.5');
  });

  it('then works as version 3: linked charges, reports at close, kept across restarts and in backups', async () => {
    const next: ChargeRecord = {
      ...oldCharge(8, { status: 'open', result: undefined }),
      quoteAmount: '4',
      lines: [{ amount: '4' }],
      subtotal: '4',
      linkedTo: { traceId: charges[1].traceId, reason: 'difference' },
    };
    await recordCharge(next);
    expect((await chargesLinkedTo(charges[1].traceId)).map((c) => c.traceId)).toEqual([next.traceId]);

    const closed = await closeShift(T0 + 9 * HOUR);
    expect(closed.report).toMatchObject({ openedAt: secondClose, count: 2 });
    expect(closed.report!.rebuilt).toBeUndefined();
    closeJournalForTests();
    expect((await listShifts())[0]).toEqual(closed);
    expect((await allChargesForBackup()).shifts.map((s) => !!s.report)).toEqual([true, true, true]);
  });
});
