/**
 * Property tests for the money parser: every decimal string it accepts round-trips exactly
 * (parse → format/normalize → parse gives the same value), and keypad entry only ever charges
 * amounts that survive the same trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareDecimal,
  decimalEquals,
  formatUnits,
  fractionDigitsOf,
  isDecimalString,
  normalizeDecimal,
  parseDecimal,
  toFixedDecimal,
} from './decimal';
import type { Decimal } from './decimal';
import { amountOf, applyKey, isEntryText, reformatEntry } from './entry';
import type { EntryKey, EntryRules } from './entry';

const digit = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: digit, minLength, maxLength });

/** Decimal-shaped text: sign, leading zeros, long fractions, trailing zeros, "-0.000". */
const decimalText = fc
  .tuple(fc.constantFrom('', '-'), digits(1, 30), fc.option(digits(1, 30), { nil: undefined }))
  .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

/** Text the parser must judge: mostly decimal-shaped, some near misses, some anything. */
const candidate = fc.oneof(
  { weight: 4, arbitrary: decimalText },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789.-+eE ,') }) },
  { weight: 1, arbitrary: fc.string() },
);

/** Same value, compared without the code under test: units scaled to a common scale. */
function sameValue(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return a.units * 10n ** BigInt(scale - a.scale) === b.units * 10n ** BigInt(scale - b.scale);
}

describe('decimal strings round-trip', () => {
  it('parse → format → parse keeps the value, and the formatted text is canonical', () => {
    fc.assert(
      fc.property(candidate, (text) => {
        if (!isDecimalString(text)) {
          expect(() => parseDecimal(text)).toThrow(RangeError);
          return;
        }
        const parsed = parseDecimal(text);
        const formatted = formatUnits(parsed);
        expect(isDecimalString(formatted)).toBe(true);
        expect(sameValue(parseDecimal(formatted), parsed)).toBe(true);
        expect(normalizeDecimal(text)).toBe(formatted);
        // Canonical: normalizing again changes nothing; no leading/trailing zeros, no "-0".
        expect(normalizeDecimal(formatted)).toBe(formatted);
        expect(formatted).not.toMatch(/^-?0\d|\.\d*0$|^-0$|\.$/);
        expect(decimalEquals(text, formatted)).toBe(true);
        expect(compareDecimal(formatted, text)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('equal values normalize to the same text', () => {
    fc.assert(
      fc.property(decimalText, fc.nat({ max: 5 }), (text, count) => {
        const zeros = '0'.repeat(count);
        const padded = text.includes('.') ? text + zeros : `${text}.${zeros}0`;
        const leading = text.startsWith('-') ? `-0${text.slice(1)}` : `0${text}`;
        expect(normalizeDecimal(padded)).toBe(normalizeDecimal(text));
        expect(normalizeDecimal(leading)).toBe(normalizeDecimal(text));
      }),
    );
  });

  it('a fixed number of fraction digits keeps the value and normalizes back', () => {
    fc.assert(
      fc.property(decimalText, fc.nat({ max: 40 }), (text, extra) => {
        const places = fractionDigitsOf(normalizeDecimal(text)) + extra;
        const fixed = toFixedDecimal(text, places);
        expect(isDecimalString(fixed)).toBe(true);
        expect(fractionDigitsOf(fixed)).toBe(places);
        expect(normalizeDecimal(fixed)).toBe(normalizeDecimal(text));
      }),
    );
  });
});

describe('keypad entry round-trips', () => {
  const key = fc.constantFrom<EntryKey>(
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
    '00',
    '.',
    'delete',
    'clear',
  );
  const rules = fc.record({
    style: fc.constantFrom<EntryRules['style']>('register', 'decimal'),
    decimals: fc.integer({ min: 0, max: 18 }),
  });

  it('every typed text charges a canonical amount that re-enters as the same amount', () => {
    fc.assert(
      fc.property(rules, fc.array(key, { maxLength: 40 }), (r, keys) => {
        const text = keys.reduce((typed, k) => applyKey(typed, k, r), '');
        expect(isEntryText(text, r)).toBe(true);
        const amount = amountOf(text, r);
        expect(isDecimalString(amount)).toBe(true);
        expect(normalizeDecimal(amount)).toBe(amount);
        expect(fractionDigitsOf(amount)).toBeLessThanOrEqual(r.decimals);
        // Re-expressed under the same rules (or the other style), the amount is unchanged.
        for (const style of ['register', 'decimal'] as const) {
          const to = { ...r, style };
          const again = reformatEntry(text, r, to);
          expect(amountOf(again, to)).toBe(amount);
        }
      }),
      { numRuns: 500 },
    );
  });
});
