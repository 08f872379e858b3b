import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChargeRecord, ChargeStatus, OpenPhase } from './charge-record';
import { resolveChargeConflict, resolveChargeRevisions } from './resolve-revisions';

const TRACE = '6f1c2c1e-8f7c-4d7e-9a3b-2f1e0d9c8b7a';
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

function ended(status: Exclude<ChargeStatus, 'open'>, updatedAt: number, over: Partial<ChargeRecord> = {}) {
  const { phase: _phase, ...rest } = charge({ status, endedAt: updatedAt, updatedAt, ...over });
  return rest as ChargeRecord;
}

const open = (phase: OpenPhase, updatedAt: number) => charge({ phase, updatedAt });

describe('resolveChargeRevisions: the lifecycle order over a conflict', () => {
  it('a final state beats an open one, even a later open one', () => {
    const result = resolveChargeRevisions([open('confirming', T0 + 9_000), ended('expired', T0 + 1_000)]);
    expect(result.status).toBe('expired');
  });

  it('received beats every other final state, whichever is later', () => {
    const received = ended('received', T0 + 1_000, {
      result: { status: 'success', quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p' },
    });
    const revisions = [
      ended('cancelled', T0 + 5_000),
      received,
      ended('mismatch', T0 + 6_000),
      ended('failed', T0 + 7_000),
    ];
    expect(resolveChargeRevisions(revisions)).toEqual(received);
  });

  it('but a later received record (a re-verified correction) replaces an earlier one', () => {
    const first = ended('received', T0 + 1_000, { remark: 'first read' });
    const corrected = ended('received', T0 + 2_000, { remark: 'verified again' });
    expect(resolveChargeRevisions([corrected, first]).remark).toBe('verified again');
    expect(resolveChargeRevisions([first, corrected]).remark).toBe('verified again');
  });

  it('unites the late-payment flags of every revision', () => {
    const a = ended('received', T0 + 5_000, { latePayment: { seenAt: T0 + 5_000, acknowledged: false } });
    const b = ended('received', T0 + 4_000, { latePayment: { seenAt: T0 + 4_000, acknowledged: true } });
    const c = ended('cancelled', T0 + 1_000, { acknowledgedAt: T0 + 2_000 });
    const result = resolveChargeRevisions([a, b, c]);
    expect(result.latePayment).toEqual({ seenAt: T0 + 4_000, acknowledged: true });
    expect(result.acknowledgedAt).toBe(T0 + 2_000);
  });

  it('one revision resolves to itself; none is an error', () => {
    const only = open('opened', T0);
    expect(resolveChargeRevisions([only])).toEqual(only);
    expect(() => resolveChargeRevisions([])).toThrow();
  });

  it('says when the revision in place is already the result', () => {
    const winner = ended('received', T0 + 1_000);
    expect(resolveChargeConflict(winner, [open('confirming', T0 + 2_000)])).toEqual({
      record: winner,
      changed: false,
    });
    const other = resolveChargeConflict(open('confirming', T0 + 2_000), [winner]);
    expect(other).toEqual({ record: winner, changed: true });
  });

  it('does not depend on the order of the revisions (every till writes the same record)', () => {
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
    const revision = fc
      .record({
        status: fc.constantFrom(...statuses),
        phase: fc.constantFrom(...phases),
        updatedAt: fc.integer({ min: 0, max: 5 }).map((n) => T0 + n * 1000),
        remark: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
        late: fc.option(fc.record({ seenAt: fc.integer({ min: 0, max: 3 }), acknowledged: fc.boolean() }), {
          nil: undefined,
        }),
        acknowledgedAt: fc.option(
          fc.integer({ min: 0, max: 3 }).map((n) => T0 + n),
          { nil: undefined },
        ),
      })
      .map(({ status, phase, updatedAt, remark, late, acknowledgedAt }) => {
        const base = status === 'open' ? open(phase, updatedAt) : ended(status, updatedAt);
        const out: ChargeRecord = { ...base };
        if (remark) out.remark = remark;
        if (late && (status === 'received' || status === 'mismatch')) {
          out.latePayment = { seenAt: T0 + late.seenAt, acknowledged: late.acknowledged };
        }
        if (acknowledgedAt !== undefined) out.acknowledgedAt = acknowledgedAt;
        return out;
      });
    fc.assert(
      fc.property(
        fc
          .array(revision, { minLength: 1, maxLength: 6 })
          .chain((revs) =>
            fc.tuple(
              fc.constant(revs),
              fc.shuffledSubarray(revs, { minLength: revs.length, maxLength: revs.length }),
            ),
          ),
        ([revisions, shuffled]) => {
          expect(resolveChargeRevisions(shuffled)).toEqual(resolveChargeRevisions(revisions));
          // Settling in two steps (some tills first, the rest later) comes to the same record.
          const half = Math.ceil(revisions.length / 2);
          const stepwise = resolveChargeRevisions([
            resolveChargeRevisions(revisions.slice(0, half)),
            ...(revisions.length > half ? [resolveChargeRevisions(revisions.slice(half))] : []),
          ]);
          expect(stepwise).toEqual(resolveChargeRevisions(revisions));
        },
      ),
      { numRuns: 300 },
    );
  });
});
