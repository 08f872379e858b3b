import type { ResultSnapshot } from '@/journal/journal';
import type { PaymentResult } from '@/mixpay/schemas';

/** The part of a MixPay result the journal keeps with a charge. */
export function snapshotOf(result: PaymentResult): ResultSnapshot {
  return {
    status: result.status,
    quoteAmount: result.quoteAmount,
    quoteAssetId: result.quoteAssetId,
    payeeId: result.payeeId,
    paymentAmount: result.paymentAmount,
    paymentSymbol: result.paymentSymbol,
    paymentAssetId: result.paymentAssetId,
    failureCode: result.failureCode,
    failureReason: result.failureReason,
    txid: result.txid,
    date: result.date,
  };
}
