import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MixPayResponse } from './client';
import { MixPayError } from './errors';
import {
  allocatePollIntervals,
  createRequestScheduler,
  createShopRateEstimator,
  observationFromError,
  pollIntervalMs,
  rateLimitedPauseMs,
  type RequestPriority,
  type RequestSchedulerOptions,
  type SchedulerTuning,
} from './scheduler';
import { createFakeClock, seededRandom, simulateShop, type LimiterKind } from './scheduler-sim.test-support';

function setup(options: Omit<RequestSchedulerOptions, 'clock' | 'random'> = {}, seed = 7) {
  const clock = createFakeClock(1_000_000);
  // Most tests' tasks answer without rate-limit headers: do not read that as a quiet window.
  const scheduler = createRequestScheduler({
    ...options,
    tuning: { roomBeforeFirstAnswer: false, ...options.tuning },
    clock,
    random: seededRandom(seed),
  });
  return { clock, scheduler };
}

const tuning = (t: Partial<SchedulerTuning>) => ({ tuning: t });

function answer(remaining: number, limit = 60): MixPayResponse<null> {
  return { data: null, rateLimit: { limit, remaining }, timestampMs: null };
}

/** The shop's window as this tab hears it: `used` at each moment, from answers to others' requests. */
async function hear(
  clock: ReturnType<typeof createFakeClock>,
  scheduler: ReturnType<typeof setup>['scheduler'],
  used: (t: number) => number,
  from: number,
  to: number,
) {
  for (let t = from; t <= to; t += 2_000) {
    await clock.runUntil(clock.now() + (t === from ? 0 : 2_000));
    scheduler.observe({ kind: 'answer', limit: 60, remaining: 60 - used(t) });
  }
}

function rateLimited(retryAfterMs?: number) {
  return new MixPayError('rate-limited', 'GET /payments_result: rate limited', {
    status: 429,
    code: 1429,
    retryAfterMs,
    rateLimitRemaining: 0,
  });
}

describe('priorities', () => {
  it('starts queued tasks poll > create > watch > list, FIFO within one', async () => {
    const { clock, scheduler } = setup();
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      return name;
    };
    // The first task takes the gate; the rest queue behind the pacing.
    const all = [scheduler.run('list', task('list-0'))];
    const queued: [RequestPriority, string][] = [
      ['list', 'list-1'],
      ['watch', 'watch-1'],
      ['create', 'create-1'],
      ['poll', 'poll-1'],
      ['list', 'list-2'],
      ['poll', 'poll-2'],
      ['create', 'create-2'],
      ['watch', 'watch-2'],
    ];
    for (const [priority, name] of queued) all.push(scheduler.run(priority, task(name)));
    expect(scheduler.snapshot().queued).toEqual({ poll: 2, create: 2, watch: 2, list: 2 });
    await clock.advance(5 * 60_000);
    await Promise.all(all);
    expect(order).toEqual([
      'list-0',
      'poll-1',
      'poll-2',
      'create-1',
      'create-2',
      'watch-1',
      'watch-2',
      'list-1',
      'list-2',
    ]);
  });

  it('starts an urgent task without waiting for the pacing gap, ahead of its queue', async () => {
    const { clock, scheduler } = setup();
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      return name;
    };
    const first = scheduler.run('poll', task('first'));
    await clock.advance(0);
    const paced = scheduler.run('poll', task('paced'));
    const urgent = scheduler.run('poll', task('urgent'), { urgent: true });
    await clock.advance(0);
    expect(order).toEqual(['first', 'urgent']);
    await clock.advance(60_000);
    await Promise.all([first, paced, urgent]);
    expect(order).toEqual(['first', 'urgent', 'paced']);
  });

  it('keeps that order for any mix of queued tasks (property)', async () => {
    const rank: Record<RequestPriority, number> = { poll: 0, create: 1, watch: 2, list: 3 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<RequestPriority>('poll', 'create', 'watch', 'list'), {
          minLength: 1,
          maxLength: 12,
        }),
        async (priorities) => {
          const { clock, scheduler } = setup();
          const order: number[] = [];
          const first = scheduler.run('list', async () => undefined);
          const all = priorities.map((p, i) =>
            scheduler.run(p, async () => {
              order.push(i);
            }),
          );
          await clock.advance(10 * 60_000);
          await Promise.all([first, ...all]);
          const expected = priorities
            .map((_, i) => i)
            .sort((a, b) => rank[priorities[a]] - rank[priorities[b]] || a - b);
          expect(order).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never lets lower priorities starve a poll, even while they keep coming', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30 }));
    const started: string[] = [];
    const keepListing = async (): Promise<void> => {
      started.push('list');
      void scheduler.run('list', keepListing);
    };
    void scheduler.run('list', keepListing);
    void scheduler.run('list', keepListing);
    await clock.advance(10_000);
    const pollQueuedAt = clock.now();
    let pollStartedAt = 0;
    const poll = scheduler.run('poll', async () => {
      pollStartedAt = clock.now();
    });
    await clock.advance(10_000);
    await poll;
    // It started at the next opening of the gate (one gap at 30/min ± jitter), ahead of every list.
    expect(pollStartedAt - pollQueuedAt).toBeLessThanOrEqual(2_200);
  });

  it('a list waits while polls are queued under a 1429 pause', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30 }));
    const order: string[] = [];
    await expect(
      scheduler.run('poll', async () => {
        throw rateLimited(40_000);
      }),
    ).rejects.toBeInstanceOf(MixPayError);
    expect(scheduler.pressure().reasons).toContain('paused');
    const list = scheduler.run('list', async () => order.push('list'));
    const polls = [1, 2, 3].map((n) => scheduler.run('poll', async () => order.push(`poll-${n}`)));
    await clock.advance(60_000);
    await Promise.all([list, ...polls]);
    expect(order).toEqual(['poll-1', 'poll-2', 'poll-3', 'list']);
  });
});

describe('urgent requests', () => {
  it('do not wait behind a paced poll of a higher priority', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    const order: string[] = [];
    await scheduler.run('poll', async () => order.push('first'));
    const at = clock.now();
    // The next poll waits its gap (10 s); the cashier's new link must not wait with it.
    const paced = scheduler.run('poll', async () => order.push(`poll ${clock.now() - at}`));
    await clock.advance(100);
    await scheduler.run('create', async () => order.push(`link ${clock.now() - at}`), { urgent: true });
    await clock.advance(30_000);
    await paced;
    expect(order[1]).toBe('link 100');
    expect(order[2]).toMatch(/^poll \d+$/);
  });
});

describe('cancelling', () => {
  it('removes a queued task without spending budget', async () => {
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    await scheduler.run('list', async () => starts.push(clock.now()));
    const controller = new AbortController();
    let cancelledRan = false;
    const cancelled = scheduler.run(
      'poll',
      async () => {
        cancelledRan = true;
      },
      { signal: controller.signal },
    );
    const next = scheduler.run('watch', async () => starts.push(clock.now()));
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(scheduler.snapshot().queued.poll).toBe(0);
    await clock.advance(15_000);
    await next;
    expect(cancelledRan).toBe(false);
    // The next task took the very next gate (one gap at 6/min ± 10 %), not one gap later.
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(9_000);
    expect(starts[1] - starts[0]).toBeLessThanOrEqual(11_000);
    expect(scheduler.snapshot().windowStarts).toBe(2);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { scheduler } = setup();
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    await expect(
      scheduler.run(
        'poll',
        async () => {
          ran = true;
        },
        { signal: controller.signal },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(false);
    expect(scheduler.snapshot().windowStarts).toBe(0);
  });
});

describe('AIMD', () => {
  /** A quiet shop: `used` requests in the window, steady, answered every `everyMs` for `forMs`. */
  async function quietAnswers(
    s: ReturnType<typeof setup>,
    {
      used,
      everyMs,
      forMs,
      wanted = true,
    }: { used: number; everyMs: number; forMs: number; wanted?: boolean },
  ) {
    for (let t = 0; t < forMs; t += everyMs) {
      if (wanted) s.scheduler.pollIntervals([1_000]); // a charge wants more than the rate gives
      s.scheduler.observe({ kind: 'answer', limit: 60, remaining: 60 - used });
      await s.clock.advance(everyMs);
    }
  }

  it('increases while remaining is high and there was no 1429, up to the ceiling', async () => {
    const s = setup();
    expect(s.scheduler.snapshot().ratePerMinute).toBe(6);
    await quietAnswers(s, { used: 3, everyMs: 2_000, forMs: 30_000 });
    const after30s = s.scheduler.snapshot().ratePerMinute;
    expect(after30s).toBeGreaterThan(15);
    await quietAnswers(s, { used: 3, everyMs: 1_000, forMs: 10 * 60_000 });
    expect(s.scheduler.snapshot().ratePerMinute).toBeLessThanOrEqual(60);
    expect(s.scheduler.snapshot().ratePerMinute).toBeGreaterThan(50);
  });

  it('does not creep up while nothing needs the rate', async () => {
    const s = setup();
    await quietAnswers(s, { used: 3, everyMs: 2_000, forMs: 60_000, wanted: false });
    expect(s.scheduler.snapshot().ratePerMinute).toBe(6);
  });

  it('halves on a 1429, once per burst', async () => {
    const s = setup(tuning({ initialPerMinute: 40 }));
    s.scheduler.observe({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(s.scheduler.snapshot().ratePerMinute).toBe(20);
    // More 1429s from requests that were already in flight: the same congestion, one cut.
    s.scheduler.observe({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(s.scheduler.snapshot().ratePerMinute).toBe(20);
    await s.clock.advance(3_000);
    s.scheduler.observe({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(s.scheduler.snapshot().ratePerMinute).toBe(10);
  });

  it('halves when remaining is down to the last request', async () => {
    const s = setup(tuning({ initialPerMinute: 40 }));
    s.scheduler.observe({ kind: 'answer', limit: 60, remaining: 1 });
    expect(s.scheduler.snapshot().ratePerMinute).toBe(20);
  });

  it('cuts when the shop as a whole goes faster than its aim, before the window is full', async () => {
    const s = setup(tuning({ initialPerMinute: 30 }));
    // The window fills at 150/min (others' requests), still far from full.
    for (let used = 10; used <= 40; used += 5) {
      s.scheduler.observe({ kind: 'answer', limit: 60, remaining: 60 - used });
      await s.clock.advance(2_000);
    }
    const rate = s.scheduler.snapshot().ratePerMinute;
    expect(rate).toBeLessThan(30);
    expect(s.scheduler.snapshot().shopRate).toBeGreaterThan(100);
  });

  it('does not cut for the burst of a shop that has just opened, while its window would hold that pace', async () => {
    // Six tablets opening: links and first polls at 60/min over the first seconds, the window at 11.
    const opening = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    await hear(opening.clock, opening.scheduler, (t) => 1 + t / 1_000, 0, 10_000);
    expect(opening.scheduler.snapshot().shopRate).toBeGreaterThan(55.2);
    expect(opening.scheduler.snapshot().ratePerMinute).toBe(6);
    // The same pace in a window already holding 40: it would pass the aim within seconds.
    const busy = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    await hear(busy.clock, busy.scheduler, (t) => 40 + t / 1_000, 0, 10_000);
    expect(busy.scheduler.snapshot().ratePerMinute).toBeLessThan(6);
  });

  it('never drops below the floor, never exceeds the ceiling (property)', async () => {
    const observation = fc.oneof(
      fc.record({
        kind: fc.constant('answer' as const),
        limit: fc.constant(60),
        remaining: fc.integer({ min: 0, max: 60 }),
      }),
      fc.record({
        kind: fc.constant('rate-limited' as const),
        retryAfterMs: fc.integer({ min: 0, max: 120_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(observation, fc.integer({ min: 0, max: 20_000 })), { maxLength: 60 }),
        async (steps) => {
          const s = setup({ floorPerMinute: 2, ceilingPerMinute: 60 });
          for (const [obs, wait] of steps) {
            s.scheduler.pollIntervals([1_000]);
            s.scheduler.observe(obs);
            await s.clock.advance(wait);
            const { ratePerMinute } = s.scheduler.snapshot();
            expect(ratePerMinute).toBeGreaterThanOrEqual(2);
            expect(ratePerMinute).toBeLessThanOrEqual(60);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a resolved answer and a thrown MixPayError by itself', async () => {
    const s = setup(tuning({ initialPerMinute: 40 }));
    await s.scheduler.run('poll', async () => answer(37));
    expect(s.scheduler.snapshot().remaining).toBe(37);
    await s.clock.advance(5_000);
    await expect(
      s.scheduler.run('poll', async () => {
        throw rateLimited(40_000);
      }),
    ).rejects.toBeInstanceOf(MixPayError);
    const snap = s.scheduler.snapshot();
    expect(snap.ratePerMinute).toBe(20);
    expect(snap.last1429At).toBe(s.clock.now());
    expect(observationFromError(new DOMException('x', 'AbortError'))).toBeNull();
    expect(observationFromError(new MixPayError('network', 'x'))).toEqual({ kind: 'no-answer' });
  });
});

describe('caps', () => {
  it('caps a 120 s retry-after to a short jittered pause', async () => {
    const s = setup(tuning({ initialPerMinute: 30 }));
    const starts: number[] = [];
    await expect(
      s.scheduler.run('poll', async () => {
        starts.push(s.clock.now());
        throw rateLimited(120_000);
      }),
    ).rejects.toBeInstanceOf(MixPayError);
    const failedAt = s.clock.now();
    const pausedUntil = s.scheduler.snapshot().pausedUntil ?? failedAt;
    expect(pausedUntil - failedAt).toBeGreaterThanOrEqual(1_500);
    expect(pausedUntil - failedAt).toBeLessThanOrEqual(2_500);
    const next = s.scheduler.run('poll', async () => starts.push(s.clock.now()));
    await s.clock.advance(120_000);
    await next;
    // Not 120 s: one gap at the halved rate (15/min ± jitter).
    expect(starts[1] - failedAt).toBeLessThanOrEqual(4_500);
  });

  it('bounds the pause by retry-after, the window, the oldest request in it, and pauseMaxMs', () => {
    const base = { now: 100_000, windowMs: 60_000, pauseBaseMs: 2_000, random: () => 0.5 };
    // A long run of 1429s with a generous maximum: the oldest request leaves the window first.
    expect(
      rateLimitedPauseMs({
        ...base,
        retryAfterMs: 120_000,
        consecutive: 12,
        oldestStartInWindow: 50_000,
        pauseMaxMs: 999_000,
      }),
    ).toBe(10_000);
    expect(
      rateLimitedPauseMs({
        ...base,
        retryAfterMs: 120_000,
        consecutive: 12,
        oldestStartInWindow: null,
        pauseMaxMs: 999_000,
      }),
    ).toBe(60_000);
    expect(
      rateLimitedPauseMs({
        ...base,
        retryAfterMs: 1_000,
        consecutive: 3,
        oldestStartInWindow: null,
        pauseMaxMs: 8_000,
      }),
    ).toBe(1_000);
    expect(
      rateLimitedPauseMs({
        ...base,
        retryAfterMs: undefined,
        consecutive: 3,
        oldestStartInWindow: null,
        pauseMaxMs: 8_000,
      }),
    ).toBe(8_000);
    // Jitter: 0.75–1.25 × the back-off.
    expect(
      rateLimitedPauseMs({
        ...base,
        random: () => 0,
        retryAfterMs: 40_000,
        consecutive: 1,
        oldestStartInWindow: null,
        pauseMaxMs: 8_000,
      }),
    ).toBe(1_500);
    expect(
      rateLimitedPauseMs({
        ...base,
        random: () => 0.999_999,
        retryAfterMs: 40_000,
        consecutive: 1,
        oldestStartInWindow: null,
        pauseMaxMs: 8_000,
      }),
    ).toBeCloseTo(2_500, 0);
  });

  it('never starts more than limitPerMinute in any 60 s window, whatever it is told (property)', async () => {
    const command = fc.oneof(
      fc.record({
        type: fc.constant('run' as const),
        priority: fc.constantFrom<RequestPriority>('poll', 'create', 'watch', 'list'),
        n: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 30_000 }) }),
      fc.record({ type: fc.constant('answer' as const), remaining: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ type: fc.constant('external' as const), ago: fc.integer({ min: 0, max: 5_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), fc.integer(), async (commands, seed) => {
        const clock = createFakeClock(0);
        const limit = 10;
        const scheduler = createRequestScheduler({
          clock,
          random: seededRandom(seed),
          limitPerMinute: limit,
          tuning: { initialPerMinute: limit, jitter: 0.1 },
        });
        const starts: number[] = [];
        const pending: Promise<unknown>[] = [];
        for (const c of commands) {
          if (c.type === 'run') {
            for (let i = 0; i < c.n; i++)
              pending.push(scheduler.run(c.priority, async () => starts.push(clock.now())));
          } else if (c.type === 'wait') await clock.advance(c.ms);
          else if (c.type === 'answer') {
            scheduler.pollIntervals([1_000]);
            scheduler.observe({ kind: 'answer', limit: 60, remaining: c.remaining });
          } else if (starts.length < 3) {
            // Another tab's start (sparse, so the origin as a whole can keep the cap).
            const at = Math.max(0, clock.now() - c.ago);
            starts.push(at);
            scheduler.recordExternal({ type: 'start', at });
          }
        }
        await clock.advance(30 * 60_000);
        await Promise.all(pending);
        const sorted = [...starts].sort((a, b) => a - b);
        for (const end of sorted) {
          const inWindow = sorted.filter((t) => t > end - 60_000 && t <= end).length;
          expect(inWindow).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('honest pacing', () => {
  it('pays an urgent start back: the next paced one waits for it, at most one gap more', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 12, jitter: 0 }));
    const starts: number[] = [];
    const task = async () => {
      starts.push(clock.now());
    };
    await scheduler.run('poll', task);
    const first = starts[0];
    // A cashier's new link goes at once, 1 s after the last poll...
    await clock.advance(1_000);
    await scheduler.run('create', task, { urgent: true });
    // ...and the next poll waits its own gap (5 s) plus what the link took early (4 s).
    const next = scheduler.run('poll', task);
    await clock.advance(20_000);
    await next;
    expect(starts[1] - first).toBe(1_000);
    expect(starts[2] - starts[1]).toBe(9_000);
    // Debt is capped at one gap, however many urgent starts come in a row.
    for (let i = 0; i < 5; i++) await scheduler.run('create', task, { urgent: true });
    const last = starts.at(-1) as number;
    const after = scheduler.run('poll', task);
    await clock.advance(30_000);
    await after;
    expect((starts.at(-1) as number) - last).toBe(10_000);
  });

  it('never holds a due poll past its dueBy for debt, but keeps the gap and pays the debt later', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    const starts: number[] = [];
    const task = async () => {
      starts.push(clock.now());
    };
    // A till asks its list, then a cashier's link goes 1 s later: it owes 9 s (gap 10 s).
    await scheduler.run('list', task);
    await clock.advance(1_000);
    await scheduler.run('create', task, { urgent: true });
    const link = starts[1];
    // The charge's first poll is due by 12 s after the link: not at 19 s (gap + debt).
    const first = scheduler.run('poll', task, { dueBy: link + 12_000 });
    await clock.advance(30_000);
    await first;
    expect(starts[2] - link).toBe(12_000);
    // A dueBy sooner than the gap does not shorten the gap.
    const second = scheduler.run('poll', task, { dueBy: starts[2] + 3_000 });
    await clock.advance(30_000);
    await second;
    expect(starts[3] - starts[2]).toBeGreaterThanOrEqual(10_000);
    // What the poll did not pay is still owed: a list after it waits a gap and more.
    const list = scheduler.run('list', task);
    await clock.advance(60_000);
    await list;
    expect(starts[4] - starts[3]).toBeGreaterThan(10_000);
  });

  it('does not pace a lone till (its answers show only its own requests), even in a fuller window', async () => {
    for (const others of [0, 10]) {
      const { clock, scheduler } = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
      const starts: number[] = [];
      // MixPay's window holds this till's requests, plus `others` from another till.
      const task = async () => {
        starts.push(clock.now());
        return answer(60 - others - starts.length);
      };
      for (let i = 0; i < 30; i++) {
        const asked = clock.now();
        const poll = scheduler.run('poll', task);
        while (starts.length <= i) await clock.advance(100);
        await poll;
        expect(starts[i]).toBeGreaterThanOrEqual(asked);
        await clock.advance(500);
      }
      // The last polls came with the window under 70 % free: at once when alone, paced when not.
      const gaps = starts.slice(25).map((t, k) => t - starts[24 + k]);
      if (others === 0) expect(Math.max(...gaps)).toBe(500);
      else expect(Math.min(...gaps)).toBeGreaterThan(2_000);
    }
  });

  it('skips the pacing and owes nothing while the window is mostly empty (a lone till)', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 12, jitter: 0 }));
    const starts: number[] = [];
    const task = (remaining: number) => async () => {
      starts.push(clock.now());
      return answer(remaining);
    };
    await scheduler.run('poll', task(55));
    await clock.advance(1_000);
    await scheduler.run('create', task(54), { urgent: true });
    // 54 of 60 left: the next poll goes when the charge wants it, not a gap (5 s) later.
    await scheduler.run('poll', task(53));
    expect(starts[2] - starts[1]).toBe(0);
    // A busier window (30 left): paced again (a gap at least; the burst may also cut the rate).
    await scheduler.run('poll', task(30));
    const next = scheduler.run('poll', task(30));
    await clock.advance(30_000);
    await next;
    expect(starts[4] - starts[3]).toBeGreaterThanOrEqual(5_000);
  });
});

describe('eager polls', () => {
  it('skip the pacing while the window has clear room, owing nothing; are paced when it has not', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    const starts: number[] = [];
    const poll = () =>
      scheduler.run(
        'poll',
        async () => {
          starts.push(clock.now());
          return answer(30);
        },
        { eager: true },
      );
    await poll();
    await clock.advance(750);
    await poll();
    await clock.advance(750);
    await poll();
    // Room (30 left): every 750 ms, not every 10 s.
    expect(starts[1] - starts[0]).toBe(750);
    expect(starts[2] - starts[1]).toBe(750);
    // A plain poll next is paced from the last start, with no debt for the eager ones.
    const plain = scheduler.run('poll', async () => {
      starts.push(clock.now());
      return answer(30);
    });
    await clock.advance(20_000);
    await plain;
    expect(starts[3] - starts[2]).toBe(10_000);

    // The window nearly full (5 left, under the reserve): an eager poll waits its gap.
    const tight = setup(tuning({ initialPerMinute: 6, jitter: 0 }));
    const times: number[] = [];
    const tightPoll = () =>
      tight.scheduler.run(
        'poll',
        async () => {
          times.push(tight.clock.now());
          return answer(5);
        },
        { eager: true },
      );
    await tightPoll();
    const second = tightPoll();
    await tight.clock.advance(20_000);
    await second;
    expect(times[1] - times[0]).toBe(10_000);
  });
});

/** An optional list request, queued now; when it started (null until then). */
function runOptional(
  clock: ReturnType<typeof createFakeClock>,
  scheduler: ReturnType<typeof setup>['scheduler'],
) {
  let started: number | null = null;
  const done = scheduler.run(
    'list',
    async () => {
      started = clock.now();
      return null;
    },
    { optional: true },
  );
  return { done, startedAt: () => started };
}

describe('optional requests', () => {
  it('wait for lasting room in the window, without telling the cashier the shop is short', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30, jitter: 0 }));
    // A shop spending 50 a minute for over a minute: 10 left.
    await hear(clock, scheduler, () => 50, 0, 70_000);
    const estimate = runOptional(clock, scheduler);
    await clock.advance(20_000);
    expect(estimate.startedAt()).toBeNull();
    expect(scheduler.pressure().reasons).not.toContain('queue-waiting');
    // The shop goes quiet: over the next minute what it held leaves, and the window empties to 10.
    const quietFrom = clock.now();
    await hear(
      clock,
      scheduler,
      (t) => Math.max(10, Math.round(50 - ((t - quietFrom) * 40) / 60_000)),
      quietFrom,
      quietFrom + 70_000,
    );
    await estimate.done;
    expect(estimate.startedAt()).not.toBeNull();
    expect(estimate.startedAt()!).toBeGreaterThan(quietFrom);
  });

  it('are dropped, never sent, when their signal aborts while they wait', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30, jitter: 0 }));
    await hear(clock, scheduler, () => 50, 0, 70_000);
    const controller = new AbortController();
    let sent = false;
    const estimate = scheduler.run(
      'list',
      async () => {
        sent = true;
        return null;
      },
      { optional: true, signal: controller.signal },
    );
    await clock.advance(5_000);
    controller.abort();
    await expect(estimate).rejects.toMatchObject({ name: 'AbortError' });
    await clock.advance(60_000);
    expect(sent).toBe(false);
  });

  it('a plain list request in the same busy shop is only paced', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30, jitter: 0 }));
    await hear(clock, scheduler, () => 50, 0, 70_000);
    const from = clock.now();
    let started: number | null = null;
    const list = scheduler.run('list', async () => {
      started = clock.now();
      return null;
    });
    await clock.advance(5_000);
    await list;
    expect(started! - from).toBeLessThanOrEqual(2_000);
  });

  it('with nothing heard yet, wait a while: the till may be one of ten opening together', async () => {
    const { clock, scheduler } = setup(tuning({ jitter: 0 }));
    const from = clock.now();
    const estimate = runOptional(clock, scheduler);
    await clock.advance(9_000);
    expect(estimate.startedAt()).toBeNull();
    await clock.advance(2_000);
    await estimate.done;
    expect(estimate.startedAt()! - from).toBe(10_000);
  });

  it('a lone till (its answers show no one else in the window) sends them after a few seconds', async () => {
    const { clock, scheduler } = setup(tuning({ jitter: 0 }));
    const estimate = runOptional(clock, scheduler);
    const from = clock.now();
    // Answers to nobody's requests but this till's: the window is empty.
    await hear(clock, scheduler, () => 0, 0, 4_000);
    expect(estimate.startedAt()).toBeNull();
    await hear(clock, scheduler, () => 0, 6_000, 8_000);
    await estimate.done;
    expect(estimate.startedAt()! - from).toBeGreaterThanOrEqual(5_000);
    expect(estimate.startedAt()! - from).toBeLessThanOrEqual(8_000);
  });

  it('with others in the window, wait until the shop has been watched for 15 s, room or not', async () => {
    const { clock, scheduler } = setup(tuning({ jitter: 0 }));
    const estimate = runOptional(clock, scheduler);
    const from = clock.now();
    // Another till has made 5 requests: plenty of room, but ten tills opening look like this too.
    await hear(clock, scheduler, () => 5, 0, 12_000);
    expect(estimate.startedAt()).toBeNull();
    await hear(clock, scheduler, () => 5, 14_000, 20_000);
    await estimate.done;
    expect(estimate.startedAt()! - from).toBeGreaterThanOrEqual(15_000);
    expect(estimate.startedAt()! - from).toBeLessThanOrEqual(18_000);
  });

  it('an idle till whose last answer is over a window old sends them (nothing else would ask)', async () => {
    const { clock, scheduler } = setup(tuning({ jitter: 0 }));
    // A busy shop heard a while ago, then nothing for over a minute.
    await hear(clock, scheduler, () => 50, 0, 20_000);
    await clock.advance(61_000);
    const from = clock.now();
    const refresh = runOptional(clock, scheduler);
    await clock.advance(1_000);
    await refresh.done;
    expect(refresh.startedAt()).toBe(from);
  });

  it('a plain list request asked while an optional one is held goes first, only paced', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30, jitter: 0 }));
    await hear(clock, scheduler, () => 50, 0, 70_000);
    const order: string[] = [];
    const controller = new AbortController();
    const estimate = scheduler.run(
      'list',
      async () => {
        order.push('estimate');
        return null;
      },
      { optional: true, signal: controller.signal },
    );
    await clock.advance(3_000);
    const from = clock.now();
    let started: number | null = null;
    const list = scheduler.run('list', async () => {
      started = clock.now();
      order.push('list');
      return null;
    });
    await clock.advance(5_000);
    await list;
    expect(started! - from).toBeLessThanOrEqual(2_000);
    // The estimate is still held (the shop is busy) and never went ahead of the list.
    expect(order).toEqual(['list']);
    controller.abort();
    await expect(estimate).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('jitter', () => {
  it('spreads the gaps between starts by at most ±10 %, never all alike', async () => {
    const { clock, scheduler } = setup(tuning({ initialPerMinute: 30 }));
    const starts: number[] = [];
    const all = Array.from({ length: 25 }, () => scheduler.run('list', async () => starts.push(clock.now())));
    await clock.advance(5 * 60_000);
    await Promise.all(all);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1_800);
      expect(gap).toBeLessThanOrEqual(2_200);
    }
    expect(new Set(gaps.map((g) => Math.round(g))).size).toBeGreaterThan(10);
  });
});

describe('poll intervals', () => {
  it('lets one tablet with one charge poll about every second', () => {
    expect(pollIntervalMs(1_000, 60, 1)).toBe(1_112);
    expect(pollIntervalMs(1_000, 60, 1, { pollShare: 1 })).toBe(1_000);
  });

  it('spreads the device share over its charges', () => {
    // 30/min for three charges that each want 1 s: 10/min each.
    expect(pollIntervalMs(1_000, 30, 3, { pollShare: 1 })).toBe(6_000);
    // Never faster than wanted.
    expect(pollIntervalMs(4_000, 60, 1)).toBe(4_000);
  });

  it('gives a charge that wants less what it wants and the rest to the hungry ones', () => {
    // 30/min: a link nobody opened (every 4 s = 15/min) and a customer paying (every second).
    expect(allocatePollIntervals([1_000, 4_000], 30, { pollShare: 1 })).toEqual([4_000, 4_000]);
    expect(allocatePollIntervals([1_000, 4_000], 60, { pollShare: 1 })).toEqual([1_334, 4_000]);
    expect(allocatePollIntervals([1_000, 1_000, 10_000], 21, { pollShare: 1 })).toEqual([
      8_000, 8_000, 10_000,
    ]);
  });

  it('keeps the total within the share (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 500, max: 20_000 }), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 2, max: 60, noNaN: true }),
        (desired, rate) => {
          const intervals = allocatePollIntervals(desired, rate, { pollShare: 0.9 });
          const total = intervals.reduce((sum, ms) => sum + 60_000 / ms, 0);
          expect(total).toBeLessThanOrEqual(rate * 0.9 + 1e-6);
          intervals.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(desired[i]));
        },
      ),
    );
  });
});

describe('pressure', () => {
  it('is off in a quiet shop', async () => {
    const s = setup();
    s.scheduler.observe({ kind: 'answer', limit: 60, remaining: 50 });
    expect(s.scheduler.pressure()).toEqual({ short: false, reasons: [] });
  });

  it('says so after a 1429, while remaining is low, while polls are stretched, while a task waits', async () => {
    const s = setup();
    s.scheduler.observe({ kind: 'rate-limited', retryAfterMs: 40_000 });
    expect(s.scheduler.pressure().reasons).toEqual(expect.arrayContaining(['rate-limited', 'paused']));
    await s.clock.advance(31_000);
    expect(s.scheduler.pressure().short).toBe(false);

    s.scheduler.observe({ kind: 'answer', limit: 60, remaining: 3 });
    expect(s.scheduler.pressure().reasons).toContain('low-remaining');
    await s.clock.advance(31_000);

    s.scheduler.pollIntervals([1_000, 1_000]);
    expect(s.scheduler.pressure().reasons).toContain('polls-stretched');
    await s.clock.advance(31_000);
    expect(s.scheduler.pressure().short).toBe(false);

    void s.scheduler.run('poll', async () => undefined);
    const waiting = s.scheduler.run('poll', async () => undefined);
    await s.clock.advance(4_000);
    expect(s.scheduler.pressure().reasons).toContain('queue-waiting');
    await s.clock.advance(20_000);
    await waiting;
    expect(s.scheduler.snapshot().pressure.short).toBe(false);
  });
});

describe('shop rate estimator', () => {
  const W = 60_000;
  /** U(t) of a sliding window over the given arrival times. */
  const slidingUsed = (arrivals: number[], t: number) => arrivals.filter((a) => a > t - W && a <= t).length;

  it('sees a change of rate within seconds, while the window takes a minute', () => {
    const estimator = createShopRateEstimator({ windowMs: W, spanMs: 30_000, trust: 0.8 });
    const arrivals: number[] = [];
    for (let t = 0; t < 180_000; t += 2_000) arrivals.push(t); // 30/min
    for (let t = 180_000; t < 300_000; t += 1_200) arrivals.push(t); // then 50/min
    for (let t = 1_000; t <= 180_000; t += 3_000) estimator.add(t, slidingUsed(arrivals, t));
    expect(estimator.rate(180_000)).toBeGreaterThan(26);
    expect(estimator.rate(180_000)).toBeLessThan(34);
    for (let t = 183_000; t <= 216_000; t += 3_000) estimator.add(t, slidingUsed(arrivals, t));
    // 36 s after the change the window still says ~42; the shop's rate is 50.
    expect(slidingUsed(arrivals, 216_000)).toBeLessThan(45);
    expect(estimator.rate(216_000)).toBeGreaterThan(46);
    expect(estimator.rate(216_000)).toBeLessThan(54);
  });

  it('reads a fixed window that resets every minute', () => {
    const estimator = createShopRateEstimator({ windowMs: W, spanMs: 30_000, trust: 0.8 });
    // 40/min, counted Laravel-style: the count restarts every 60 s.
    const fixedUsed = (t: number) => Math.floor((t % W) / 1_500) + 1;
    for (let t = 500; t <= 300_000; t += 2_500) estimator.add(t, fixedUsed(t));
    expect(estimator.rate(300_000)).toBeGreaterThan(35);
    expect(estimator.rate(300_000)).toBeLessThan(45);
  });
});

describe('a shop of N tablets sharing 60/min (simulated MixPay, 10 minutes)', () => {
  const fmt = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(' ');

  async function run(devices: number, limiter: LimiterKind) {
    const result = await simulateShop({ devices, durationMs: 10 * 60_000, limiter, seed: 100 + devices });
    const since = 60_000;
    const figures = {
      rateLimitedFirstMinute: result.rateLimitedSince(0) - result.rateLimitedSince(since),
      rateLimitedAfter: result.rateLimitedSince(since),
      share: result.sharePerMinute(since),
      worstGapMs: Math.max(...result.worstGapMs(since)),
    };
    console.log(
      `[${limiter}] N=${devices}: 1429s ${figures.rateLimitedFirstMinute} in the first minute, ` +
        `${figures.rateLimitedAfter} after; answers/min per device ${fmt(figures.share)} ` +
        `(total ${figures.share.reduce((a, b) => a + b, 0).toFixed(1)}, fair ${(60 / devices).toFixed(1)}); ` +
        `worst gap ${(figures.worstGapMs / 1000).toFixed(1)} s`,
    );
    return figures;
  }

  it.each([1, 3, 6, 10])('N = %i: no 1429 storm, a fair share each, no device waits over 15 s', async (n) => {
    const f = await run(n, 'sliding');
    expect(f.rateLimitedAfter).toBeLessThanOrEqual(2);
    for (const share of f.share) expect(share).toBeGreaterThanOrEqual(60 / n / 2);
    expect(f.worstGapMs).toBeLessThanOrEqual(15_000);
    // The shop uses its budget: at least 75 % of 60/min once settled.
    expect(f.share.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(45);
  });

  it('five tablets joining five busy ones get their share without a 1429 storm', async () => {
    const joinAt = 5 * 60_000;
    const end = 10 * 60_000;
    const result = await simulateShop({
      devices: 10,
      durationMs: end,
      seed: 2,
      joinAtMs: (i) => (i < 5 ? 0 : joinAt),
    });
    const since = joinAt + 60_000;
    const share = result.devices.map(
      (d) => (d.successes.filter((t) => t >= since).length * 60_000) / (end - since),
    );
    const worstGap = Math.max(...result.worstGapMs(joinAt));
    console.log(
      `[sliding] 5 + 5 joining at 5 min: 1429s ${result.rateLimitedSince(0)}; answers/min per device from 6 min ` +
        `${fmt(share)}; worst gap after the join ${(worstGap / 1000).toFixed(1)} s`,
    );
    expect(result.rateLimitedSince(0)).toBeLessThanOrEqual(5);
    for (const s of share) expect(s).toBeGreaterThanOrEqual(3);
    expect(worstGap).toBeLessThanOrEqual(30_000);
  });

  it.each([1, 3, 6, 10])('N = %i behind a fixed (reset every minute) window: still no stall', async (n) => {
    const f = await run(n, 'fixed');
    expect(f.rateLimitedAfter).toBeLessThanOrEqual(20);
    for (const share of f.share) expect(share).toBeGreaterThanOrEqual(60 / n / 2);
    expect(f.worstGapMs).toBeLessThanOrEqual(35_000);
  });
});
