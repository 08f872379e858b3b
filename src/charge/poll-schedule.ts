/**
 * How often a charge wants its result asked, from what MixPay last said and how long it has said
 * it. Pure, so the schedule is unit-tested rather than timed. This is only the charge's wish: the
 * shop-wide scheduler (@/mixpay/scheduler) decides how often the shop can afford it, shares the
 * budget between charges and tabs, and paces every request; what it cannot grant stretches the
 * interval (payment-result-query.ts).
 *
 * The wishes follow when a payment is likely (a time prior):
 *  - nobody has opened the link, or a one-time link's payer has not chosen how to pay: every 4 s
 *    for a minute, then every 6 s: nobody can pay without opening it first, so these polls only
 *    need to notice the scan;
 *  - opened (a payment channel chosen): every 0.75 s for 10 s, when a payment is most likely, then
 *    every 2.5 s until 35 s, then every 7 s (a customer gone quiet);
 *  - money on its way (confirming, paid less, processing, an unknown status): every 3 s; review:
 *    every 5 s;
 *  - a final answer seen once and contradicted by the next read: again in 1 s;
 *  - after faults: exponential back-off from 2 s to 16 s (a 1429 is the scheduler's business:
 *    it pauses briefly and cuts the rate, so the wish does not back off for it).
 */

export type PollPhase = 'not-opened' | 'opened' | 'pending' | 'auditing' | 'unconfirmed';

export const POLL = {
  firstPollAfterMs: 4_000,
  notOpenedMs: 4_000,
  notOpenedLongMs: 6_000,
  notOpenedLongAfterMs: 60_000,
  hotMs: 750,
  hotForMs: 10_000,
  warmMs: 2_500,
  warmUntilMs: 35_000,
  coolMs: 7_000,
  pendingMs: 3_000,
  auditingMs: 5_000,
  unconfirmedMs: 1_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 16_000,
  /**
   * A waiting charge is read at least this often (from its last read, or from its first due
   * moment) whatever pacing the shop's scheduler is owed: the scheduler still keeps its gap (12 s
   * at most at its floor). A shop of ten must leave no charge unasked for 15 s.
   */
  askWithinMs: 12_000,
} as const;

export interface PollState {
  now: number;
  phase: PollPhase;
  /** When the current phase began (ms). */
  phaseSince: number;
  /** Faults in a row that are not rate limiting (network, timeouts, 5xx, unreadable answers). */
  consecutiveFailures: number;
}

/**
 * By when the next read must start (ms): see POLL.askWithinMs. None while backing off a fault:
 * a read after a fault waits its back-off and is paced like any other.
 */
export function askBy(input: {
  lastRequestAt: number | null;
  firstPollAt: number;
  consecutiveFailures: number;
}) {
  if (input.consecutiveFailures > 0) return undefined;
  return (input.lastRequestAt ?? input.firstPollAt) + POLL.askWithinMs;
}

/** The interval this charge would like between two requests (ms). */
export function desiredDelay(state: PollState): number {
  if (state.consecutiveFailures > 0) {
    return Math.min(POLL.backoffMaxMs, POLL.backoffBaseMs * 2 ** (state.consecutiveFailures - 1));
  }
  const inPhase = state.now - state.phaseSince;
  switch (state.phase) {
    case 'not-opened':
      return inPhase < POLL.notOpenedLongAfterMs ? POLL.notOpenedMs : POLL.notOpenedLongMs;
    case 'opened':
      if (inPhase < POLL.hotForMs) return POLL.hotMs;
      return inPhase < POLL.warmUntilMs ? POLL.warmMs : POLL.coolMs;
    case 'pending':
      return POLL.pendingMs;
    case 'auditing':
      return POLL.auditingMs;
    case 'unconfirmed':
      return POLL.unconfirmedMs;
  }
}
