/**
 * Property tests at the trust boundary: generated payments_result answers (any status text, amounts
 * as JSON strings or raw number literals of any precision and exponent form, ids in any case with
 * or without dashes, unknown extra fields) go through the real client decode path. Decoding never
 * throws anything but a MixPayError, and every amount that decodes is exactly the one sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecimalString, normalizeDecimal } from '@/money/decimal';
import { createMixPayClient } from './client';
import type { PaymentResult } from './schemas';
import { MixPayError } from './errors';
import { PaymentResultSchema } from './schemas';
import { fakeFetch, okEnvelopeText } from './test-fetch';

// ---------------------------------------------------------------------------------------------
// Exact reference, independent of the code under test (no BigInt, no float)

const LITERAL_RE = /^[ \t]*(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?[ \t]*$/;

/** The exact value of a decimal text as "<sign><digits>e<power>" with no redundant zeros. */
function exactValue(text: string): string {
  const match = LITERAL_RE.exec(text);
  if (!match) throw new Error(`not a decimal literal: ${JSON.stringify(text)}`);
  const [, sign, intPart, fracPart = '', exponent = '0'] = match;
  let digits = (intPart + fracPart).replace(/^0+/, '');
  if (digits === '') return '0';
  let power = Number(exponent) - fracPart.length;
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailingZeros);
  power += trailingZeros;
  return `${sign}${digits}e${power}`;
}

// ---------------------------------------------------------------------------------------------
// Generators

const digit = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: digit, minLength, maxLength });

/** A JSON number literal: any precision, optional fraction and exponent (e/E, +/-, leading zeros). */
function numberLiteral(maxExponentDigits: number) {
  return fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.oneof(
        fc.constant('0'),
        fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map(([first, rest]) => first + rest),
      ),
      fc.option(digits(1, 30), { nil: undefined }),
      fc.option(
        fc
          .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, maxExponentDigits))
          .map((parts) => parts.join('')),
        { nil: undefined },
      ),
    )
    .map(([sign, int, frac, exp]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ?? ''}`);
}

/** What an amount field carries: its JSON text, and the decimal literal it denotes (if any). */
interface SentAmount {
  json: string;
  literal?: string;
}

/** A decimal amount, sent as a raw number literal or as a JSON string (leading zeros, blanks ok). */
function amount(maxExponentDigits = 2): fc.Arbitrary<SentAmount> {
  const raw = numberLiteral(maxExponentDigits).map((literal) => ({ json: literal, literal }));
  const quoted = fc
    .tuple(
      fc.constantFrom('', ' ', '\t'),
      fc.constantFrom('', '-'),
      digits(1, 25),
      fc.option(digits(1, 25), { nil: undefined }),
      fc.option(
        fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, maxExponentDigits)),
        { nil: undefined },
      ),
      fc.constantFrom('', ' '),
    )
    .map(([before, sign, int, frac, exp, after]) => {
      const literal = `${before}${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp?.join('') ?? ''}${after}`;
      return { json: JSON.stringify(literal), literal };
    });
  return fc.oneof(raw, quoted);
}

/** An optional amount: a value, or "" / null (nothing chosen yet), or left out. */
const optionalAmount = fc.option(
  fc.oneof({ weight: 4, arbitrary: amount() }, fc.constantFrom<SentAmount>({ json: '""' }, { json: 'null' })),
  { nil: undefined },
);

/** A Mixin UUID in any case, with or without dashes. */
const anyCaseId = fc
  .tuple(fc.uuid(), fc.boolean())
  .map(([id, dashes]) => (dashes ? id : id.replace(/-/g, '')))
  .chain((id) => fc.mixedCase(fc.constant(id)));

/** An integer field as a literal, a numeric string, or a whole literal with fraction/exponent. */
const integerField = fc
  .tuple(fc.integer({ min: -1, max: 2 ** 40 }), fc.constantFrom('raw', 'string', 'point', 'exp'))
  .map(([n, form]) => {
    const json =
      form === 'string' ? `"${n}"` : form === 'point' ? `${n}.0` : form === 'exp' ? `${n}e0` : `${n}`;
    return { n, json };
  });

const KNOWN_KEYS = new Set(Object.keys(PaymentResultSchema.entries));
// Fields a transfer item reads: extras in an item must not use these names.
const TRANSACTION_KEYS = new Set([
  'paymentAmount',
  'amount',
  'paymentAssetId',
  'paymentAssetSymbol',
  'paymentAssetVersion',
  'requiredConfirms',
  'confirmations',
  'txid',
  'blockExplorerUrl',
  'broadcastAt',
  'confirmSeconds',
]);

const extraValueJson = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  numberLiteral(3),
  fc.string().map((text) => JSON.stringify(text)),
);
const extraFields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !KNOWN_KEYS.has(key) && key !== '__proto__'),
  extraValueJson,
  { maxKeys: 5 },
);

const transaction = fc.record({
  amount: amount(),
  field: fc.constantFrom('paymentAmount', 'amount'),
  confirmations: fc.option(integerField, { nil: undefined }),
  extras: extraFields,
});

const flagJson = fc.constantFrom('0', '1', 'true', 'false', '"0"', '"1"', '1.0');

const resultAnswer = fc.record({
  status: fc.string(),
  quoteAmount: amount(),
  quoteAssetId: fc.oneof(fc.constantFrom('usd', 'USD', 'eur'), anyCaseId),
  payeeId: anyCaseId,
  paymentAmount: optionalAmount,
  payableAmount: optionalAmount,
  settleAmount: optionalAmount,
  surplusAmount: optionalAmount,
  date: fc.option(integerField, { nil: undefined }),
  confirmations: fc.option(integerField, { nil: undefined }),
  expiredAt: fc.option(integerField, { nil: undefined }),
  payment: fc.option(fc.record({ isFullyPaid: flagJson, total: amount() }), { nil: undefined }),
  transactions: fc.option(fc.array(transaction, { maxLength: 3 }), { nil: undefined }),
  extras: extraFields,
  order: fc.integer(),
});
type ResultAnswer = typeof resultAnswer extends fc.Arbitrary<infer T> ? T : never;

function objectText(fields: Array<[string, string]>): string {
  return `{${fields.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`;
}

/** A stable but order-varying shuffle, so known fields are not always first. */
function shuffled<T>(items: T[], seed: number): T[] {
  return items
    .map((item, i) => ({ item, key: Math.imul(i + 1, 2654435761) ^ seed }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

function answerText(a: ResultAnswer): string {
  const fields: Array<[string, string]> = [
    ['status', JSON.stringify(a.status)],
    ['quoteAmount', a.quoteAmount.json],
    ['quoteAssetId', JSON.stringify(a.quoteAssetId)],
    ['payeeId', JSON.stringify(a.payeeId)],
  ];
  for (const key of ['paymentAmount', 'payableAmount', 'settleAmount', 'surplusAmount'] as const) {
    const sent = a[key];
    if (sent) fields.push([key, sent.json]);
  }
  for (const key of ['date', 'confirmations', 'expiredAt'] as const) {
    const sent = a[key];
    if (sent) fields.push([key, sent.json]);
  }
  if (a.payment) {
    fields.push([
      'payment',
      objectText([
        ['isFullyPaid', a.payment.isFullyPaid],
        ['totalTransactionsAmount', a.payment.total.json],
      ]),
    ]);
  }
  if (a.transactions) {
    const items = a.transactions.map((t) => {
      const itemFields: Array<[string, string]> = [[t.field, t.amount.json]];
      if (t.confirmations) itemFields.push(['confirmations', t.confirmations.json]);
      // Extras must not replace the amount or the alias the item is read from.
      for (const [key, json] of Object.entries(t.extras)) {
        if (!TRANSACTION_KEYS.has(key)) itemFields.push([key, json]);
      }
      return objectText(itemFields);
    });
    fields.push(['transactions', `[${items.join(',')}]`]);
  }
  for (const [key, json] of Object.entries(a.extras)) fields.push([key, json]);
  return objectText(shuffled(fields, a.order));
}

// ---------------------------------------------------------------------------------------------
// The decode path

const TRACE = '1b638d3f-e156-4621-87fd-778a410f4884';

async function decodeResult(dataText: string): Promise<PaymentResult> {
  const fake = fakeFetch(() => okEnvelopeText(dataText));
  const api = createMixPayClient({ apiUrl: 'https://api.mixpay.me/v1', fetch: fake.fetch });
  const { data } = await api.paymentResult({ traceId: TRACE }, { with: ['payment', 'transactions'] });
  return data;
}

/** Resolves with the data, or with the MixPayError; anything else thrown fails the test. */
async function decodeOrMixPayError(dataText: string): Promise<PaymentResult | MixPayError> {
  try {
    return await decodeResult(dataText);
  } catch (error) {
    expect(error).toBeInstanceOf(MixPayError);
    return error as MixPayError;
  }
}

function expectExact(decoded: string | undefined, sent: SentAmount | undefined) {
  if (sent?.literal === undefined) {
    expect(decoded).toBeUndefined();
    return;
  }
  expect(decoded).toBeDefined();
  const value = decoded as string;
  expect(isDecimalString(value)).toBe(true);
  expect(normalizeDecimal(value)).toBe(value);
  expect(exactValue(value)).toBe(exactValue(sent.literal));
}

describe('exactValue (the reference)', () => {
  it.each([
    ['9.99999999999999999', '999999999999999999e-17'],
    ['10.0000000000000001', '100000000000000001e-16'],
    ['1e1', '1e1'],
    ['1E-2', '1e-2'],
    [' 0010.500 ', '105e-1'],
    ['-0.0e5', '0'],
  ])('%s → %s', (text, expected) => {
    expect(exactValue(text)).toBe(expected);
  });
});

describe('payments_result at the trust boundary', () => {
  it('decodes every well-formed answer, each amount exactly as sent', async () => {
    await fc.assert(
      fc.asyncProperty(resultAnswer, async (a) => {
        const data = await decodeResult(answerText(a));
        expect(data.status).toBe(a.status);
        expect(data.payeeId).toBe(a.payeeId);
        expect(data.quoteAssetId).toBe(a.quoteAssetId);
        expectExact(data.quoteAmount, a.quoteAmount);
        expectExact(data.paymentAmount, a.paymentAmount);
        expectExact(data.payableAmount, a.payableAmount);
        expectExact(data.settleAmount, a.settleAmount);
        expectExact(data.surplusAmount, a.surplusAmount);
        expect(data.date).toBe(a.date?.n);
        expect(data.confirmations).toBe(a.confirmations?.n);
        expect(data.expiredAt).toBe(a.expiredAt?.n);
        if (a.payment) expectExact(data.payment?.totalTransactionsAmount, a.payment.total);
        else expect(data.payment).toBeUndefined();
        expect(data.transactions?.length).toBe(a.transactions?.length);
        a.transactions?.forEach((t, i) => {
          const decoded = data.transactions?.[i];
          expectExact(decoded?.paymentAmount, t.amount);
          expect(decoded?.confirmations).toBe(t.confirmations?.n);
          expect(decoded).not.toHaveProperty('amount');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a MixPayError, and what decodes is exact', async () => {
    // Any JSON (or a huge exponent) in place of a known field.
    const anything = fc.oneof(
      { weight: 3, arbitrary: amount(3) },
      extraValueJson.map((json): SentAmount => ({ json })),
    );
    const messy = fc.record({
      answer: resultAnswer,
      replace: fc.dictionary(fc.constantFrom(...KNOWN_KEYS), anything, { maxKeys: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(messy, async ({ answer, replace }) => {
        const text = answerText(answer);
        const fields = Object.entries(replace).map(([key, sent]): [string, string] => [key, sent.json]);
        // Later duplicate keys win in JSON.parse: append the replacements.
        const dataText = fields.length
          ? `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${objectText(fields).slice(1)}`
          : text;
        const decoded = await decodeOrMixPayError(dataText);
        if (decoded instanceof MixPayError) return;
        for (const key of ['quoteAmount', 'paymentAmount', 'payableAmount', 'settleAmount'] as const) {
          const sent = replace[key] ?? answer[key];
          if (sent?.literal !== undefined) expectExact(decoded[key], sent);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a MixPayError for damaged answers', async () => {
    const damaged = fc
      .tuple(resultAnswer, fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([answer, at, cut, insert]) => {
        const text = answerText(answer);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + cut);
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged, fc.string(), fc.json()), async (dataText) => {
        await decodeOrMixPayError(dataText);
      }),
      { numRuns: 300 },
    );
  });
});
