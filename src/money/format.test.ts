import { describe, expect, it } from 'vitest';
import { applyKey } from './entry';
import type { EntryKey, EntryRules } from './entry';
import { formatAmount, formatEntry } from './format';
import type { DisplayAsset } from './format';

const NBSP = '\u00a0';

const USD: DisplayAsset = { symbol: '$', decimals: 2, isFiat: true, currencyCode: 'USD' };
const EUR: DisplayAsset = { symbol: '€', decimals: 2, isFiat: true, currencyCode: 'EUR' };
const JPY: DisplayAsset = { symbol: '¥', decimals: 0, isFiat: true, currencyCode: 'JPY' };
const BTC: DisplayAsset = { symbol: 'BTC', decimals: 8, isFiat: false };

const register = (decimals: number) => ({ style: 'register' as const, decimals });
const decimal = (decimals: number) => ({ style: 'decimal' as const, decimals });

describe('formatAmount', () => {
  it('formats fiat in the locale with the currency decimals', () => {
    expect(formatAmount('1234.5', USD, 'en-US')).toBe('$1,234.50');
    expect(formatAmount('1234.5', EUR, 'de-DE')).toBe(`1.234,50${NBSP}€`);
    expect(formatAmount('1234', JPY, 'ja-JP')).toBe('￥1,234');
    expect(formatAmount('0', USD, 'en-US')).toBe('$0.00');
  });

  it('formats decimal strings exactly, beyond float precision', () => {
    expect(formatAmount('12345678901234567.89', USD, 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatAmount('0.30000000', BTC, 'en-US')).toBe(`0.3${NBSP}BTC`);
  });

  it('formats crypto with trimmed fraction and the symbol after', () => {
    expect(formatAmount('0.0005', BTC, 'en-US')).toBe(`0.0005${NBSP}BTC`);
    expect(formatAmount('12345.00050000', BTC, 'en-US')).toBe(`12,345.0005${NBSP}BTC`);
    expect(formatAmount('12345.0005', BTC, 'de-DE')).toBe(`12.345,0005${NBSP}BTC`);
    expect(formatAmount('2', BTC, 'en-US')).toBe(`2${NBSP}BTC`);
  });

  it('falls back to number + symbol for a code Intl does not know', () => {
    const odd: DisplayAsset = { symbol: 'Ƀ$', decimals: 2, isFiat: true, currencyCode: 'XYZ1' };
    expect(formatAmount('1234.5', odd, 'en-US')).toBe(`1,234.50${NBSP}Ƀ$`);
    const unknown: DisplayAsset = { symbol: 'QQ', decimals: 2, isFiat: true, currencyCode: 'QQQ' };
    expect(formatAmount('1', unknown, 'en-US')).toBe(`1.00${NBSP}QQ`);
    expect(formatAmount('1', { symbol: '$', decimals: 2, isFiat: true }, 'en-US')).toBe(`1.00${NBSP}$`);
  });

  it('survives a malformed locale', () => {
    expect(formatAmount('1.5', USD, 'not a locale!!')).toMatch(/1\.50|1,50/);
  });

  it('rejects what is not a decimal string', () => {
    expect(() => formatAmount('1e3', USD, 'en-US')).toThrow(RangeError);
  });
});

describe('formatEntry, register style', () => {
  it('shows the fixed-decimals amount, "" as zero', () => {
    expect(formatEntry('', register(2), USD, 'en-US')).toBe('$0.00');
    expect(formatEntry('12.34', register(2), USD, 'en-US')).toBe('$12.34');
    expect(formatEntry('1234.50', register(2), EUR, 'de-DE')).toBe(`1.234,50${NBSP}€`);
    expect(formatEntry('1234', register(0), JPY, 'ja-JP')).toBe('￥1,234');
    expect(formatEntry('', register(0), JPY, 'ja-JP')).toBe('￥0');
    expect(formatEntry('0.10000000', register(8), BTC, 'en-US')).toBe(`0.10000000${NBSP}BTC`);
  });

  it('follows typing', () => {
    const rules: EntryRules = { style: 'register', decimals: 2 };
    const keys: EntryKey[] = ['1', '2', '3', '4'];
    const shown: string[] = [];
    keys.reduce((text, key) => {
      const next = applyKey(text, key, rules);
      shown.push(formatEntry(next, rules, USD, 'en-US'));
      return next;
    }, '');
    expect(shown).toEqual(['$0.01', '$0.12', '$1.23', '$12.34']);
  });
});

describe('formatEntry, decimal style', () => {
  it('shows "" as 0', () => {
    expect(formatEntry('', decimal(8), BTC, 'en-US')).toBe(`0${NBSP}BTC`);
    expect(formatEntry('', decimal(2), USD, 'en-US')).toBe('$0');
  });

  it('keeps a trailing point and trailing fraction zeros', () => {
    expect(formatEntry('12.', decimal(2), USD, 'en-US')).toBe('$12.');
    expect(formatEntry('0.50', decimal(2), USD, 'en-US')).toBe('$0.50');
    expect(formatEntry('0.', decimal(8), BTC, 'en-US')).toBe(`0.${NBSP}BTC`);
    expect(formatEntry('0.50', decimal(8), BTC, 'en-US')).toBe(`0.50${NBSP}BTC`);
    expect(formatEntry('1.00000000', decimal(8), BTC, 'en-US')).toBe(`1.00000000${NBSP}BTC`);
  });

  it('uses locale grouping and decimal separator', () => {
    expect(formatEntry('1234.', decimal(2), EUR, 'de-DE')).toBe(`1.234,${NBSP}€`);
    expect(formatEntry('1234.5', decimal(2), EUR, 'de-DE')).toBe(`1.234,5${NBSP}€`);
    expect(formatEntry('1234567.', decimal(8), BTC, 'de-DE')).toBe(`1.234.567,${NBSP}BTC`);
    expect(formatEntry('1234567.0', decimal(8), BTC, 'en-US')).toBe(`1,234,567.0${NBSP}BTC`);
    expect(formatEntry('1234', decimal(0), JPY, 'ja-JP')).toBe('￥1,234');
  });

  it('shows an invalid text as nothing typed', () => {
    expect(formatEntry('1.234', decimal(2), USD, 'en-US')).toBe('$0');
  });
});
