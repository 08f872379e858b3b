/**
 * Catches customers who pay after the cashier gave up. Cancelled and expired charges are checked
 * one at a time, every 15 s, while MixPay could still accept their payment (until the payment
 * window ends, plus a 10-minute grace for payments already in flight). That is at most 4 requests
 * a minute, whatever the number of charges: well inside the shop's 60/min. A verified payment (or a
 * mismatching one) is journalled with a latePayment mark, which raises the alert.
 */
import { useEffect } from 'react';
import { chargesToWatch, updateCharge } from '@/journal/journal';
import { isMixPayError } from '@/mixpay/errors';
import { verifyResult } from '@/mixpay/verify';
import { mixpayClientFor } from '@/settings/use-mixpay';
import { needsConfirmation, readConfirmed } from './payment-result-query';
import { snapshotOf } from './result-snapshot';

export const LATE_CHECK_EVERY_MS = 15_000;
/** `apiUrl` null (settings not loaded, or not set up yet) turns the watch off. */
export function useLatePaymentWatch(apiUrl: string | null) {
  useEffect(() => {
    if (!apiUrl) return;
    const client = mixpayClientFor(apiUrl);
    let cursor = 0;
    let busy = false;
    const tick = async () => {
      if (busy || !navigator.onLine) return;
      busy = true;
      try {
        const candidates = await chargesToWatch();
        if (!candidates.length) return;
        const charge = candidates[cursor++ % candidates.length];
        // As on the QR screen, a doubtful final answer is believed only when a second read agrees.
        const data = await readConfirmed(
          async () => (await client.paymentResult({ traceId: charge.traceId }, { timeoutMs: 8_000 })).data,
          needsConfirmation,
        );
        const verdict = verifyResult(charge, data);
        if (verdict.kind === 'pending' || verdict.kind === 'auditing') {
          // Paid but still confirming: remember it, which keeps the charge on the watch list.
          await updateCharge(charge.traceId, (c) => (c.latePayment ? c : { ...c, result: snapshotOf(data) }));
          return;
        }
        if (verdict.kind !== 'received' && verdict.kind !== 'mismatch') return;
        await updateCharge(charge.traceId, (c) =>
          // Only a stopped charge becomes a late payment (a reopened or already-flagged one stays).
          (c.status !== 'cancelled' && c.status !== 'expired') || c.latePayment
            ? c
            : {
                ...c,
                status: verdict.kind === 'received' ? 'received' : 'mismatch',
                result: snapshotOf(data),
                mismatches: verdict.kind === 'mismatch' ? verdict.mismatches : undefined,
                latePayment: { seenAt: Date.now(), acknowledged: false },
              },
        );
      } catch (error) {
        // Unknown traces (never opened) and faults: try again on a later round.
        if (!isMixPayError(error)) console.warn('Late-payment check failed', error);
      } finally {
        busy = false;
      }
    };
    const id = setInterval(() => void tick(), LATE_CHECK_EVERY_MS);
    return () => clearInterval(id);
  }, [apiUrl]);
}
