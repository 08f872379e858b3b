/**
 * Keypad entry: pure functions from (typed text, key) to the next typed text. The text is the
 * display source; `amountOf` turns it into the decimal string that is charged. Every function
 * here works on strings only, so no amount ever passes through a JS float.
 */
import { t } from '@lingui/core/macro';
import {
  compareDecimal,
  fractionDigitsOf,
  isDecimalString,
  isZeroDecimal,
  normalizeDecimal,
  toFixedDecimal,
} from './decimal';

/** 'register': digits fill from the right (cash register). 'decimal': typed as written. */
export type EntryStyle = 'register' | 'decimal';

export type EntryKey =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'delete' | 'clear';

export interface EntryRules {
  style: EntryStyle;
  /** The quote asset's decimalDigit, 0..18. */
  decimals: number;
  /** maxQuoteAmount as a decimal string; keystrokes that would exceed it are ignored. */
  max?: string;
}

export type ChargeBlockReason = 'zero' | 'below-min' | 'above-max';

export interface ChargeBlock {
  reason: ChargeBlockReason;
  message: string;
}

/**
 * Integer digits accepted even without a max: a stuck key must not grow the display forever,
 * and 15 digits is beyond any real sale.
 */
export const MAX_INTEGER_DIGITS = 15;

const DIGITS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Decimal-style text: no leading zeros, optional point, possibly nothing after it yet. */
const DECIMAL_ENTRY_RE = /^(0|[1-9]\d*)(\.(\d*))?$/;

/** Fiat is entered like a cash register, crypto with a decimal point. */
export function defaultEntryStyle(isFiat: boolean): EntryStyle {
  return isFiat ? 'register' : 'decimal';
}

// A bad decimalDigit from the API must not crash the keypad: treat it as whole units.
function decimalsOf(rules: Pick<EntryRules, 'decimals'>): number {
  return Number.isInteger(rules.decimals) && rules.decimals > 0 ? rules.decimals : 0;
}

function exceedsMax(amount: string, max: string | undefined): boolean {
  return max !== undefined && isDecimalString(max) && compareDecimal(amount, max) > 0;
}

function integerDigitsOf(amount: string): number {
  return amount.split('.')[0].length;
}

/** The typed digits of a register text without leading zeros ("" = zero), or null if invalid. */
function registerDigits(text: string, decimals: number): string | null {
  if (text === '') return '';
  if (!isDecimalString(text) || text.startsWith('-') || fractionDigitsOf(text) > decimals) return null;
  return toFixedDecimal(text, decimals).replace('.', '').replace(/^0+/, '');
}

function registerText(digits: string, decimals: number): string {
  const padded = digits.padStart(decimals + 1, '0');
  return decimals > 0 ? `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}` : padded;
}

function isDecimalEntry(text: string, decimals: number): boolean {
  if (text === '') return true;
  const match = DECIMAL_ENTRY_RE.exec(text);
  if (!match || match[1].length > MAX_INTEGER_DIGITS) return false;
  if (match[2] === undefined) return true;
  return decimals > 0 && match[3].length <= decimals;
}

/** True when `text` is a state `applyKey` can produce under these rules (max aside). */
export function isEntryText(text: string, rules: Pick<EntryRules, 'style' | 'decimals'>): boolean {
  const decimals = decimalsOf(rules);
  if (rules.style === 'decimal') return isDecimalEntry(text, decimals);
  const digits = registerDigits(text, decimals);
  return digits !== null && digits.length - decimals <= MAX_INTEGER_DIGITS;
}

function applyRegisterKey(text: string, key: EntryKey, decimals: number, max: string | undefined): string {
  const digits = registerDigits(text, decimals);
  // An invalid incoming state restarts the entry rather than propagating.
  if (digits === null) return applyRegisterKey('', key, decimals, max);
  if (key === 'clear') return '';
  if (key === '.') return text;
  if (key === 'delete') {
    const rest = digits.slice(0, -1);
    return rest === '' ? '' : registerText(rest, decimals);
  }
  const next = (digits + key).replace(/^0+/, '');
  if (next.length - decimals > MAX_INTEGER_DIGITS) return text;
  const nextText = registerText(next, decimals);
  return exceedsMax(nextText, max) ? text : nextText;
}

function appendDecimalDigit(text: string, digit: string, decimals: number): string {
  const point = text.indexOf('.');
  if (point >= 0) return text.length - point - 1 < decimals ? text + digit : text;
  if (text === '0') return digit; // collapses leading zeros: "0" + "0" stays "0"
  return text.length < MAX_INTEGER_DIGITS ? text + digit : text;
}

function applyDecimalKey(text: string, key: EntryKey, decimals: number, max: string | undefined): string {
  const current = isDecimalEntry(text, decimals) ? text : '';
  switch (key) {
    case 'clear':
      return '';
    case 'delete':
      return current.slice(0, -1);
    case '.':
      if (decimals === 0 || current.includes('.')) return current;
      return current === '' ? '0.' : `${current}.`;
    default: {
      // "00" is one keystroke: it is accepted or ignored as a whole against max.
      let next = appendDecimalDigit(current, key[0], decimals);
      if (key === '00') next = appendDecimalDigit(next, '0', decimals);
      return next !== current && exceedsMax(decimalAmount(next), max) ? current : next;
    }
  }
}

function decimalAmount(text: string): string {
  if (text === '') return '0';
  return normalizeDecimal(text.endsWith('.') ? text.slice(0, -1) : text);
}

export function applyKey(text: string, key: EntryKey, rules: EntryRules): string {
  const decimals = decimalsOf(rules);
  // Callers may pass untyped input at runtime; unknown keys change nothing.
  if (key !== '00' && key !== '.' && key !== 'delete' && key !== 'clear' && !DIGITS.has(key)) return text;
  return rules.style === 'register'
    ? applyRegisterKey(text, key, decimals, rules.max)
    : applyDecimalKey(text, key, decimals, rules.max);
}

/**
 * The canonical decimal string to charge ("" and "0." → "0", "12.30" → "12.3"). Text that is not a
 * valid state for `rules` yields "0" so that it is blocked as zero rather than charged wrongly.
 */
export function amountOf(text: string, rules: Pick<EntryRules, 'style' | 'decimals'>): string {
  if (!isEntryText(text, rules)) return '0';
  return decimalAmount(text);
}

/** Maps KeyboardEvent.key to a keypad key; null for keys the keypad ignores. */
export function entryFromKeyboard(key: string): EntryKey | 'submit' | null {
  if (DIGITS.has(key)) return key as EntryKey;
  switch (key) {
    case '.':
    case ',': // decimal comma layouts
    case 'Decimal': // legacy numpad key name
      return '.';
    case 'Backspace':
    case 'Delete':
      return 'delete';
    case 'Escape':
      return 'clear';
    case 'Enter':
      return 'submit';
    default:
      return null;
  }
}

/**
 * Re-expresses the typed text when the currency or style changes mid-entry. The amount is kept
 * when it fits the new decimals and max, otherwise the entry is cleared: silently rounding or
 * truncating a typed amount would charge something the cashier did not type.
 */
export function reformatEntry(text: string, from: EntryRules, to: EntryRules): string {
  const toDecimals = decimalsOf(to);
  // Decimal to decimal keeps what was typed ("12.", "0.50") when it is still valid.
  if (
    from.style === 'decimal' &&
    to.style === 'decimal' &&
    isEntryText(text, from) &&
    isDecimalEntry(text, toDecimals) &&
    !exceedsMax(decimalAmount(text), to.max)
  ) {
    return text;
  }
  const amount = amountOf(text, from);
  if (
    isZeroDecimal(amount) ||
    fractionDigitsOf(amount) > toDecimals ||
    integerDigitsOf(amount) > MAX_INTEGER_DIGITS ||
    exceedsMax(amount, to.max)
  ) {
    return '';
  }
  return to.style === 'register' ? toFixedDecimal(amount, toDecimals) : amount;
}

/**
 * Why the charge button is disabled, or null when the amount can be charged. Messages are in the
 * active language (called while the keypad renders) and carry the raw limit; the UI may format it
 * for display. Malformed limits are ignored.
 */
export function chargeBlock(amount: string, limits: { min?: string; max?: string }): ChargeBlock | null {
  if (!isDecimalString(amount) || compareDecimal(amount, '0') <= 0) {
    return { reason: 'zero', message: t`Enter an amount` };
  }
  const { min, max } = limits;
  if (min !== undefined && isDecimalString(min) && compareDecimal(amount, min) < 0) {
    return { reason: 'below-min', message: t({ message: `Minimum is ${min}`, comment: 'min: an amount' }) };
  }
  if (max !== undefined && exceedsMax(amount, max)) {
    return { reason: 'above-max', message: t({ message: `Maximum is ${max}`, comment: 'max: an amount' }) };
  }
  return null;
}
