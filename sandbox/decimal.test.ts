import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  decimalEquals,
  divideDecimal,
  fractionDigits,
  isDecimalString,
  maxDecimal,
  multiplyDecimal,
  normalizeDecimal,
  roundDecimal,
  subtractDecimal,
  toFixedDecimal,
} from './decimal.ts';

describe('sandbox decimal', () => {
  it('accepts only plain decimal strings', () => {
    for (const ok of ['0', '10', '10.00', '-0.5', '0.00000001', '123456789012345678901234567890.1']) {
      expect(isDecimalString(ok), ok).toBe(true);
    }
    for (const bad of ['', '.5', '5.', '+1', '1e1', ' 1', '1,5', 'NaN', '--1', '0x10']) {
      expect(isDecimalString(bad), bad).toBe(false);
    }
    expect(() => normalizeDecimal('1e1')).toThrow(RangeError);
  });

  it('normalizes to the shortest form', () => {
    expect(normalizeDecimal('10.00')).toBe('10');
    expect(normalizeDecimal('007.50')).toBe('7.5');
    expect(normalizeDecimal('-0.000')).toBe('0');
    expect(normalizeDecimal('-0.010')).toBe('-0.01');
    expect(normalizeDecimal('0.00000001')).toBe('0.00000001');
    expect(fractionDigits('1.50')).toBe(1);
    expect(fractionDigits('10')).toBe(0);
  });

  it('compares across scales, exactly', () => {
    expect(compareDecimal('10', '10.00')).toBe(0);
    expect(decimalEquals('0.1', '0.10')).toBe(true);
    expect(compareDecimal('9.99999999999999999', '10')).toBe(-1);
    expect(compareDecimal('-1', '0.5')).toBe(-1);
    expect(compareDecimal('100000000000000000001', '100000000000000000000')).toBe(1);
    expect(maxDecimal('1.5', '1.50')).toBe('1.5');
    expect(maxDecimal('2', '10')).toBe('10');
  });

  it('adds, subtracts and multiplies without floats', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(subtractDecimal('10', '6.00')).toBe('4');
    expect(subtractDecimal('0.00018985', '0.0001')).toBe('0.00008985');
    expect(subtractDecimal('1', '1.5')).toBe('-0.5');
    expect(multiplyDecimal('12.34', '1000')).toBe('12340');
    expect(multiplyDecimal('-0.5', '0.5')).toBe('-0.25');
  });

  it('divides with the asked rounding', () => {
    expect(divideDecimal('10', '65000', 8, 'up')).toBe('0.00015385');
    expect(divideDecimal('10', '65000', 8, 'down')).toBe('0.00015384');
    expect(divideDecimal('10', '65000', 8, 'half-up')).toBe('0.00015385');
    expect(divideDecimal('1', '3', 2, 'half-up')).toBe('0.33');
    expect(divideDecimal('2', '3', 2, 'half-up')).toBe('0.67');
    expect(divideDecimal('-1', '3', 2, 'up')).toBe('-0.34');
    expect(divideDecimal('1', '8', 2, 'half-up')).toBe('0.13');
    expect(divideDecimal('6', '1.5', 0)).toBe('4');
    expect(() => divideDecimal('1', '0.0', 2)).toThrow(RangeError);
    expect(roundDecimal('1.005', 2, 'half-up')).toBe('1.01');
    expect(roundDecimal('1.005', 2, 'down')).toBe('1');
  });

  it('pads to fixed digits and refuses to drop digits', () => {
    expect(toFixedDecimal('10', 2)).toBe('10.00');
    expect(toFixedDecimal('0.5', 2)).toBe('0.50');
    expect(toFixedDecimal('-0.5', 2)).toBe('-0.50');
    expect(toFixedDecimal('7.000', 0)).toBe('7');
    expect(() => toFixedDecimal('1.234', 2)).toThrow(RangeError);
  });
});
