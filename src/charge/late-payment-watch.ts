/**
 * Catches customers who pay after the cashier gave up. Cancelled and expired charges are checked
 * one at a time, every 15 s, while MixPay could still accept their payment (the lifecycle says how
 * long: watchUntilOf). That is at most 4 requests a minute, whatever the number of charges: well
 * inside the shop's 60/min. Answers go to the lifecycle like the QR screen's do, so the same rules
 * decide (two agreeing reads, verification), and a verified payment raises the alert.
 */
import { useEffect } from 'react';
import { applyChargeEvent, chargesToWatch } from '@/journal/journal';
import { isMixPayError } from '@/mixpay/errors';
import { mixpayClientFor } from '@/settings';
import { readPaymentAnswer, readTwiceIfFinal } from './payment-result-query';

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
        const { traceId } = candidates[cursor++ % candidates.length];
        const answers = await readTwiceIfFinal(async () => {
          const at = Date.now();
          return { answer: (await readPaymentAnswer(client, traceId)).answer, at };
        });
        for (const { answer, at } of answers) await applyChargeEvent(traceId, { type: 'answer', answer, at });
      } catch (error) {
        // Faults: try again on a later round.
        if (!isMixPayError(error)) console.warn('Late-payment check failed', error);
      } finally {
        busy = false;
      }
    };
    const id = setInterval(() => void tick(), LATE_CHECK_EVERY_MS);
    return () => clearInterval(id);
  }, [apiUrl]);
}
