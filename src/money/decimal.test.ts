import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  decimalEquals,
  divideDecimal,
  isDecimalString,
  multiplyDecimal,
  normalizeDecimal,
  roundDecimal,
  subtractDecimal,
  toFixedDecimal,
} from './decimal';

describe('decimal', () => {
  it('accepts only plain decimal strings', () => {
    expect(isDecimalString('12.34')).toBe(true);
    expect(isDecimalString('-0.5')).toBe(true);
    for (const bad of ['', '.5', '5.', '1e3', ' 1', '1,5', 'NaN', '0x10', '+1']) {
      expect(isDecimalString(bad)).toBe(false);
    }
  });

  it('compares by value, not by text', () => {
    expect(decimalEquals('10', '10.00')).toBe(true);
    expect(decimalEquals('010.5', '10.50')).toBe(true);
    expect(compareDecimal('0.01', '10')).toBe(-1);
    expect(compareDecimal('10.001', '10')).toBe(1);
    expect(compareDecimal('-1', '0')).toBe(-1);
    expect(decimalEquals('0', '-0.00')).toBe(true);
  });

  it('normalizes', () => {
    expect(normalizeDecimal('0012.3400')).toBe('12.34');
    expect(normalizeDecimal('-0.00')).toBe('0');
    expect(normalizeDecimal('5.0')).toBe('5');
  });

  it('does exact arithmetic', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(subtractDecimal('10', '0.01')).toBe('9.99');
    expect(multiplyDecimal('12.34', '0.00001')).toBe('0.0001234');
    expect(toFixedDecimal('12.3', 2)).toBe('12.30');
    expect(toFixedDecimal('7', 0)).toBe('7');
    expect(() => toFixedDecimal('1.234', 2)).toThrow();
  });

  it('rounds and divides', () => {
    expect(roundDecimal('1.005', 2)).toBe('1.01');
    expect(roundDecimal('1.0049999', 2)).toBe('1');
    expect(roundDecimal('1.001', 2, 'up')).toBe('1.01');
    expect(roundDecimal('1.009', 2, 'down')).toBe('1');
    expect(divideDecimal('10', '3', 4)).toBe('3.3333');
    expect(divideDecimal('2', '3', 2)).toBe('0.67');
    expect(divideDecimal('-2', '3', 2)).toBe('-0.67');
    expect(divideDecimal('12.34', '65000', 8)).toBe('0.00018985');
    expect(divideDecimal('0.0049999', '1', 2)).toBe('0');
  });
});
