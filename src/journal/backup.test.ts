import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  allChargesForBackup,
  applyChargeEvent,
  chargesToWatch,
  clearJournalForTests,
  closeShift,
  getCharge,
  isStorageFullError,
  mergeImportedCharges,
  recordCharge,
  unacknowledgedLatePayments,
  type ChargeRecord,
} from './journal';
import { BACKUP_KIND, BACKUP_SCHEMA_VERSION, parseBackup } from './backup-schema';

const NOW = Date.now();

function charge(n: number, over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    traceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: NOW - 100_000 + n * 1000,
    updatedAt: NOW - 100_000 + n * 1000,
    shopName: 'Shop',
    payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: `${n}.5`,
    expiredTimestamp: Math.floor(NOW / 1000) + 900,
    linkMode: 'paylink',
    linkFellBack: false,
    link: `https://mixpay.me/pay?traceId=${n}`,
    status: 'open',
    phase: 'waiting',
    ...over,
  };
}

function ended(n: number, status: ChargeRecord['status'], over: Partial<ChargeRecord> = {}): ChargeRecord {
  const { phase: _phase, ...rest } = charge(n, {
    status,
    endedAt: NOW - 50_000,
    updatedAt: NOW - 50_000,
    ...over,
  });
  return rest;
}

/** A backup file's text, as Export writes it. */
function backupText(charges: ChargeRecord[], shifts: Array<{ closedAt: number }> = [], extra: object = {}) {
  return JSON.stringify({
    kind: BACKUP_KIND,
    schemaVersion: BACKUP_SCHEMA_VERSION,
    exportedAt: NOW,
    settings: { shopName: 'Shop' },
    charges,
    shifts,
    ...extra,
  });
}

function parsed(text: string) {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(result.message);
  return result.backup;
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('backup: journal round trip', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exports every charge and shift close, and imports them back exactly', async () => {
    const originals = [
      charge(1),
      ended(2, 'received', {
        result: { status: 'success', quoteAmount: '2.5', quoteAssetId: 'usd', payeeId: 'p', txid: 't' },
      }),
      ended(3, 'cancelled'),
      ended(4, 'received', { latePayment: { seenAt: NOW - 10_000, acknowledged: false } }),
      ended(5, 'mismatch', {
        mismatches: [{ field: 'quoteAmount', expected: '5.5', actual: '5' }],
        acknowledgedAt: NOW - 1000,
      }),
    ];
    for (const c of originals) await recordCharge(c);
    await closeShift(NOW - 20_000);
    await closeShift(NOW - 10_000);
    const exported = await allChargesForBackup();
    expect(exported.charges.map((c) => c.traceId)).toEqual(originals.map((c) => c.traceId));
    // Derived index keys stay in the journal.
    expect(exported.charges.some((c) => 'watchUntil' in c || 'lateAlert' in c)).toBe(false);
    expect(exported.shifts.map((s) => s.closedAt)).toEqual([NOW - 20_000, NOW - 10_000]);
    // Each close carries the report made when it closed (the round trip below keeps it exactly).
    expect(exported.shifts[0].report).toMatchObject({ openedAt: 0, closedAt: NOW - 20_000, count: 5 });

    const file = parsed(backupText(exported.charges, exported.shifts));
    await clearJournalForTests();
    const summary = await mergeImportedCharges(file.charges, file.shifts);
    expect(summary).toEqual({ added: 5, updated: 0, unchanged: 0, shiftsAdded: 2 });
    expect(await allChargesForBackup()).toEqual(exported);
    // The index keys are derived again: the cancelled charge is watched, the late payment alerts.
    expect((await chargesToWatch(NOW)).map((c) => c.traceId)).toEqual([charge(3).traceId]);
    expect((await unacknowledgedLatePayments()).map((c) => c.traceId)).toEqual([charge(4).traceId]);

    // Importing the same file again changes nothing.
    expect(await mergeImportedCharges(file.charges, file.shifts)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 5,
      shiftsAdded: 0,
    });
    expect(await allChargesForBackup()).toEqual(exported);
  });
});

describe('backup: merge rules through import', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });

  it('never duplicates a charge, and never replaces a final state by an open one', async () => {
    await recordCharge(ended(1, 'received'));
    await recordCharge(charge(2, { phase: 'confirming' }));
    await recordCharge(ended(3, 'cancelled'));
    const summary = await mergeImportedCharges([
      charge(1, { updatedAt: NOW }), // an open copy of a received charge: ignored
      ended(2, 'received'), // the charge ended on the other copy: taken
      ended(3, 'received', { latePayment: { seenAt: NOW, acknowledged: false } }), // a late payment
      charge(4), // new
      ended(4, 'expired'), // ... twice in one file: merged first
    ]);
    expect(summary).toEqual({ added: 1, updated: 2, unchanged: 1, shiftsAdded: 0 });
    const all = await allChargesForBackup();
    expect(all.charges.map((c) => [c.traceId.slice(-1), c.status])).toEqual([
      ['1', 'received'],
      ['2', 'received'],
      ['3', 'received'],
      ['4', 'expired'],
    ]);
    expect((await getCharge(charge(3).traceId))?.latePayment).toEqual({ seenAt: NOW, acknowledged: false });
    expect((await getCharge(charge(3).traceId))?.lateAlert).toBe(1);
  });

  it('an open charge further along replaces the one stored', async () => {
    await recordCharge(charge(1, { phase: 'opened', updatedAt: NOW }));
    expect(await mergeImportedCharges([charge(1, { phase: 'waiting', updatedAt: NOW + 5 })])).toMatchObject({
      unchanged: 1,
    });
    expect(
      await mergeImportedCharges([charge(1, { phase: 'processing', updatedAt: NOW - 5 })]),
    ).toMatchObject({
      updated: 1,
    });
    expect((await getCharge(charge(1).traceId))?.phase).toBe('processing');
  });

  it('unites flags: a late payment dismissed on either copy stays dismissed', async () => {
    await recordCharge(ended(1, 'received', { latePayment: { seenAt: NOW, acknowledged: false } }));
    expect((await unacknowledgedLatePayments()).length).toBe(1);
    const summary = await mergeImportedCharges([
      ended(1, 'received', {
        latePayment: { seenAt: NOW + 9, acknowledged: true },
        acknowledgedAt: NOW + 10,
      }),
    ]);
    expect(summary.updated).toBe(1);
    const stored = await getCharge(charge(1).traceId);
    expect(stored?.latePayment).toEqual({ seenAt: NOW, acknowledged: true });
    expect(stored?.acknowledgedAt).toBe(NOW + 10);
    expect(await unacknowledgedLatePayments()).toEqual([]);
  });

  it('adds shift closes by closedAt, never twice', async () => {
    await closeShift(100);
    expect(await mergeImportedCharges([], [{ closedAt: 100 }, { closedAt: 200 }, { closedAt: 200 }])).toEqual(
      {
        added: 0,
        updated: 0,
        unchanged: 0,
        shiftsAdded: 1,
      },
    );
    const shifts = (await allChargesForBackup()).shifts;
    expect(shifts.map((s) => s.closedAt)).toEqual([100, 200]);
    expect(shifts[0].report).toMatchObject({ closedAt: 100, count: 0 });
    expect(shifts[1].report).toBeUndefined();
  });
});

describe('backup: refusing bad files', () => {
  const good = JSON.parse(backupText([ended(1, 'received')])) as Record<string, unknown>;
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"kind": "mixpay-pos-backup", ', /not a MixPay POS backup.*not JSON/],
    ['a JSON array', '[]', /not a MixPay POS backup/],
    ['another kind of file', JSON.stringify({ ...good, kind: 'something-else' }), /not a MixPay POS backup/],
    ['no kind', JSON.stringify({ charges: [] }), /not a MixPay POS backup/],
    [
      'a newer format',
      JSON.stringify({ ...good, schemaVersion: 2 }),
      /newer version of the app \(backup format 2\)/,
    ],
    [
      'an unknown format',
      JSON.stringify({ ...good, schemaVersion: '1' }),
      /format \("1"\) is not one this app reads/,
    ],
    ['no charges', JSON.stringify({ ...good, charges: undefined }), /damaged \(charges: /],
    ['no shifts', JSON.stringify({ ...good, shifts: 'none' }), /damaged \(shifts: /],
    ['settings not an object', JSON.stringify({ ...good, settings: 'x' }), /damaged \(settings: /],
    [
      'a charge with an unknown status',
      JSON.stringify({ ...good, charges: [{ ...ended(1, 'received'), status: 'paid' }] }),
      /damaged \(charges\.0\.status: /,
    ],
    [
      'a charge amount that is not a decimal',
      JSON.stringify({
        ...good,
        charges: [ended(1, 'received'), { ...ended(2, 'received'), quoteAmount: '1e1' }],
      }),
      /damaged \(charges\.1\.quoteAmount: Not a decimal amount\)/,
    ],
    [
      'a charge without a traceId',
      JSON.stringify({ ...good, charges: [{ ...ended(1, 'received'), traceId: '' }] }),
      /damaged \(charges\.0\.traceId: Empty traceId\)/,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    const result = parseBackup(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message).toMatch(/nothing was imported/i);
    }
  });

  it('drops unknown fields and the index keys of a charge', () => {
    const file = parsed(
      backupText([{ ...ended(1, 'cancelled'), watchUntil: 5, lateAlert: 1, extra: 'x' } as ChargeRecord]),
    );
    expect(file.charges[0]).not.toHaveProperty('watchUntil');
    expect(file.charges[0]).not.toHaveProperty('lateAlert');
    expect(file.charges[0]).not.toHaveProperty('extra');
  });
});

describe('storage full (QuotaExceededError)', () => {
  beforeEach(async () => {
    await clearJournalForTests();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a new charge that cannot be written leaves every existing charge intact', async () => {
    for (let n = 1; n <= 3; n++) await recordCharge(ended(n, 'received'));
    const before = await allChargesForBackup();
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quotaError();
    });
    const failed = recordCharge(charge(9)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStorageFullError(await failed)).toBe(true);
    vi.restoreAllMocks();
    expect(await allChargesForBackup()).toEqual(before);
    expect(await getCharge(charge(9).traceId)).toBeUndefined();
  });

  it('an update that cannot be written leaves the stored charge as it was', async () => {
    await recordCharge(charge(1));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    await expect(applyChargeEvent(charge(1).traceId, { type: 'cancel', at: NOW })).rejects.toSatisfy(
      isStorageFullError,
    );
    vi.restoreAllMocks();
    expect((await getCharge(charge(1).traceId))?.status).toBe('open');
  });

  it('an import that runs out of space midway writes nothing at all (one transaction)', async () => {
    await recordCharge(charge(1));
    await recordCharge(ended(2, 'cancelled'));
    const before = await allChargesForBackup();
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      // The first update goes through; the second finds the disk full.
      if (++puts === 2) throw quotaError();
      return realPut.apply(this, args);
    });
    const result = mergeImportedCharges([
      ended(1, 'received'),
      ended(2, 'received'),
      ended(3, 'received'),
    ]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStorageFullError(await result)).toBe(true);
    expect(puts).toBe(2);
    vi.restoreAllMocks();
    expect(await allChargesForBackup()).toEqual(before);
  });

  it('recognises a full disk however the browser reports it', () => {
    expect(isStorageFullError(quotaError())).toBe(true);
    expect(isStorageFullError({ name: 'QuotaExceededError' })).toBe(true);
    expect(isStorageFullError(new Error('write failed', { cause: quotaError() }))).toBe(true);
    // An aborted transaction: the request fails with AbortError, the transaction carries the reason.
    expect(isStorageFullError({ name: 'AbortError', error: quotaError() })).toBe(true);
    expect(isStorageFullError(new DOMException('Transaction aborted: quota exceeded', 'AbortError'))).toBe(
      true,
    );
    expect(isStorageFullError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isStorageFullError(new DOMException('Key already exists', 'ConstraintError'))).toBe(false);
    expect(isStorageFullError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isStorageFullError(new Error('offline'))).toBe(false);
    expect(isStorageFullError(null)).toBe(false);
  });
});
