/**
 * Watches the charges no screen is polling. Checked one at a time, every 15 s, at the scheduler's
 * 'watch' priority (below a waiting charge's polls and link creation):
 *  - cancelled and expired charges, while MixPay could still accept their payment (the lifecycle
 *    says how long: watchUntilOf), to catch customers who pay after the cashier gave up;
 *  - open charges that no tab of this device is polling (left open in a closed tab, or before a
 *    crash, and not the one brought back on screen), so their payment is not missed.
 * That is at most 4 requests a minute whatever the number of charges. Answers go to the lifecycle
 * like the QR screen's do, so the same rules decide (two agreeing reads, verification), and a
 * verified late payment raises the alert.
 */
import { useEffect } from 'react';
import { applyChargeEvent, chargesToWatch, chargesWithStatus } from '@/journal/journal';
import { isMixPayError } from '@/mixpay/errors';
import { tracesPolledNow } from '@/mixpay/shop-budget';
import { useMixPay } from '@/settings';
import { readPaymentAnswer, readTwiceIfFinal } from './payment-result-query';

export const LATE_CHECK_EVERY_MS = 15_000;
/** An open charge younger than this is left to the screen that made it (it may be coming up). */
const ORPHAN_AFTER_MS = 30_000;

/** Which charge to check on this round (round-robin over what needs watching). */
async function watchList(now: number): Promise<string[]> {
  const [stopped, open, polled] = await Promise.all([
    chargesToWatch(now),
    chargesWithStatus('open'),
    tracesPolledNow(),
  ]);
  const orphans = open.filter((c) => !polled.has(c.traceId) && now - c.createdAt > ORPHAN_AFTER_MS);
  return [...orphans, ...stopped].map((c) => c.traceId);
}

export function LatePaymentWatch() {
  const { client } = useMixPay();
  useEffect(() => {
    let cursor = 0;
    let busy = false;
    const tick = async () => {
      if (busy || !navigator.onLine) return;
      busy = true;
      try {
        const list = await watchList(Date.now());
        if (!list.length) return;
        const traceId = list[cursor++ % list.length];
        const answers = await readTwiceIfFinal(async (urgent) => {
          const at = Date.now();
          return { answer: await readPaymentAnswer(client, traceId, { priority: 'watch', urgent }), at };
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
  }, [client]);
  return null;
}
