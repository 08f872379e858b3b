/**
 * Property tests at the trust boundary of a charge's life: generated MixPay answers (any status
 * text, the seven known ones included; amounts as decimal strings of any form, "10", "10.00",
 * "9.99999999999999999", and texts that are no decimal at all such as "1e1"; payee and asset ids
 * in any case with or without dashes; random txid, failure code, confirmations, trace and
 * deadline) are fed to charges through `transition`, two reads at a time.
 *
 * - A charge becomes `received` ONLY on a success whose payee (UUID compare ignoring case and
 *   dashes), quote asset and quote amount (decimal equality) match the charge.
 * - Whenever they match (and nothing else disagrees: trace, a later deadline, strict settlement)
 *   and MixPay says success twice in a row, an open or stopped charge IS received.
 *
 * The oracle below is written independently of the code under test (no app helpers). The money
 * parser's own round trip is covered by src/money/decimal.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaymentResult } from '@/mixpay/schemas';
import type { ChargeRecord } from './charge-record';
import { createCharge, transition, type ChargeEvent } from './lifecycle';

const T0 = 1_800_000_000_000;
const KNOWN_STATUSES = ['unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'success', 'failed'];
const ASSETS = ['usd', 'eur', 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', '4d8c508b-91c5-375b-92b0-ee702ed2dac5'];

// ---------------------------------------------------------------------------------------------
// Oracle

const canonId = (id: string) => id.replace(/-/g, '').toLowerCase();
const sameId = (a: string, b: string) => canonId(a) === canonId(b);
/** Asset ids are also compared without surrounding blanks (fiat codes are typed by people). */
const sameAsset = (a: string, b: string) => sameId(a.trim(), b.trim());

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
function decimalValue(text: string): { units: bigint; scale: number } | null {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}
function decimalEqual(a: string, b: string): boolean {
  const x = decimalValue(a);
  const y = decimalValue(b);
  if (!x || !y) return false;
  const scale = Math.max(x.scale, y.scale);
  return x.units * 10n ** BigInt(scale - x.scale) === y.units * 10n ** BigInt(scale - y.scale);
}

/** Payee, quote asset and quote amount are this charge's. */
function termsMatch(c: ChargeRecord, r: PaymentResult): boolean {
  return (
    sameId(c.payeeId, r.payeeId) &&
    sameAsset(c.quoteAssetId, r.quoteAssetId) &&
    decimalEqual(c.quoteAmount, r.quoteAmount)
  );
}

/** Nothing else in the answer disagrees with the charge (trace, a later deadline, strict settlement). */
function nothingElseDisagrees(c: ChargeRecord, r: PaymentResult): boolean {
  return (
    (r.traceId === undefined || sameId(r.traceId, c.traceId)) &&
    (r.expiredAt === undefined || r.expiredAt <= c.expiredTimestamp) &&
    (!c.strictMode || !r.settleAsset || sameAsset(r.settleAsset, c.settlementAssetId))
  );
}

// ---------------------------------------------------------------------------------------------
// Generators

const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number) => fc.string({ unit: digit, minLength: min, maxLength: max });

/** A positive decimal amount as a charge holds it: "10", "10.5", "0.00000001", "12345.6789". */
const chargeAmount = fc
  .tuple(
    fc.oneof(
      fc.constant('0'),
      fc.tuple(fc.constantFrom(...'123456789'), digits(0, 8)).map(([a, b]) => a + b),
    ),
    fc.option(digits(1, 10), { nil: undefined }),
  )
  .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`))
  .filter((a) => /[1-9]/.test(a));

/** The same id written differently: any letter case, dashes kept or dropped. */
function idVariant(id: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.boolean(), { minLength: id.length, maxLength: id.length }), fc.boolean())
    .map(([upper, dropDashes]) => {
      const cased = [...id].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join('');
      return dropDashes ? cased.replace(/-/g, '') : cased;
    });
}

/** The same amount written differently (leading and trailing zeros), or a near miss. */
function amountVariant(amount: string): fc.Arbitrary<string> {
  const [int, frac = ''] = amount.split('.');
  const same = fc.tuple(fc.nat(3), fc.nat(6)).map(([lead, trail]) => {
    const f = frac + '0'.repeat(trail);
    return `${'0'.repeat(lead)}${int}${f ? `.${f}` : ''}`;
  });
  const nearMiss = fc.constantFrom(
    `${amount}${frac ? '' : '.'}00000000000000000001`,
    `-${amount}`,
    `${amount} `,
    `${amount}e0`,
    `+${amount}`,
    `${int}${frac ? `.${frac}` : ''}1`,
  );
  return fc.oneof({ weight: 3, arbitrary: same }, { weight: 1, arbitrary: nearMiss });
}

const anyAmount = fc.oneof(
  fc.constantFrom('10', '10.00', '9.99999999999999999', '1e1', '10.000000000000000001', '0', '', 'NaN'),
  chargeAmount,
  fc.string(),
);

const chargeArb: fc.Arbitrary<ChargeRecord> = fc
  .record({
    traceId: fc.uuid(),
    payeeId: fc.uuid(),
    quoteAssetId: fc.constantFrom(...ASSETS),
    quoteAmount: chargeAmount,
    strictMode: fc.boolean(),
    settlementAssetId: fc.constantFrom(...ASSETS.slice(2)),
    paylinkMode: fc.boolean(),
  })
  .map(({ paylinkMode, ...terms }) => {
    const c = createCharge(
      {
        ...terms,
        shopName: 'Shop',
        quoteSymbol: 'X',
        quoteDecimals: 8,
        quoteIsFiat: false,
        expiredTimestamp: T0 / 1000 + 900,
        paylink: 'https://mixpay.me/pay?x',
        wantsOneTimeLink: !paylinkMode,
      },
      T0,
    );
    return paylinkMode ? c : { ...c, linkMode: 'one-time' as const, linkReady: true };
  });

/** An answer about this charge's trace: mostly close to the charge's terms, sometimes anything. */
function resultFor(c: ChargeRecord, bias: 'any' | 'matching'): fc.Arbitrary<PaymentResult> {
  const matching = bias === 'matching';
  return fc
    .record({
      status: matching
        ? fc.constant('success')
        : fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...KNOWN_STATUSES) },
            { weight: 1, arbitrary: fc.string() },
          ),
      payeeId: matching
        ? idVariant(c.payeeId)
        : fc.oneof({ weight: 4, arbitrary: idVariant(c.payeeId) }, fc.uuid().chain(idVariant), fc.string()),
      quoteAssetId: matching
        ? idVariant(c.quoteAssetId)
        : fc.oneof(
            { weight: 4, arbitrary: idVariant(c.quoteAssetId) },
            fc.constantFrom(...ASSETS).chain(idVariant),
            fc.string(),
          ),
      quoteAmount: matching
        ? amountVariant(c.quoteAmount).filter((a) => decimalEqual(a, c.quoteAmount))
        : fc.oneof({ weight: 4, arbitrary: amountVariant(c.quoteAmount) }, anyAmount),
      traceId: matching
        ? fc.option(idVariant(c.traceId), { nil: undefined })
        : fc.option(fc.oneof({ weight: 4, arbitrary: idVariant(c.traceId) }, fc.uuid()), { nil: undefined }),
      expiredAt: matching
        ? fc.option(fc.integer({ min: 1, max: c.expiredTimestamp }), { nil: undefined })
        : fc.option(fc.integer({ min: c.expiredTimestamp - 600, max: c.expiredTimestamp + 600 }), {
            nil: undefined,
          }),
      settleAsset: matching
        ? fc.option(idVariant(c.settlementAssetId), { nil: undefined })
        : fc.option(fc.constantFrom(...ASSETS), { nil: undefined }),
      txid: fc.option(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 0, maxLength: 64 }),
        {
          nil: undefined,
        },
      ),
      failureCode: fc.option(fc.oneof(fc.constantFrom(0, 40000, 40024, 40032), fc.integer()), {
        nil: undefined,
      }),
      confirmations: fc.option(fc.integer({ min: -1, max: 12 }), { nil: undefined }),
      paymentAssetId: fc.option(fc.constantFrom('', ...ASSETS), { nil: undefined }),
      isFullyPaid: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ isFullyPaid, ...r }) => {
      const result = { ...r } as PaymentResult;
      if (isFullyPaid !== undefined) (result as { payment?: unknown }).payment = { isFullyPaid };
      for (const key of Object.keys(result) as (keyof PaymentResult)[]) {
        if (result[key] === undefined) delete result[key];
      }
      return result;
    });
}

type Step =
  { kind: 'answer'; result: PaymentResult | null; reads: 1 | 2; dt: number } | { kind: 'cancel'; dt: number };

function stepsFor(c: ChargeRecord, maxLength: number): fc.Arbitrary<Step[]> {
  const dt = fc.integer({ min: 0, max: 20 * 60_000 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('answer' as const),
        result: fc.oneof(
          { weight: 5, arbitrary: resultFor(c, 'any') },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
        reads: fc.constantFrom(1 as const, 2 as const),
        dt,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('answer' as const),
        result: resultFor(c, 'matching'),
        reads: fc.constantFrom(1 as const, 2 as const),
        dt,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), dt }) },
  );
  return fc.array(step, { maxLength });
}

const answerEvent = (result: PaymentResult | null, at: number): ChargeEvent => ({
  type: 'answer',
  answer: result ? { kind: 'result', result } : { kind: 'unknown' },
  at,
});

/** Feeds the steps in order, calling `check` after each read with the record before and after. */
function run(
  start: ChargeRecord,
  steps: Step[],
  check: (before: ChargeRecord, after: ChargeRecord, result: PaymentResult | null) => void,
): { charge: ChargeRecord; at: number } {
  let c = start;
  let at = T0;
  for (const s of steps) {
    at += s.dt;
    if (s.kind === 'cancel') {
      c = transition(c, { type: 'cancel', at });
      continue;
    }
    for (let read = 0; read < s.reads; read++) {
      const next = transition(c, answerEvent(s.result, at + read * 1000));
      check(c, next, s.result);
      c = next;
    }
  }
  return { charge: c, at };
}

// ---------------------------------------------------------------------------------------------

describe('verification at the trust boundary (property)', () => {
  it('a charge becomes received only on a success whose payee, asset and amount are the charge’s', () => {
    fc.assert(
      fc.property(
        chargeArb.chain((c) => fc.tuple(fc.constant(c), stepsFor(c, 12))),
        ([start, steps]) => {
          run(start, steps, (before, after, result) => {
            if (after.status === 'received' && before.status !== 'received') {
              expect(result).not.toBeNull();
              expect(result!.status).toBe('success');
              expect(termsMatch(start, result!)).toBe(true);
              expect(nothingElseDisagrees(start, result!)).toBe(true);
              // What the journal keeps says so too.
              expect(termsMatch(start, after.result as PaymentResult)).toBe(true);
            }
            // Never a success on any other status, nor any status change on a lone first read.
            if (after.status === 'received') expect(after.result?.status).toBe('success');
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('two matching successes in a row make an open or stopped charge received, whatever came before', () => {
    fc.assert(
      fc.property(
        chargeArb.chain((c) =>
          fc.tuple(fc.constant(c), stepsFor(c, 8), resultFor(c, 'matching'), fc.nat(3 * 86_400_000)),
        ),
        ([start, steps, success, later]) => {
          const { charge: c, at } = run(start, steps, () => undefined);
          expect(termsMatch(start, success) && nothingElseDisagrees(start, success)).toBe(true);
          const first = transition(c, answerEvent(success, at + later));
          const second = transition(first, answerEvent(success, at + later + 1000));
          const canStillBePaid =
            c.status === 'open' || ((c.status === 'cancelled' || c.status === 'expired') && !c.latePayment);
          if (canStillBePaid) {
            expect(second.status).toBe('received');
            // A stopped charge paid afterwards is flagged for the cashier.
            if (c.status !== 'open') expect(second.latePayment?.acknowledged).toBe(false);
          } else {
            // Already decided (received, mismatch, failed, or a late payment seen): it stays.
            expect(second.status).toBe(c.status);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a single success read never ends an open charge (two reads must agree)', () => {
    fc.assert(
      fc.property(
        chargeArb.chain((c) => fc.tuple(fc.constant(c), resultFor(c, 'any'))),
        ([start, result]) => {
          const once = transition(start, answerEvent(result, T0 + 1000));
          if (result.status === 'success' || result.status === 'failed') expect(once.status).toBe('open');
          const twice = transition(once, answerEvent(result, T0 + 2000));
          expect(twice.status === 'received').toBe(
            result.status === 'success' && termsMatch(start, result) && nothingElseDisagrees(start, result),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the money parser round trip is covered by its own property test', () => {
    // Listed, not loaded: its tests run in their own file.
    const found = Object.keys(import.meta.glob('../money/decimal.property.test.ts'));
    expect(found).toEqual(['../money/decimal.property.test.ts']);
  });
});
