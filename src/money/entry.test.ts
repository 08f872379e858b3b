import { describe, expect, it } from 'vitest';
import {
  amountOf,
  applyKey,
  chargeBlock,
  defaultEntryStyle,
  entryFromKeyboard,
  isEntryText,
  MAX_INTEGER_DIGITS,
  reformatEntry,
} from './entry';
import type { EntryKey, EntryRules } from './entry';

function type(keys: EntryKey[], rules: EntryRules, start = ''): string {
  return keys.reduce((text, key) => applyKey(text, key, rules), start);
}

const usdRegister: EntryRules = { style: 'register', decimals: 2 };
const jpyRegister: EntryRules = { style: 'register', decimals: 0 };
const btcDecimal: EntryRules = { style: 'decimal', decimals: 8 };
const usdDecimal: EntryRules = { style: 'decimal', decimals: 2 };
const jpyDecimal: EntryRules = { style: 'decimal', decimals: 0 };

describe('defaultEntryStyle', () => {
  it('is register for fiat and decimal for crypto', () => {
    expect(defaultEntryStyle(true)).toBe('register');
    expect(defaultEntryStyle(false)).toBe('decimal');
  });
});

describe('applyKey, register style', () => {
  it('fills digits from the right', () => {
    expect(type(['1'], usdRegister)).toBe('0.01');
    expect(type(['1', '2'], usdRegister)).toBe('0.12');
    expect(type(['1', '2', '3', '4'], usdRegister)).toBe('12.34');
  });

  it('appends two zeros with "00"', () => {
    expect(type(['5', '00'], usdRegister)).toBe('5.00');
    expect(type(['1', '2', '00'], jpyRegister)).toBe('1200');
  });

  it('uses the asset decimals', () => {
    expect(type(['1', '2', '3', '4'], jpyRegister)).toBe('1234');
    expect(type(['5'], { style: 'register', decimals: 8 })).toBe('0.00000005');
  });

  it('never accumulates leading zeros', () => {
    expect(type(['0'], usdRegister)).toBe('0.00');
    expect(type(['0', '0', '00'], usdRegister)).toBe('0.00');
    expect(type(['0', '0', '7'], usdRegister)).toBe('0.07');
    expect(type(['00', '0'], jpyRegister)).toBe('0');
  });

  it('ignores "."', () => {
    expect(type(['1', '.', '2'], usdRegister)).toBe('0.12');
    expect(applyKey('', '.', usdRegister)).toBe('');
  });

  it('deletes the last typed digit and clears', () => {
    expect(applyKey('12.34', 'delete', usdRegister)).toBe('1.23');
    expect(applyKey('1.00', 'delete', usdRegister)).toBe('0.10');
    expect(type(['delete', 'delete'], usdRegister, '0.12')).toBe('');
    expect(applyKey('0.00', 'delete', usdRegister)).toBe('');
    expect(applyKey('', 'delete', usdRegister)).toBe('');
    expect(applyKey('12.34', 'clear', usdRegister)).toBe('');
    expect(applyKey('1234', 'delete', jpyRegister)).toBe('123');
  });

  it('ignores a keystroke that would exceed max', () => {
    const rules: EntryRules = { ...usdRegister, max: '100' };
    expect(type(['1', '0', '0', '0', '0'], rules)).toBe('100.00');
    expect(applyKey('100.00', '1', rules)).toBe('100.00');
    expect(applyKey('99.99', '9', rules)).toBe('99.99');
    expect(applyKey('0.50', '00', rules)).toBe('50.00');
    expect(applyKey('5.00', '00', rules)).toBe('5.00'); // 500.00 as a whole is over
    expect(applyKey('99.99', 'delete', rules)).toBe('9.99');
  });

  it('caps integer digits without a max', () => {
    const full = '9'.repeat(MAX_INTEGER_DIGITS);
    expect(applyKey(full, '9', jpyRegister)).toBe(full);
  });

  it('restarts from an invalid state instead of propagating it', () => {
    expect(applyKey('abc', '5', usdRegister)).toBe('0.05');
    expect(applyKey('1.234', 'delete', usdRegister)).toBe('');
  });
});

describe('applyKey, decimal style', () => {
  it('types as written', () => {
    expect(type(['1', '2', '.', '3', '4'], usdDecimal)).toBe('12.34');
    expect(type(['1', '2', '3', '4'], usdDecimal)).toBe('1234');
    expect(type(['1', '00'], usdDecimal)).toBe('100');
  });

  it('starts the fraction with "." and ignores a second one', () => {
    expect(applyKey('', '.', btcDecimal)).toBe('0.');
    expect(type(['.', '5'], btcDecimal)).toBe('0.5');
    expect(type(['1', '.', '.', '5', '.'], btcDecimal)).toBe('1.5');
  });

  it('collapses leading zeros', () => {
    expect(type(['0', '5'], btcDecimal)).toBe('5');
    expect(type(['0', '0'], btcDecimal)).toBe('0');
    expect(applyKey('', '00', btcDecimal)).toBe('0');
    expect(type(['0', '.', '0', '0', '1'], btcDecimal)).toBe('0.001');
    expect(type(['.', '00'], btcDecimal)).toBe('0.00');
  });

  it('stops the fraction at the asset decimals', () => {
    expect(type(['1', '.', '2', '3', '4'], usdDecimal)).toBe('1.23');
    expect(applyKey('1.2', '00', usdDecimal)).toBe('1.20');
    expect(type(['.', '1', '2', '3', '4', '5', '6', '7', '8', '9'], btcDecimal)).toBe('0.12345678');
  });

  it('ignores "." with 0 decimals', () => {
    expect(type(['1', '.', '5'], jpyDecimal)).toBe('15');
    expect(applyKey('', '.', jpyDecimal)).toBe('');
  });

  it('deletes the last character and clears', () => {
    expect(applyKey('12.34', 'delete', usdDecimal)).toBe('12.3');
    expect(applyKey('12.', 'delete', usdDecimal)).toBe('12');
    expect(applyKey('0.', 'delete', usdDecimal)).toBe('0');
    expect(applyKey('0', 'delete', usdDecimal)).toBe('');
    expect(applyKey('0.5', 'clear', usdDecimal)).toBe('');
  });

  it('ignores a keystroke that would exceed max', () => {
    const rules: EntryRules = { ...btcDecimal, max: '0.5' };
    expect(type(['.', '5', '1'], rules)).toBe('0.5');
    expect(applyKey('0.5', '0', rules)).toBe('0.50'); // same amount
    expect(applyKey('0', '1', rules)).toBe('0');
    expect(applyKey('0.', '5', rules)).toBe('0.5');
    expect(applyKey('5', '00', { ...usdDecimal, max: '100' })).toBe('5');
    expect(applyKey('1', '00', { ...usdDecimal, max: '100' })).toBe('100');
  });

  it('caps integer digits without a max', () => {
    const full = '9'.repeat(MAX_INTEGER_DIGITS);
    expect(applyKey(full, '9', btcDecimal)).toBe(full);
    expect(applyKey(full, '.', btcDecimal)).toBe(`${full}.`);
  });

  it('restarts from an invalid state', () => {
    expect(applyKey('01', '5', usdDecimal)).toBe('5');
    expect(applyKey('1.234', '.', usdDecimal)).toBe('0.');
  });
});

describe('amountOf', () => {
  it('returns the canonical decimal string', () => {
    expect(amountOf('', usdRegister)).toBe('0');
    expect(amountOf('0.00', usdRegister)).toBe('0');
    expect(amountOf('12.30', usdRegister)).toBe('12.3');
    expect(amountOf('1200', jpyRegister)).toBe('1200');
    expect(amountOf('0.', btcDecimal)).toBe('0');
    expect(amountOf('12.', btcDecimal)).toBe('12');
    expect(amountOf('0.50', btcDecimal)).toBe('0.5');
  });

  it('treats text that is not a valid entry as zero', () => {
    expect(amountOf('1.234', usdRegister)).toBe('0');
    expect(amountOf('1.5', jpyDecimal)).toBe('0');
    expect(amountOf('abc', btcDecimal)).toBe('0');
  });
});

describe('isEntryText', () => {
  it('accepts exactly the states applyKey produces', () => {
    expect(isEntryText('', usdRegister)).toBe(true);
    expect(isEntryText('12.34', usdRegister)).toBe(true);
    expect(isEntryText('12.345', usdRegister)).toBe(false);
    expect(isEntryText('12.', btcDecimal)).toBe(true);
    expect(isEntryText('012', btcDecimal)).toBe(false);
    expect(isEntryText('.5', btcDecimal)).toBe(false);
  });
});

describe('entryFromKeyboard', () => {
  it('maps keyboard keys', () => {
    expect(entryFromKeyboard('7')).toBe('7');
    expect(entryFromKeyboard('.')).toBe('.');
    expect(entryFromKeyboard(',')).toBe('.');
    expect(entryFromKeyboard('Backspace')).toBe('delete');
    expect(entryFromKeyboard('Delete')).toBe('delete');
    expect(entryFromKeyboard('Escape')).toBe('clear');
    expect(entryFromKeyboard('Enter')).toBe('submit');
    expect(entryFromKeyboard('a')).toBeNull();
    expect(entryFromKeyboard('Tab')).toBeNull();
    expect(entryFromKeyboard('00')).toBeNull();
  });
});

describe('reformatEntry', () => {
  it('keeps an amount that fits the new rules', () => {
    expect(reformatEntry('12.34', usdRegister, { style: 'register', decimals: 8 })).toBe('12.34000000');
    expect(reformatEntry('12.30', usdRegister, btcDecimal)).toBe('12.3');
    expect(reformatEntry('12.00', usdRegister, jpyRegister)).toBe('12');
    expect(reformatEntry('0.5', btcDecimal, usdRegister)).toBe('0.50');
    expect(reformatEntry('1200', jpyRegister, usdDecimal)).toBe('1200');
  });

  it('keeps decimal-style text as typed', () => {
    expect(reformatEntry('12.', btcDecimal, usdDecimal)).toBe('12.');
    expect(reformatEntry('0.50', btcDecimal, usdDecimal)).toBe('0.50');
    expect(reformatEntry('0.', btcDecimal, usdDecimal)).toBe('0.');
    expect(reformatEntry('12.', btcDecimal, jpyDecimal)).toBe('12'); // no point without decimals
  });

  it('clears what does not fit', () => {
    expect(reformatEntry('0.0005', btcDecimal, usdRegister)).toBe('');
    expect(reformatEntry('12.34', usdRegister, jpyRegister)).toBe('');
    expect(reformatEntry('500.00', usdRegister, { ...usdRegister, max: '100' })).toBe('');
    expect(reformatEntry('500', btcDecimal, { ...usdDecimal, max: '100' })).toBe('');
    expect(reformatEntry('', usdRegister, btcDecimal)).toBe('');
    expect(reformatEntry('0.00', usdRegister, btcDecimal)).toBe('');
  });
});

describe('chargeBlock', () => {
  const limits = { min: '0.01', max: '100000' };

  it('blocks zero', () => {
    expect(chargeBlock('0', limits)).toEqual({ reason: 'zero', message: 'Enter an amount' });
    expect(chargeBlock('0.00', {})?.reason).toBe('zero');
    expect(chargeBlock('', {})?.reason).toBe('zero');
  });

  it('blocks below min and above max with the raw limit', () => {
    expect(chargeBlock('0.001', limits)).toEqual({ reason: 'below-min', message: 'Minimum is 0.01' });
    expect(chargeBlock('100000.01', limits)).toEqual({ reason: 'above-max', message: 'Maximum is 100000' });
  });

  it('allows the limits themselves', () => {
    expect(chargeBlock('0.01', limits)).toBeNull();
    expect(chargeBlock('0.010', limits)).toBeNull();
    expect(chargeBlock('100000', limits)).toBeNull();
    expect(chargeBlock('12.34', {})).toBeNull();
  });
});
