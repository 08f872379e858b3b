/**
 * When to ask MixPay for a charge's result next. Pure, so the schedule is unit-tested rather than
 * timed. The aim: notice a payment fast while a customer is actually paying, and stay well inside
 * MixPay's 60 requests/min (shared by every tablet in the shop):
 *
 *  - a charge is first asked about 4 s after its QR went up (a resumed one at once): nobody scans,
 *    opens and pays a QR in less;
 *  - nobody has opened the link yet (unknown trace): every 4 s — nobody can pay before opening it,
 *    so these polls only need to notice the scan;
 *  - the customer has opened it (unpaid): every second for 15 s, when a payment is most likely,
 *    then every 2.5 s (the busiest minute is then 15 + 18 = 33 requests);
 *  - paid, awaiting confirmations: every 3 s; auditing: every 5 s;
 *  - after failures: exponential back-off from 2 s to 16 s, honouring retry-after;
 *  - when MixPay's x-ratelimit-remaining runs low, slower still;
 *  - and never more than 40 requests in any 60 s for one charge (a hard sliding-window cap, which
 *    also covers the second read that confirms a doubtful final answer: payment-result-query.ts).
 */

export type PollPhase = 'not-opened' | 'opened' | 'pending' | 'auditing';

export const POLL = {
  budgetPerMinute: 40,
  firstPollAfterMs: 4_000,
  windowMs: 60_000,
  notOpenedMs: 4_000,
  hotMs: 1_000,
  hotForMs: 15_000,
  warmMs: 2_500,
  pendingMs: 3_000,
  auditingMs: 5_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 16_000,
  lowRemaining: 10,
  veryLowRemaining: 3,
} as const;

export interface PollState {
  now: number;
  phase: PollPhase;
  /** When the current phase began (ms). */
  phaseSince: number;
  consecutiveFailures: number;
  /** From a rate-limited answer's retry-after. */
  retryAfterMs?: number;
  /** x-ratelimit-remaining from the last answer, if any. */
  rateLimitRemaining: number | null;
  /** Start times (ms) of this charge's recent requests, oldest first. */
  history: readonly number[];
}

/** Earliest moment a new request keeps the sliding window at or under the budget. */
export function budgetAllowsAt(history: readonly number[], now: number): number {
  const recent = history.filter((t) => t > now - POLL.windowMs);
  if (recent.length < POLL.budgetPerMinute) return now;
  // The request that must leave the window before another may start.
  return recent[recent.length - POLL.budgetPerMinute] + POLL.windowMs + 1;
}

export function desiredDelay(state: PollState): number {
  if (state.consecutiveFailures > 0) {
    const backoff = Math.min(POLL.backoffMaxMs, POLL.backoffBaseMs * 2 ** (state.consecutiveFailures - 1));
    return Math.max(backoff, state.retryAfterMs ?? 0);
  }
  let delay: number;
  switch (state.phase) {
    case 'not-opened':
      delay = POLL.notOpenedMs;
      break;
    case 'opened':
      delay = state.now - state.phaseSince < POLL.hotForMs ? POLL.hotMs : POLL.warmMs;
      break;
    case 'pending':
      delay = POLL.pendingMs;
      break;
    case 'auditing':
      delay = POLL.auditingMs;
      break;
  }
  const remaining = state.rateLimitRemaining;
  if (remaining !== null && remaining <= POLL.veryLowRemaining) delay = Math.max(delay, 10_000);
  else if (remaining !== null && remaining <= POLL.lowRemaining) delay = Math.max(delay * 2, 4_000);
  return delay;
}

/** Milliseconds from `now` until the next poll (measured from the last request's start). */
export function nextPollDelay(state: PollState): number {
  const last = state.history.at(-1) ?? state.now;
  const at = Math.max(last + desiredDelay(state), budgetAllowsAt(state.history, state.now));
  return Math.max(0, at - state.now);
}
