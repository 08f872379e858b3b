import { describe, expect, it } from 'vitest';
import { budgetAllowsAt, nextPollDelay, POLL, type PollState } from './poll-schedule';

const base = (over: Partial<PollState> = {}): PollState => ({
  now: 100_000,
  phase: 'not-opened',
  phaseSince: 90_000,
  consecutiveFailures: 0,
  rateLimitRemaining: 50,
  history: [100_000],
  ...over,
});

/** Runs the schedule for `ms` of simulated time and returns the request times. */
function simulate(ms: number, over: (t: number, n: number) => Partial<PollState> = () => ({})): number[] {
  const history: number[] = [0];
  let now = 0;
  while (now < ms) {
    const delay = nextPollDelay(base({ now, phaseSince: 0, history, ...over(now, history.length) }));
    now += delay;
    if (now < ms) history.push(now);
  }
  return history;
}

describe('poll schedule', () => {
  it('polls gently before the link is opened and fast once it is', () => {
    expect(nextPollDelay(base())).toBe(POLL.notOpenedMs);
    expect(nextPollDelay(base({ phase: 'opened', phaseSince: 99_000 }))).toBe(POLL.hotMs);
    expect(nextPollDelay(base({ phase: 'opened', phaseSince: 0 }))).toBe(POLL.warmMs);
    expect(nextPollDelay(base({ phase: 'pending' }))).toBe(POLL.pendingMs);
    expect(nextPollDelay(base({ phase: 'auditing' }))).toBe(POLL.auditingMs);
  });

  it('counts from the start of the last request, not from now', () => {
    expect(nextPollDelay(base({ now: 101_000 }))).toBe(POLL.notOpenedMs - 1_000);
    expect(nextPollDelay(base({ now: 200_000 }))).toBe(0);
  });

  it('backs off exponentially on failures, capped, and honours retry-after', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => nextPollDelay(base({ consecutiveFailures: n })));
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
    expect(nextPollDelay(base({ consecutiveFailures: 1, retryAfterMs: 30_000 }))).toBe(30_000);
  });

  it('slows down when the shared rate limit runs low', () => {
    expect(nextPollDelay(base({ phase: 'opened', phaseSince: 99_000, rateLimitRemaining: 8 }))).toBe(4_000);
    expect(nextPollDelay(base({ rateLimitRemaining: 2 }))).toBe(10_000);
    expect(nextPollDelay(base({ rateLimitRemaining: null }))).toBe(POLL.notOpenedMs);
  });

  it('never allows more than 40 requests in any 60 s window', () => {
    const history = Array.from({ length: 40 }, (_, i) => 50_000 + i * 100);
    expect(budgetAllowsAt(history, 55_000)).toBe(110_001);
    expect(budgetAllowsAt(history.slice(1), 55_000)).toBe(55_000);
    // Even when always "hot", a simulated 5 minutes stays within budget in every window.
    const times = simulate(300_000, () => ({ phase: 'opened', phaseSince: Number.MAX_SAFE_INTEGER - 1 }));
    for (const t of times) {
      expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(40);
    }
  });

  it('averages at most 30 requests a minute over a long wait', () => {
    // Link opened 10 s in, left unpaid for 15 minutes.
    const times = simulate(15 * 60_000, (t) => (t < 10_000 ? {} : { phase: 'opened', phaseSince: 10_000 }));
    expect(times.length / 15).toBeLessThanOrEqual(30);
  });
});
