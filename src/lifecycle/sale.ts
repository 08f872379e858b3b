/**
 * The sale behind a charge: its items, discount and tip, kept apart from the total that MixPay is
 * asked for. createCharge (./lifecycle.ts) checks that they add up before anything is journalled;
 * every reader (result screen, receipt, history, CSV, shift reports) reads them through saleOf, so a
 * record from before itemised sales reads as one item of its quote amount, no discount, no tip.
 */
import { compareDecimal, isDecimalString, normalizeDecimal } from '@/money/decimal';
import { saleTotals, sumAmounts, type Adjustment } from '@/money/totals';
import type { ChargeRecord, SaleAdjustment, SaleLine } from './charge-record';

export interface Sale {
  lines: SaleLine[];
  subtotal: string;
  discount: SaleAdjustment | null;
  tip: SaleAdjustment | null;
  total: string;
}

/** What createCharge is given for an itemised sale. */
export interface SaleTerms {
  lines: SaleLine[];
  discount?: SaleAdjustment;
  tip?: SaleAdjustment;
}

/** Any record, old or new, as a sale. */
export function saleOf(
  c: Pick<ChargeRecord, 'quoteAmount' | 'lines' | 'subtotal' | 'discount' | 'tip'>,
): Sale {
  const lines = c.lines?.length ? c.lines : [{ amount: c.quoteAmount }];
  return {
    lines,
    subtotal: c.subtotal ?? (c.lines?.length ? sumAmounts(lines.map((l) => l.amount)) : c.quoteAmount),
    discount: c.discount ?? null,
    tip: c.tip ?? null,
    total: c.quoteAmount,
  };
}

/** A stored adjustment as the totals module reads it (the percent when there was one). */
export function adjustmentInput(a: SaleAdjustment | null | undefined): Adjustment | null {
  if (!a) return null;
  return a.kind === 'percent' && a.percent !== undefined
    ? { kind: 'percent', percent: a.percent }
    : { kind: 'amount', amount: a.amount };
}

function positive(amount: string): boolean {
  return isDecimalString(amount) && compareDecimal(amount, '0') > 0;
}

/**
 * Checks an itemised sale against the amount to charge and gives the fields the record keeps.
 * Throws a RangeError when the items, discount and tip do not add up to `quoteAmount` (the
 * percentages rounded by the rule in src/money/totals.ts): a charge never says one thing to MixPay
 * and another on its receipt.
 */
export function checkedSale(
  terms: SaleTerms,
  quoteAmount: string,
  decimals: number,
): Pick<ChargeRecord, 'lines' | 'subtotal' | 'discount' | 'tip'> {
  if (!terms.lines.length) throw new RangeError('A sale needs at least one item');
  for (const line of terms.lines) {
    if (!positive(line.amount)) throw new RangeError(`Not an item amount: ${JSON.stringify(line.amount)}`);
  }
  for (const a of [terms.discount, terms.tip]) {
    if (a && !(isDecimalString(a.amount) && compareDecimal(a.amount, '0') >= 0)) {
      throw new RangeError(`Not an amount: ${JSON.stringify(a.amount)}`);
    }
  }
  const totals = saleTotals({
    lines: terms.lines.map((l) => l.amount),
    discount: adjustmentInput(terms.discount),
    tip: adjustmentInput(terms.tip),
    decimals,
  });
  if (terms.discount && compareDecimal(totals.discount, terms.discount.amount) !== 0) {
    throw new RangeError(`The discount comes to ${totals.discount}, not ${terms.discount.amount}`);
  }
  if (terms.tip && compareDecimal(totals.tip, terms.tip.amount) !== 0) {
    throw new RangeError(`The tip comes to ${totals.tip}, not ${terms.tip.amount}`);
  }
  if (!isDecimalString(quoteAmount) || compareDecimal(totals.total, quoteAmount) !== 0) {
    throw new RangeError(`The sale comes to ${totals.total}, not ${quoteAmount}`);
  }
  const out: Pick<ChargeRecord, 'lines' | 'subtotal' | 'discount' | 'tip'> = {
    lines: terms.lines.map((l) =>
      l.label
        ? { amount: normalizeDecimal(l.amount), label: l.label }
        : { amount: normalizeDecimal(l.amount) },
    ),
    subtotal: totals.subtotal,
  };
  if (terms.discount && compareDecimal(totals.discount, '0') > 0)
    out.discount = { ...terms.discount, amount: totals.discount };
  if (terms.tip && compareDecimal(totals.tip, '0') > 0) out.tip = { ...terms.tip, amount: totals.tip };
  return out;
}
