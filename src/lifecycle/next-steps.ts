/**
 * What a cashier can do after a charge that went wrong, decided from the charge alone:
 * - underpaid, or paid a different (smaller) amount: "Charge the difference", a new charge for
 *   what is still owed, linked to the first;
 * - failed or expired: "Charge again", a new charge for the same sale (items, discount, tip).
 *
 * What is still owed (in the quote currency, rounded half-up to its decimals):
 * - mismatch: the charge's total − the quote amount MixPay reports as paid. Only when the amount is
 *   what differs (a payment to another payee, in another currency or for another trace is not a
 *   part-payment of this sale).
 * - underpaid (failed 40024): MixPay reports the quote amount asked for, not what was covered, so
 *   the share still missing is taken from the payment asset: total × (payable − paid) / payable,
 *   with paid = payment.totalTransactionsAmount (else paymentAmount) and payable = payableAmount,
 *   both in the payment asset. Those come rounded to the asset's 8 decimals, hence half-up to the
 *   nearest minor unit of the quote currency rather than always up (a 6.00 of 10.00 payment leaves
 *   4.00, not 4.01).
 * Nothing (null) when MixPay did not say enough to know, or nothing is missing.
 */
import { t } from '@lingui/core/macro';
import {
  compareDecimal,
  divideDecimal,
  isDecimalString,
  multiplyDecimal,
  normalizeDecimal,
  roundDecimal,
  subtractDecimal,
} from '@/money/decimal';
import { safeDecimals } from '@/money/totals';
import type { ChargeLink, ChargeRecord, MismatchField } from './charge-record';
import { outcomeOf } from './lifecycle';
import type { SaleTerms } from './sale';

/** A mismatch on any of these is not a part-payment of this sale. */
const NOT_A_PART_PAYMENT: ReadonlySet<MismatchField> = new Set(['payeeId', 'quoteAssetId', 'traceId']);

export function amountStillDue(c: ChargeRecord): string | null {
  const r = c.result;
  if (!r || !isDecimalString(c.quoteAmount)) return null;
  const decimals = safeDecimals(c.quoteDecimals);
  let due: string;
  switch (outcomeOf(c)) {
    case 'mismatch': {
      const fields = (c.mismatches ?? []).map((m) => m.field);
      if (!fields.includes('quoteAmount') || fields.some((f) => NOT_A_PART_PAYMENT.has(f))) return null;
      if (!isDecimalString(r.quoteAmount)) return null;
      due = roundDecimal(subtractDecimal(c.quoteAmount, r.quoteAmount), decimals);
      break;
    }
    case 'underpaid': {
      const paid = r.totalTransactionsAmount ?? r.paymentAmount;
      const payable = r.payableAmount;
      if (!paid || !payable || !isDecimalString(paid) || !isDecimalString(payable)) return null;
      if (compareDecimal(payable, '0') <= 0) return null;
      const missing = subtractDecimal(payable, paid);
      due = divideDecimal(multiplyDecimal(c.quoteAmount, missing), payable, decimals);
      break;
    }
    default:
      return null;
  }
  return compareDecimal(due, '0') > 0 ? normalizeDecimal(due) : null;
}

export type NextStep = 'difference' | 'again';

/** The next step the result screen offers for this charge, if any. */
export function nextStepOf(c: ChargeRecord): NextStep | null {
  switch (outcomeOf(c)) {
    case 'mismatch':
    case 'underpaid':
      return amountStillDue(c) ? 'difference' : null;
    case 'failed':
    case 'expired':
      return 'again';
    default:
      return null;
  }
}

/** The amount, sale and link of the charge a next step makes (null when it offers none). */
export function followUpOf(
  c: ChargeRecord,
  step: NextStep,
): { quoteAmount: string; sale: SaleTerms; linkedTo: ChargeLink } | null {
  const linkedTo: ChargeLink = { traceId: c.traceId, reason: step };
  if (step === 'difference') {
    const due = amountStillDue(c);
    if (!due) return null;
    // The item's label is stored with the charge and printed on its receipt, so it is written in
    // the language the till uses when the cashier makes the new charge.
    const label = t({
      message: 'Rest of an earlier payment',
      comment: 'Item name on a charge (and its receipt) for what an underpayment left unpaid',
    });
    return { quoteAmount: due, sale: { lines: [{ amount: due, label }] }, linkedTo };
  }
  const lines = c.lines?.length ? c.lines : [{ amount: c.quoteAmount }];
  const sale: SaleTerms = { lines };
  if (c.discount) sale.discount = c.discount;
  if (c.tip) sale.tip = c.tip;
  return { quoteAmount: c.quoteAmount, sale, linkedTo };
}
