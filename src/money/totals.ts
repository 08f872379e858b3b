/**
 * A sale's totals: items added up, a discount taken off, a tip put on, as exact decimal strings
 * (./decimal.ts); no amount ever becomes a float.
 *
 * The rounding rule (the only place anything is rounded):
 * - An amount given as a percentage (a percent discount, a percent tip) is
 *   base × percent / 100, rounded half-up (half away from zero) to the quote currency's decimals
 *   (MixPay's `decimalDigit`: 2 for USD, 0 for JPY, 8 for BTC). 12.5% of 0.10 USD is 0.0125 → 0.01;
 *   15% of 0.10 is 0.015 → 0.02.
 * - Everything else is added and subtracted exactly: amounts typed on the keypad already have at
 *   most the currency's decimals.
 * - The discount applies to the subtotal and never exceeds it; the tip is a percentage of what is
 *   due after the discount (the customer tips on what they pay for, not on a price they did not pay).
 * - total = subtotal − discount + tip, and that total is the quote amount sent to MixPay.
 */
import {
  addDecimal,
  compareDecimal,
  divideDecimal,
  isDecimalString,
  multiplyDecimal,
  normalizeDecimal,
  subtractDecimal,
} from './decimal';

/** How a discount or a tip was given: a percentage of its base, or a fixed amount. */
export type Adjustment = { kind: 'percent'; percent: string } | { kind: 'amount'; amount: string };

export interface SaleTotals {
  subtotal: string;
  /** What comes off (0 when none). */
  discount: string;
  /** subtotal − discount: what the tip is a percentage of. */
  afterDiscount: string;
  tip: string;
  total: string;
}

/** A bad decimalDigit from the API must not break the sums: treat it as whole units. */
export function safeDecimals(decimals: number): number {
  return Number.isInteger(decimals) && decimals > 0 ? Math.min(decimals, 18) : 0;
}

/** base × percent / 100, rounded half-up to `decimals` (the rule above). */
export function percentOf(base: string, percent: string, decimals: number): string {
  return normalizeDecimal(divideDecimal(multiplyDecimal(base, percent), '100', safeDecimals(decimals)));
}

export function sumAmounts(amounts: readonly string[]): string {
  return normalizeDecimal(amounts.reduce((sum, a) => addDecimal(sum, a), '0'));
}

/** A percentage a cashier or owner may use: 0 < p ≤ 100, at most two decimals. */
export function isPercent(value: string): boolean {
  return (
    /^\d{1,3}(\.\d{1,2})?$/.test(value) && compareDecimal(value, '0') > 0 && compareDecimal(value, '100') <= 0
  );
}

/** An amount in a currency with `decimals`: a plain positive decimal with no more digits than that. */
export function isAmountIn(value: string, decimals: number): boolean {
  if (!isDecimalString(value) || value.startsWith('-')) return false;
  const fraction = value.split('.')[1] ?? '';
  return fraction.length <= safeDecimals(decimals) && compareDecimal(value, '0') > 0;
}

function adjustmentOf(base: string, adjustment: Adjustment | null | undefined, decimals: number): string {
  if (!adjustment) return '0';
  return adjustment.kind === 'percent'
    ? percentOf(base, adjustment.percent, decimals)
    : normalizeDecimal(adjustment.amount);
}

export function saleTotals(input: {
  lines: readonly string[];
  discount?: Adjustment | null;
  tip?: Adjustment | null;
  decimals: number;
}): SaleTotals {
  const subtotal = sumAmounts(input.lines);
  let discount = adjustmentOf(subtotal, input.discount, input.decimals);
  if (compareDecimal(discount, subtotal) > 0) discount = subtotal;
  const afterDiscount = normalizeDecimal(subtractDecimal(subtotal, discount));
  const tip = adjustmentOf(afterDiscount, input.tip, input.decimals);
  return { subtotal, discount, afterDiscount, tip, total: normalizeDecimal(addDecimal(afterDiscount, tip)) };
}
