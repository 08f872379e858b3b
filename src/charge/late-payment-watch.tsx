/**
 * Watches the charges no screen is polling. Checked one at a time, every 15 s, at the scheduler's
 * 'watch' priority (below a waiting charge's polls and link creation):
 *  - cancelled and expired charges, while MixPay could still accept their payment (the lifecycle
 *    says how long: watchUntilOf), to catch customers who pay after the cashier gave up;
 *  - open charges that no tab of this device is polling (left open in a closed tab, or before a
 *    crash, and not the one brought back on screen), so their payment is not missed;
 *  - with a shop ledger: another till's open charge whose till is gone past the charge's deadline
 *    (its card not seen since before it: tillGoneForCharge), re-checked by traceId so a sale on a
 *    till that broke or was closed is still settled. Other tills' charges are otherwise theirs.
 * That is at most 4 requests a minute whatever the number of charges. Answers go to the lifecycle
 * like the QR screen's do, so the same rules decide (two agreeing reads, verification), and a
 * verified late payment raises the alert.
 */
import { useEffect } from 'react';
import { applyChargeEvent, chargesToWatch, chargesWithStatus, type ChargeRecord } from '@/journal/journal';
import { isOwnCharge, tillGoneForCharge } from '@/lifecycle/tills';
import { isMixPayError } from '@/mixpay/errors';
import { tracesPolledNow } from '@/mixpay/trace-locks';
import { useMixPay } from '@/settings';
import { readPaymentAnswer, readTwiceIfFinal } from './payment-result-query';

export const LATE_CHECK_EVERY_MS = 15_000;
/** An open charge younger than this is left to the screen that made it (it may be coming up). */
const ORPHAN_AFTER_MS = 30_000;

/** When each till of the shop was last heard of (its card on the ledger), by till id; null: unknown. */
export type TillsLastSeen = () => Promise<Map<string, number> | null>;

/** Which charges to check on this round (round-robin over what needs watching). */
export async function watchList(
  now: number,
  tillId: string | undefined,
  lastSeen: TillsLastSeen | undefined,
): Promise<string[]> {
  const [stopped, open, polled] = await Promise.all([
    chargesToWatch(now),
    chargesWithStatus('open'),
    tracesPolledNow(),
  ]);
  const mine = (c: ChargeRecord) => isOwnCharge(c, tillId);
  const orphans = open.filter(
    (c) => mine(c) && !polled.has(c.traceId) && now - c.createdAt > ORPHAN_AFTER_MS,
  );
  const others = lastSeen ? open.filter((c) => !mine(c) && !polled.has(c.traceId)) : [];
  let abandoned: ChargeRecord[] = [];
  if (others.some((c) => now > c.expiredTimestamp * 1000)) {
    const seen = await lastSeen!();
    if (seen) abandoned = others.filter((c) => tillGoneForCharge(c, seen.get(c.tillId!), now));
  }
  return [...orphans, ...abandoned, ...stopped.filter(mine)].map((c) => c.traceId);
}

/**
 * `tillsLastSeen`: given with a shop ledger (the app shell's, loaded with it), so other tills' open
 * charges are re-checked when their till is gone past the deadline.
 */
export function LatePaymentWatch({
  tillId,
  tillsLastSeen,
}: {
  tillId?: string;
  tillsLastSeen?: TillsLastSeen;
}) {
  const { client } = useMixPay();
  useEffect(() => {
    let cursor = 0;
    let busy = false;
    const tick = async () => {
      if (busy || !navigator.onLine) return;
      busy = true;
      try {
        const list = await watchList(Date.now(), tillId, tillsLastSeen);
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
  }, [client, tillId, tillsLastSeen]);
  return null;
}
