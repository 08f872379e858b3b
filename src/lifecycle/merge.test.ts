import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChargeRecord, ChargeStatus, OpenPhase } from './charge-record';
import { mergeCharge, sameChargeRecord } from './merge';

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

const open = (phase: OpenPhase, updatedAt = T0) => charge({ status: 'open', phase, updatedAt });
const ended = (status: Exclude<ChargeStatus, 'open'>, over: Partial<ChargeRecord> = {}) => {
  const { phase: _phase, ...rest } = charge({
    status,
    endedAt: T0 + 60_000,
    updatedAt: T0 + 60_000,
    ...over,
  });
  return rest as ChargeRecord;
};
const late = (status: 'received' | 'mismatch', acknowledged = false, seenAt = T0 + 120_000) =>
  ended(status, { latePayment: { seenAt, acknowledged }, updatedAt: seenAt });

/** Both orders, so every row checks symmetry too. */
function merged(a: ChargeRecord, b: ChargeRecord): ChargeRecord {
  const ab = mergeCharge(a, b);
  expect(mergeCharge(b, a)).toEqual(ab);
  return ab;
}

describe('mergeCharge: which record wins', () => {
  type Row = [
    name: string,
    a: ChargeRecord,
    b: ChargeRecord,
    winnerStatus: ChargeStatus,
    winnerPhase?: OpenPhase,
  ];
  const rows: Row[] = [
    ['final beats open (received vs waiting)', open('waiting', T0 + 999_999), ended('received'), 'received'],
    [
      'final beats open even when older (cancelled vs processing)',
      open('processing', T0 + 999_999),
      ended('cancelled'),
      'cancelled',
    ],
    ['final beats open (expired vs auditing)', open('auditing'), ended('expired'), 'expired'],
    [
      'received beats mismatch',
      ended('received'),
      ended('mismatch', { updatedAt: T0 + 999_999 }),
      'received',
    ],
    ['received beats failed', ended('received'), ended('failed'), 'received'],
    ['received beats expired', ended('received'), ended('expired', { updatedAt: T0 + 999_999 }), 'received'],
    ['received beats cancelled', ended('received'), ended('cancelled'), 'received'],
    ['mismatch beats failed', ended('mismatch'), ended('failed'), 'mismatch'],
    ['failed beats expired', ended('failed'), ended('expired'), 'failed'],
    ['expired beats cancelled', ended('expired'), ended('cancelled', { updatedAt: T0 + 999_999 }), 'expired'],
    [
      'late payment (received) beats plain cancelled',
      ended('cancelled', { updatedAt: T0 + 999_999 }),
      late('received'),
      'received',
    ],
    ['late payment (received) beats plain expired', ended('expired'), late('received'), 'received'],
    ['late payment (mismatch) beats plain cancelled', ended('cancelled'), late('mismatch'), 'mismatch'],
    [
      'late payment (mismatch) beats plain expired',
      ended('expired', { updatedAt: T0 + 999_999 }),
      late('mismatch'),
      'mismatch',
    ],
    ['open: opened beats waiting', open('waiting', T0 + 5), open('opened', T0 + 1), 'open', 'opened'],
    [
      'open: confirming beats opened',
      open('opened', T0 + 5),
      open('confirming', T0 + 1),
      'open',
      'confirming',
    ],
    ['open: paid-less beats opened', open('opened', T0 + 5), open('paid-less', T0 + 1), 'open', 'paid-less'],
    [
      'open: processing beats confirming',
      open('confirming', T0 + 5),
      open('processing', T0 + 1),
      'open',
      'processing',
    ],
    [
      'open: auditing beats paid-less',
      open('paid-less', T0 + 5),
      open('auditing', T0 + 1),
      'open',
      'auditing',
    ],
    [
      'open: reported beats confirming',
      open('confirming', T0 + 5),
      open('reported', T0 + 1),
      'open',
      'reported',
    ],
    [
      'open: same rank, later updatedAt (confirming vs paid-less)',
      open('confirming', T0 + 1),
      open('paid-less', T0 + 5),
      'open',
      'paid-less',
    ],
    [
      'open: same rank, later updatedAt (processing vs auditing)',
      open('auditing', T0 + 1),
      open('processing', T0 + 5),
      'open',
      'processing',
    ],
    [
      'open: a record from before phases counts as waiting',
      charge({ phase: undefined, updatedAt: T0 + 9 }),
      open('opened'),
      'open',
      'opened',
    ],
  ];
  it.each(rows)('%s', (_name, a, b, status, phase) => {
    const out = merged(a, b);
    expect(out.status).toBe(status);
    if (phase) expect(out.phase).toBe(phase);
  });

  it('same status: the later update wins (a newer result snapshot)', () => {
    const older = ended('received', {
      updatedAt: T0 + 1,
      result: { status: 'success', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p' },
    });
    const newer = ended('received', {
      updatedAt: T0 + 2,
      result: { status: 'success', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p', txid: 'abc' },
    });
    expect(merged(older, newer).result?.txid).toBe('abc');
  });

  it('same status and time: a fixed choice by content, whatever the order', () => {
    const a = ended('failed', {
      result: { status: 'failed', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p', failureCode: 1 },
    });
    const b = ended('failed', {
      result: { status: 'failed', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p', failureCode: 2 },
    });
    expect([a, b]).toContainEqual(merged(a, b));
  });

  it('never merges two different charges', () => {
    expect(() => mergeCharge(charge(), charge({ traceId: 'other' }))).toThrow(/different charges/);
  });
});

describe('mergeCharge: flags are united', () => {
  it('a late payment acknowledged on either copy stays acknowledged, seen at the earliest time', () => {
    const out = merged(late('received', true, T0 + 500), late('received', false, T0 + 300));
    expect(out.latePayment).toEqual({ seenAt: T0 + 300, acknowledged: true });
  });

  it('a late payment flag survives even when the other copy wins', () => {
    // Same status and rank, the unflagged copy is newer: it wins, the flag is kept.
    const flagged = late('received', true, T0 + 100);
    const newer = ended('received', { updatedAt: T0 + 999_999 });
    const out = merged(flagged, newer);
    expect(out.updatedAt).toBe(T0 + 999_999);
    expect(out.latePayment).toEqual({ seenAt: T0 + 100, acknowledged: true });
  });

  it('acknowledgedAt is the earliest one set', () => {
    expect(
      merged(ended('received', { acknowledgedAt: 7 }), ended('received', { acknowledgedAt: 3 }))
        .acknowledgedAt,
    ).toBe(3);
    expect(merged(ended('received', { acknowledgedAt: 7 }), ended('received')).acknowledgedAt).toBe(7);
    expect(merged(ended('received'), ended('received')).acknowledgedAt).toBeUndefined();
  });

  it("leaves out the journal's derived index keys", () => {
    const out = merged(ended('cancelled', { watchUntil: 5 }), late('received', false));
    expect(out).not.toHaveProperty('watchUntil');
    expect(out).not.toHaveProperty('lateAlert');
  });

  it('is idempotent on a table of records', () => {
    for (const c of [open('waiting'), open('processing'), ended('cancelled'), late('mismatch', true)]) {
      expect(mergeCharge(c, c)).toEqual(c);
      expect(sameChargeRecord(mergeCharge(c, c), c)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const statuses: ChargeStatus[] = ['open', 'received', 'mismatch', 'failed', 'expired', 'cancelled'];
const phases: OpenPhase[] = [
  'waiting',
  'opened',
  'confirming',
  'paid-less',
  'processing',
  'auditing',
  'reported',
];

/** Records of one charge, with few distinct values so ties (same rank, same time) are common. */
const record: fc.Arbitrary<ChargeRecord> = fc
  .record({
    status: fc.constantFrom(...statuses),
    phase: fc.option(fc.constantFrom(...phases), { nil: undefined }),
    updatedAt: fc.integer({ min: 0, max: 3 }).map((n) => T0 + n),
    quoteAmount: fc.constantFrom('10', '10.00'),
    txid: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    latePayment: fc.option(
      fc.record({ seenAt: fc.integer({ min: 0, max: 3 }), acknowledged: fc.boolean() }),
      { nil: undefined },
    ),
    acknowledgedAt: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    candidate: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
  })
  .map(({ status, phase, txid, latePayment, acknowledgedAt, candidate, ...rest }) => {
    const c = charge({ ...rest, status, phase: status === 'open' ? phase : undefined });
    if (status === 'open' && phase === undefined) delete c.phase;
    if (status !== 'open') delete c.phase;
    if (txid) c.result = { status: 'success', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p', txid };
    if (latePayment) c.latePayment = latePayment;
    if (acknowledgedAt !== undefined) c.acknowledgedAt = acknowledgedAt;
    if (candidate) c.candidate = candidate;
    return c;
  });

const FINAL_ORDER: ChargeStatus[] = ['open', 'cancelled', 'expired', 'failed', 'mismatch', 'received'];

describe('mergeCharge properties', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(mergeCharge(a, b)).toEqual(mergeCharge(b, a));
      }),
      { numRuns: 2000 },
    );
  });

  it('is associative over a chain of three', () => {
    fc.assert(
      fc.property(record, record, record, (a, b, c) => {
        expect(mergeCharge(mergeCharge(a, b), c)).toEqual(mergeCharge(a, mergeCharge(b, c)));
        expect(mergeCharge(mergeCharge(a, c), b)).toEqual(mergeCharge(mergeCharge(a, b), c));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: merging a record with itself, or merging the same copy again, changes nothing', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(mergeCharge(a, a)).toEqual(a);
        const ab = mergeCharge(a, b);
        expect(mergeCharge(ab, b)).toEqual(ab);
        expect(mergeCharge(ab, a)).toEqual(ab);
        expect(mergeCharge(ab, ab)).toEqual(ab);
      }),
      { numRuns: 2000 },
    );
  });

  it('never replaces a final state by an open one, nor a higher final state by a lower one', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const out = mergeCharge(a, b);
        const rank = (c: ChargeRecord) => FINAL_ORDER.indexOf(c.status);
        expect(rank(out)).toBe(Math.max(rank(a), rank(b)));
        expect([a.status, b.status]).toContain(out.status);
      }),
      { numRuns: 1000 },
    );
  });
});
