/**
 * Section g (a shop of N tablets on one 60/min address) as a simulation on a fake clock: the app's
 * own request scheduler and poll schedule, a simulated MixPay limiter, and customers who open the
 * one-time link 2–5 s before paying at a random moment 6–40 s after the QR (as bench/run.ts does
 * with real browsers), each till's lists at start-up and each charge's settlement estimate, as
 * the app asks for them (SHOP_SIM_NO_LISTS=1: tills whose lists are kept). It runs a shop's ten
 * minutes in seconds, so a change to the scheduler can be tried against many seeds before the
 * browser bench confirms it. Never used by the app.
 * Usage: SHOP_SIM="tablets=1,3,6,10 charges=20 seeds=5" npm run bench:shop-sim (seed=K: that seed
 * only; a vitest file, for the Lingui macros the app's modules use; runs only with VITEST_SHOP_SIM=1).
 */
import { MixPayError } from '../src/mixpay/errors';
import type { MixPayResponse } from '../src/mixpay/client';
import { createRequestScheduler, type RequestPriority, type RequestScheduler } from '../src/mixpay/scheduler';
import {
  createFakeClock,
  createSimLimiter,
  seededRandom,
  type FakeClock,
} from '../src/mixpay/scheduler-sim.test-support';
import { POLL, askBy, desiredDelay, type PollPhase } from '../src/charge/poll-schedule';
import { INITIAL_PER_MINUTE, FLOOR_PER_MINUTE } from '../src/mixpay/services';

import { it } from 'vitest';

const arg = (name: string) =>
  (process.env.SHOP_SIM ?? '')
    .split(/\s+/)
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);

interface TabletStats {
  detections: number[];
  /** Longest time between two polls of one charge after its first poll was due. */
  stalls: number[];
  polls: number;
}

interface ShopFigures {
  tablets: number;
  detections: number[];
  stalls: number[];
  answers1429: number;
  requestsPerMinute: number;
}

/** One round trip's halves: the sandbox on the LAN plus a browser's overhead. */
const halfTrip = (random: () => number) => 20 + random() * 60;
const THINK_MS = (arg('think') ?? '8000,20000').split(',').map(Number);
/** Answer → heading on screen (the journal write and a render). */
const RENDER_MS = 120;
/**
 * The tills' asset lists: fresh tills selling in USD ask for them (default; the currency list waits
 * for a quiet moment, as the app's does until someone reaches for the picker);
 * SHOP_SIM_LISTS=plain: fresh tills selling in another currency (the currency list is asked at
 * once); SHOP_SIM_LISTS=kept: tills that keep yesterday's, whose refreshes wait for a quiet moment;
 * SHOP_SIM_NO_LISTS=1: lists kept and fresh (no list requests, and no estimates).
 */
const LISTS = !process.env.SHOP_SIM_NO_LISTS;
const KEPT_LISTS = process.env.SHOP_SIM_LISTS === 'kept';
const CURRENCY_LIST_WAITS = process.env.SHOP_SIM_LISTS !== 'plain';

export async function simulateShopCharges(options: {
  tablets: number;
  charges: number;
  seed: number;
}): Promise<ShopFigures> {
  const clock: FakeClock = createFakeClock(0);
  const limiter = createSimLimiter('sliding');
  const root = seededRandom(options.seed);
  let answers1429 = 0;
  let requests = 0;
  let endAt = 0;

  const names = new Map<RequestScheduler, number>();
  const logName = (scheduler: RequestScheduler) => `T${names.get(scheduler) ?? '?'}`;

  function request(
    scheduler: RequestScheduler,
    priority: RequestPriority,
    random: () => number,
    urgent = false,
    eager = false,
    signal?: AbortSignal,
    optional = false,
    dueBy?: number,
  ) {
    return scheduler.run(
      priority,
      async (): Promise<MixPayResponse<number>> => {
        await clock.sleep(halfTrip(random));
        const at = clock.now();
        const answer = limiter.take(at);
        requests += 1;
        await clock.sleep(halfTrip(random));
        if (process.env.SHOP_SIM_LOG && Number(process.env.SHOP_SIM_LOG) === options.tablets) {
          const snap = scheduler.snapshot();
          console.log(
            `${(at / 1000).toFixed(1)} ${logName(scheduler)} ${priority}${urgent ? '!' : ''} ${answer.allowed ? answer.remaining : '1429'} rate ${snap.ratePerMinute.toFixed(1)} shop ${snap.shopRate?.toFixed(0)}`,
          );
        }
        if (!answer.allowed) {
          answers1429 += 1;
          throw new MixPayError('rate-limited', 'rate limited', {
            status: 429,
            code: 1429,
            retryAfterMs: answer.retryAfterMs,
            rateLimitRemaining: 0,
          });
        }
        return {
          data: at,
          rateLimit: { limit: answer.limit, remaining: answer.remaining },
          timestampMs: null,
        };
      },
      { urgent, eager, signal, optional, dueBy },
    );
  }

  const tablet = async (index: number): Promise<TabletStats> => {
    const random = seededRandom(Math.floor(root() * 2 ** 31));
    const between = (a: number, b: number) => a + random() * (b - a);
    const scheduler = createRequestScheduler({
      clock,
      random,
      floorPerMinute: Number(process.env.SHOP_SIM_FLOOR ?? FLOOR_PER_MINUTE),
      tuning: {
        initialPerMinute: INITIAL_PER_MINUTE,
        ...(process.env.SHOP_SIM_TUNING ? JSON.parse(process.env.SHOP_SIM_TUNING) : {}),
      },
    });
    names.set(scheduler, index);
    const stats: TabletStats = { detections: [], stalls: [], polls: 0 };
    await clock.sleep(index * between(300, 1_200));
    // A till asks for its currency list when it opens (in the background: the keypad does not wait
    // for it; a kept list's refresh, or a USD till's first list, is optional).
    if (LISTS) {
      void request(scheduler, 'list', random, false, false, undefined, CURRENCY_LIST_WAITS).catch(
        () => undefined,
      );
    }
    // The settlement list is asked once an estimate came (for its symbol), once per till.
    let settlementListAsked = false;
    for (let i = 0; i < options.charges; i++) {
      // The next customer: amount typed, Charge tapped. The browser bench spends 20–30 s a cycle
      // outside the wait (ten browsers on two cores); this is busier than that.
      await clock.sleep(i === 0 ? between(1_000, 4_000) : between(THINK_MS[0], THINK_MS[1]));
      for (;;) {
        try {
          await request(scheduler, 'create', random, true); // urgent, as scheduled-client makes it
          break;
        } catch {
          // a 1429: the scheduler has paused; the cashier's tap is retried
        }
      }
      const shownAt = clock.now();
      // The QR screen's settlement estimate ("Shop receives about…"): an optional list request
      // (it waits for a quiet moment), dropped when the charge ends.
      const estimate = new AbortController();
      if (LISTS) {
        void request(scheduler, 'list', random, false, false, estimate.signal, true).then(
          () => {
            if (settlementListAsked) return;
            settlementListAsked = true;
            void request(scheduler, 'list', random, false, false, undefined, KEPT_LISTS).catch(
              () => undefined,
            );
          },
          () => undefined,
        );
      }
      const payAt = shownAt + between(6_000, 40_000);
      const openAt = payAt - between(2_000, 5_000);
      let phase: PollPhase = 'not-opened';
      let phaseSince = shownAt;
      let lastStart: number | null = null;
      const pollTimes: number[] = [];
      for (;;) {
        const now = clock.now();
        const due =
          lastStart === null
            ? shownAt + POLL.firstPollAfterMs
            : lastStart + desiredDelay({ now, phase, phaseSince, consecutiveFailures: 0 });
        if (due > now) await clock.sleep(due - now);
        let seenAt: number;
        try {
          const dueBy = askBy({
            lastRequestAt: lastStart,
            firstPollAt: shownAt + POLL.firstPollAfterMs,
            consecutiveFailures: 0,
          });
          const response = await request(
            scheduler,
            'poll',
            random,
            false,
            phase === 'opened',
            undefined,
            false,
            dueBy,
          );
          lastStart = clock.now(); // close enough: the wish counts from the start
          pollTimes.push(response.data);
          stats.polls += 1;
          seenAt = response.data;
        } catch {
          continue;
        }
        if (seenAt >= payAt) {
          // The lifecycle believes a final answer once a second read agrees (urgent).
          for (;;) {
            try {
              await request(scheduler, 'poll', random, true);
              break;
            } catch {
              // rate limited: read again
            }
          }
          estimate.abort();
          const detectedAt = clock.now() + RENDER_MS;
          stats.detections.push(detectedAt - payAt);
          if (process.env.SHOP_SIM_LOG && Number(process.env.SHOP_SIM_LOG) === options.tablets) {
            console.log(
              `${(detectedAt / 1000).toFixed(1)} T${index} seen ${((detectedAt - payAt) / 1000).toFixed(1)} s after paying at ${(payAt / 1000).toFixed(1)} (opened ${(openAt / 1000).toFixed(1)}, shown ${(shownAt / 1000).toFixed(1)})`,
            );
          }
          const marks = [
            shownAt + POLL.firstPollAfterMs,
            ...pollTimes.filter((t) => t >= shownAt + 4_000),
            detectedAt,
          ];
          stats.stalls.push(Math.max(...marks.slice(1).map((t, k) => t - marks[k])));
          break;
        }
        if (seenAt >= openAt && phase === 'not-opened') {
          phase = 'opened';
          phaseSince = clock.now();
        }
      }
    }
    endAt = Math.max(endAt, clock.now());
    return stats;
  };

  const runs = Array.from({ length: options.tablets }, (_, i) => tablet(i));
  let all: TabletStats[] | null = null;
  void Promise.all(runs).then((s) => {
    all = s;
  });
  while (!all) await clock.advance(5_000);
  const stats = all as TabletStats[];
  return {
    tablets: options.tablets,
    detections: stats.flatMap((s) => s.detections),
    stalls: stats.flatMap((s) => s.stalls),
    answers1429,
    requestsPerMinute: (requests / endAt) * 60_000,
  };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main() {
  const sizes = (arg('tablets') ?? '1,3,6,10').split(',').map(Number);
  const charges = Number(arg('charges') ?? 20);
  const seeds = Number(arg('seeds') ?? 5);
  // seed=K: only the K-th seed (with SHOP_SIM_LOG=N, to read one shop's requests).
  const only = arg('seed') ? Number(arg('seed')) : null;
  for (const tablets of sizes) {
    const rows: string[] = [];
    const allDetections: number[] = [];
    for (let seed = only ?? 1; seed <= (only ?? seeds); seed++) {
      const f = await simulateShopCharges({ tablets, charges, seed: seed * 7919 + tablets });
      allDetections.push(...f.detections);
      rows.push(
        `  seed ${seed}: median ${(quantile(f.detections, 0.5) / 1000).toFixed(2)} s, p95 ${(quantile(f.detections, 0.95) / 1000).toFixed(2)} s, ` +
          `worst ${(Math.max(...f.detections) / 1000).toFixed(2)} s, stall ${(Math.max(...f.stalls) / 1000).toFixed(1)} s, ` +
          `1429s ${f.answers1429}, ${f.requestsPerMinute.toFixed(1)} req/min`,
      );
    }
    console.log(
      `N=${tablets}: median ${(quantile(allDetections, 0.5) / 1000).toFixed(2)} s, p95 ${(quantile(allDetections, 0.95) / 1000).toFixed(2)} s, worst ${(Math.max(...allDetections) / 1000).toFixed(2)} s`,
    );
    for (const row of rows) console.log(row);
  }
}

it('simulates a shop of N tablets', main, 600_000);
