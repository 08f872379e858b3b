/**
 * Turns a payment result into a verdict. A `success` status alone proves nothing: the payer can
 * edit a paylink (pay 0.01 instead of 10, or to another payee), so a charge counts as received only
 * when the result matches the terms the cashier asked for.
 */
import { decimalEquals, isDecimalString } from '@/money/decimal';
import { failureReasonText } from './errors';
import type { PaymentResult } from './schemas';

export interface ChargeTerms {
  payeeId: string;
  quoteAssetId: string;
  /** Decimal string. */
  quoteAmount: string;
  traceId: string;
}

export type VerifiedField = 'payeeId' | 'quoteAssetId' | 'quoteAmount' | 'traceId';

export interface FieldMismatch {
  field: VerifiedField;
  expected: string;
  actual: string;
}

export type ResultVerdict =
  | { kind: 'waiting' }
  | { kind: 'pending'; confirmations: number | null }
  | { kind: 'auditing' }
  | { kind: 'received'; result: PaymentResult }
  | { kind: 'mismatch'; mismatches: FieldMismatch[]; result: PaymentResult }
  | { kind: 'failed'; failureCode?: number; reason: string; result: PaymentResult };

/** UUIDs are written with and without dashes, in either case. */
function sameUuid(a: string, b: string): boolean {
  const canon = (id: string) => id.replace(/-/g, '').toLowerCase();
  return canon(a) === canon(b);
}

/** Decimal comparison that never throws: anything that is not a decimal string is a mismatch. */
function sameAmount(a: string, b: string): boolean {
  return isDecimalString(a) && isDecimalString(b) && decimalEquals(a, b);
}

function findMismatches(terms: ChargeTerms, result: PaymentResult): FieldMismatch[] {
  const mismatches: FieldMismatch[] = [];
  const check = (field: VerifiedField, expected: string, actual: string, same: boolean) => {
    if (!same) mismatches.push({ field, expected, actual });
  };
  check('payeeId', terms.payeeId, result.payeeId, sameUuid(terms.payeeId, result.payeeId));
  check(
    'quoteAssetId',
    terms.quoteAssetId,
    result.quoteAssetId,
    terms.quoteAssetId.toLowerCase() === result.quoteAssetId.toLowerCase(),
  );
  check(
    'quoteAmount',
    terms.quoteAmount,
    result.quoteAmount,
    sameAmount(terms.quoteAmount, result.quoteAmount),
  );
  // Older answers omit traceId; the request was made by traceId then, so absence is not a mismatch.
  if (result.traceId !== undefined) {
    check('traceId', terms.traceId, result.traceId, sameUuid(terms.traceId, result.traceId));
  }
  return mismatches;
}

export function verifyResult(terms: ChargeTerms, result: PaymentResult): ResultVerdict {
  switch (result.status) {
    case 'unpaid':
      return { kind: 'waiting' };
    case 'pending': {
      const c = result.confirmations;
      return { kind: 'pending', confirmations: c !== undefined && c >= 0 ? c : null };
    }
    case 'auditing':
      return { kind: 'auditing' };
    case 'failed':
      return {
        kind: 'failed',
        failureCode: result.failureCode,
        reason: failureReasonText(result.failureCode, result.failureReason),
        result,
      };
    case 'success': {
      const mismatches = findMismatches(terms, result);
      return mismatches.length === 0
        ? { kind: 'received', result }
        : { kind: 'mismatch', mismatches, result };
    }
  }
}

/** Received, mismatch and failed never change again: stop polling. */
export function isFinalVerdict(v: ResultVerdict): boolean {
  return v.kind === 'received' || v.kind === 'mismatch' || v.kind === 'failed';
}
