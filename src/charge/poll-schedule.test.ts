import { describe, expect, it } from 'vitest';
import { desiredDelay, POLL, type PollPhase } from './poll-schedule';

const at = (phase: PollPhase, inPhaseMs: number, consecutiveFailures = 0) =>
  desiredDelay({ now: 1_000_000 + inPhaseMs, phase, phaseSince: 1_000_000, consecutiveFailures });

describe('poll schedule (a charge’s wish)', () => {
  it.each([
    ['not opened, first minute', 'not-opened', 10_000, POLL.notOpenedMs],
    ['not opened, later', 'not-opened', 90_000, POLL.notOpenedLongMs],
    ['opened, hot', 'opened', 2_000, POLL.hotMs],
    ['opened, warm', 'opened', 20_000, POLL.warmMs],
    ['opened, gone quiet', 'opened', 60_000, POLL.coolMs],
    ['money on its way', 'pending', 100_000, POLL.pendingMs],
    ['under review', 'auditing', 1_000, POLL.auditingMs],
    ['final answer contradicted', 'unconfirmed', 0, POLL.unconfirmedMs],
  ] as const)('%s', (_name, phase, inPhase, expected) => {
    expect(at(phase, inPhase)).toBe(expected);
  });

  it('backs off exponentially on faults, from 2 s to 16 s', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => at('opened', 0, n))).toEqual([2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
  });

  it('averages at most 20 requests a minute over a 2-minute wait on an opened link', () => {
    let t = POLL.firstPollAfterMs;
    let requests = 0;
    // Opened 8 s after the QR went up; never paid.
    while (t < 120_000) {
      requests += 1;
      const phase: PollPhase = t < 8_000 ? 'not-opened' : 'opened';
      t += desiredDelay({ now: t, phase, phaseSince: phase === 'opened' ? 8_000 : 0, consecutiveFailures: 0 });
    }
    expect(requests / 2).toBeLessThanOrEqual(20);
  });
});
