import { describe, expect, it } from 'vitest';
import type { ChargeRecord, ShiftRecord } from '@/journal/journal';
import {
  chargeDocId,
  chargeFromDoc,
  chargeToDoc,
  docKind,
  ledgerCharge,
  resolveLeaves,
  sameDocContent,
  settleWrites,
  shiftDocId,
  shiftFromDoc,
  shiftRecordOf,
  shiftToDoc,
  tillFromDoc,
  tillToDoc,
  traceIdOfDocId,
} from './ledger-doc';

const TILL_A = '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b';
const TILL_B = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const TRACE = '1b638d3f-e156-4621-87fd-778a410f4884';
const T0 = 1_800_000_000_000;

function charge(over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    traceId: TRACE,
    createdAt: T0,
    updatedAt: T0,
    shopName: 'Shop',
    payeeId: '834c17e1-1427-434a-a280-1b3cfee05111',
    settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: '10',
    expiredTimestamp: T0 / 1000 + 900,
    linkMode: 'paylink',
    linkFellBack: false,
    link: 'https://mixpay.me/pay?x',
    status: 'open',
    phase: 'waiting',
    ...over,
  };
}

const received = (updatedAt: number) => {
  const { phase: _p, ...rest } = charge({ status: 'received', endedAt: updatedAt, updatedAt });
  return rest as ChargeRecord;
};

describe('charge documents', () => {
  it('one document per charge, its _id from the traceId, stamped with the till that made it', () => {
    const doc = chargeToDoc({ ...charge(), watchUntil: 123, lateAlert: 1 }, TILL_A);
    expect(doc._id).toBe(`charge:${TRACE}`);
    expect(doc.type).toBe('charge');
    expect(doc.v).toBe(1);
    expect(doc.tillId).toBe(TILL_A);
    expect(doc.charge.tillId).toBe(TILL_A);
    // The journal's derived index keys never travel.
    expect(doc.charge).not.toHaveProperty('watchUntil');
    expect(doc.charge).not.toHaveProperty('lateAlert');
    expect(Object.keys(doc)).toEqual(['_id', 'charge', 'tillId', 'type', 'v']);
    expect(Object.keys(doc.charge)).toEqual([...Object.keys(doc.charge)].sort());
  });

  it('keeps the till a record already carries (another till’s charge)', () => {
    const doc = chargeToDoc({ ...charge(), tillId: TILL_B } as ChargeRecord, TILL_A);
    expect(doc.tillId).toBe(TILL_B);
    expect(ledgerCharge(charge(), TILL_A).tillId).toBe(TILL_A);
  });

  it('carries nothing but the record: no credentials, no settings', () => {
    const doc = chargeToDoc(charge(), TILL_A);
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/password|user|auth|pin/i);
  });

  it('round-trips, and keeps fields a newer version wrote', () => {
    const doc = chargeToDoc(charge(), TILL_A);
    expect(chargeFromDoc({ ...doc, _rev: '1-x' })).toEqual({ ...charge(), tillId: TILL_A });
    const newer = { ...doc, charge: { ...doc.charge, futureField: { a: 1 } } };
    expect(chargeFromDoc(newer)).toMatchObject({ futureField: { a: 1 } });
  });

  it('refuses documents that are not well-formed charges', () => {
    const doc = chargeToDoc(charge(), TILL_A);
    expect(chargeFromDoc(null)).toBeNull();
    expect(chargeFromDoc({ ...doc, type: 'shift' })).toBeNull();
    expect(chargeFromDoc({ ...doc, _id: 'charge:other' })).toBeNull();
    expect(chargeFromDoc({ ...doc, _deleted: true })).toBeNull();
    expect(chargeFromDoc({ ...doc, tillId: TILL_B })).toBeNull();
    expect(chargeFromDoc({ ...doc, charge: { ...doc.charge, tillId: 'x' } })).toBeNull();
    expect(chargeFromDoc({ ...doc, charge: { ...doc.charge, status: 'paid' } })).toBeNull();
    expect(chargeFromDoc({ ...doc, charge: { ...doc.charge, quoteAmount: '1e3' } })).toBeNull();
  });

  it('tells document kinds apart by _id', () => {
    expect(traceIdOfDocId(chargeDocId(TRACE))).toBe(TRACE);
    expect(traceIdOfDocId('shift:x:1')).toBeNull();
    expect(traceIdOfDocId('charge:')).toBeNull();
    expect(docKind('charge:x')).toBe('charge');
    expect(docKind('shift:x:1')).toBe('shift');
    expect(docKind('till:x')).toBe('till');
    expect(docKind('_design/x')).toBeNull();
  });
});

describe('shift and till documents', () => {
  const shift: ShiftRecord = { closedAt: T0 + 3_600_000 };

  it('shift closes as shift:<tillId>:<closedAt>', () => {
    const doc = shiftToDoc(shift, TILL_A);
    expect(doc).toEqual({
      _id: `shift:${TILL_A}:${T0 + 3_600_000}`,
      type: 'shift',
      v: 1,
      tillId: TILL_A,
      closedAt: T0 + 3_600_000,
      scope: 'till',
    });
    expect(shiftDocId(TILL_A, 5)).toBe(`shift:${TILL_A}:5`);
    expect(shiftFromDoc({ ...doc, _rev: '1-a' })).toEqual(doc);
    expect(shiftRecordOf(doc)).toEqual(shift);
    expect(shiftToDoc(shift, TILL_A, 'shop').scope).toBe('shop');
    expect(shiftFromDoc({ ...doc, _id: `shift:${TILL_B}:${shift.closedAt}` })).toBeNull();
    expect(shiftFromDoc({ ...doc, scope: 'world' })).toBeNull();
  });

  it('till cards', () => {
    const doc = tillToDoc({ tillId: TILL_A, tillName: 'Front' }, T0);
    expect(doc).toEqual({
      _id: `till:${TILL_A}`,
      type: 'till',
      v: 1,
      tillId: TILL_A,
      name: 'Front',
      seenAt: T0,
    });
    expect(tillFromDoc({ ...doc, _rev: '2-b' })).toEqual(doc);
    expect(tillFromDoc({ ...doc, name: 3 })).toBeNull();
  });
});

describe('settling a conflict', () => {
  it('charges: the lifecycle’s winner, whatever the order of the leaves', () => {
    const a = { ...chargeToDoc(charge({ phase: 'confirming', updatedAt: T0 + 9_000 }), TILL_A), _rev: '2-a' };
    const b = { ...chargeToDoc(received(T0 + 1_000), TILL_A), _rev: '2-b' };
    const expected = chargeToDoc(received(T0 + 1_000), TILL_A);
    expect(resolveLeaves([a, b])).toEqual(expected);
    expect(resolveLeaves([b, a])).toEqual(expected);
  });

  it('unreadable leaves are left out; none readable gives null', () => {
    const a = { ...chargeToDoc(charge(), TILL_A), _rev: '2-a' };
    expect(resolveLeaves([a, { _id: a._id, type: 'charge', charge: { junk: true } }])).toEqual(
      chargeToDoc(charge(), TILL_A),
    );
    expect(resolveLeaves([{ _id: a._id, type: 'charge' }])).toBeNull();
    expect(resolveLeaves([{ _id: '_design/x' }])).toBeNull();
  });

  it('shift closes: the shop’s when any leaf says so, with a report when any has one', () => {
    const report = { openedAt: 0, closedAt: T0, count: 0, currencies: [], paymentAssets: [] };
    const plain = shiftToDoc({ closedAt: T0 }, TILL_A, 'shop');
    const withReport = shiftToDoc({ closedAt: T0, report }, TILL_A, 'till');
    const expected = shiftToDoc({ closedAt: T0, report }, TILL_A, 'shop');
    expect(resolveLeaves([plain, withReport])).toEqual(expected);
    expect(resolveLeaves([withReport, plain])).toEqual(expected);
  });

  it('till cards: the latest', () => {
    const older = tillToDoc({ tillId: TILL_A, tillName: 'Front' }, T0);
    const newer = tillToDoc({ tillId: TILL_A, tillName: 'Counter' }, T0 + 1);
    expect(resolveLeaves([older, newer])).toEqual(newer);
    expect(resolveLeaves([newer, older])).toEqual(newer);
  });

  it('writes the result over the winning revision and deletes the losers, keys sorted', () => {
    const winning = {
      ...chargeToDoc(charge({ phase: 'confirming' }), TILL_A),
      _rev: '2-b',
      _conflicts: ['2-a'],
    };
    const resolved = chargeToDoc(received(T0 + 1_000), TILL_A);
    const writes = settleWrites(winning, ['2-a'], resolved);
    expect(writes).toEqual([
      { ...resolved, _rev: '2-b' },
      { _deleted: true, _id: winning._id, _rev: '2-a' },
    ]);
    expect(Object.keys(writes[0])).toEqual(['_id', '_rev', 'charge', 'tillId', 'type', 'v']);
    expect(Object.keys(writes[1])).toEqual(['_deleted', '_id', '_rev']);
  });

  it('only deletes the losers when the winning revision already holds the result', () => {
    const resolved = chargeToDoc(received(T0 + 1_000), TILL_A);
    const winning = { ...resolved, _rev: '3-c', _conflicts: ['2-a', '2-b'] };
    expect(settleWrites(winning, ['2-b', '2-a'], resolved)).toEqual([
      { _deleted: true, _id: resolved._id, _rev: '2-a' },
      { _deleted: true, _id: resolved._id, _rev: '2-b' },
    ]);
    expect(settleWrites({ ...resolved, _rev: '3-c' }, [], resolved)).toEqual([]);
    expect(sameDocContent(winning, resolved)).toBe(true);
  });
});
