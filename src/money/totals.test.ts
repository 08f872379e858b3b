import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimal, compareDecimal, fractionDigitsOf, subtractDecimal } from './decimal';
import { isAmountIn, isPercent, percentOf, saleTotals } from './totals';

describe('sale totals', () => {
  it('adds items exactly (no float drift) and charges the total', () => {
    expect(saleTotals({ lines: ['0.1', '0.2'], decimals: 2 })).toEqual({
      subtotal: '0.3',
      discount: '0',
      afterDiscount: '0.3',
      tip: '0',
      total: '0.3',
    });
  });

  it('a 15% tip on 20.00 is 3.00: the QR asks for 23.00', () => {
    const t = saleTotals({
      lines: ['5', '7.5', '7.5'],
      tip: { kind: 'percent', percent: '15' },
      decimals: 2,
    });
    expect(t).toMatchObject({ subtotal: '20', tip: '3', total: '23' });
  });

  it('takes the discount off the subtotal, then tips on what is left', () => {
    const t = saleTotals({
      lines: ['40'],
      discount: { kind: 'percent', percent: '10' },
      tip: { kind: 'percent', percent: '20' },
      decimals: 2,
    });
    expect(t).toEqual({ subtotal: '40', discount: '4', afterDiscount: '36', tip: '7.2', total: '43.2' });
    const fixed = saleTotals({
      lines: ['12.5'],
      discount: { kind: 'amount', amount: '2.5' },
      tip: { kind: 'amount', amount: '1' },
      decimals: 2,
    });
    expect(fixed).toEqual({ subtotal: '12.5', discount: '2.5', afterDiscount: '10', tip: '1', total: '11' });
  });

  it('never discounts more than the sale', () => {
    const t = saleTotals({ lines: ['3'], discount: { kind: 'amount', amount: '5' }, decimals: 2 });
    expect(t).toMatchObject({ discount: '3', total: '0' });
  });

  it('rounds percentages half-up to the currency’s own decimals', () => {
    // USD, 2 decimals: 15% of 0.10 = 0.015 → 0.02 (half up); 12.5% of 0.10 = 0.0125 → 0.01.
    expect(percentOf('0.10', '15', 2)).toBe('0.02');
    expect(percentOf('0.10', '12.5', 2)).toBe('0.01');
    // JPY, no decimals: 15% of 1,250 = 187.5 → 188; 10% of 1,234 = 123.4 → 123.
    expect(percentOf('1250', '15', 0)).toBe('188');
    expect(percentOf('1234', '10', 0)).toBe('123');
    // BTC, 8 decimals: 15% of 0.00012345 = 0.0000185175 → 0.00001852.
    expect(percentOf('0.00012345', '15', 8)).toBe('0.00001852');
    // A 3-decimal currency (e.g. KWD): 18% of 9.999 = 1.79982 → 1.8.
    expect(percentOf('9.999', '18', 3)).toBe('1.8');
    const jpy = saleTotals({ lines: ['1250'], tip: { kind: 'percent', percent: '15' }, decimals: 0 });
    expect(jpy.total).toBe('1438');
  });

  it('a bad decimalDigit counts as whole units rather than breaking the sums', () => {
    expect(percentOf('10', '15', -1)).toBe('2');
    expect(percentOf('10', '15', 2.5)).toBe('2');
  });

  it('property: total = subtotal − discount + tip, each part within the currency’s decimals', () => {
    const decimals = fc.constantFrom(0, 2, 3, 8);
    fc.assert(
      fc.property(
        decimals,
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: 1, max: 10000 }),
        (d, units, discountBp, tipBp) => {
          const scale = 10n ** BigInt(d);
          const toAmount = (u: bigint) =>
            d === 0 ? String(u) : `${u / scale}.${String(u % scale).padStart(d, '0')}`;
          const lines = units.map(toAmount);
          const pct = (bp: number) => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2));
          const t = saleTotals({
            lines,
            discount: { kind: 'percent', percent: pct(discountBp) },
            tip: { kind: 'percent', percent: pct(tipBp) },
            decimals: d,
          });
          expect(addDecimal(subtractDecimal(t.subtotal, t.discount), t.tip)).toBe(t.total);
          for (const part of [t.discount, t.tip, t.total]) {
            expect(fractionDigitsOf(part)).toBeLessThanOrEqual(d);
            expect(compareDecimal(part, '0')).toBeGreaterThanOrEqual(0);
          }
          expect(compareDecimal(t.discount, t.subtotal)).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('checks what a cashier or owner types', () => {
    expect(['10', '12.5', '100', '0.01'].every(isPercent)).toBe(true);
    expect(['0', '100.01', '-5', '1e2', '12.345', ''].some(isPercent)).toBe(false);
    expect(isAmountIn('2.50', 2)).toBe(true);
    expect(isAmountIn('2.505', 2)).toBe(false);
    expect(isAmountIn('2.5', 0)).toBe(false);
    expect(isAmountIn('0', 2)).toBe(false);
    expect(isAmountIn('-1', 2)).toBe(false);
  });
});
