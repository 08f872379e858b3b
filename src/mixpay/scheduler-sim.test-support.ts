/**
 * Test support for the request scheduler: a fake clock, a seeded random source, a simulated MixPay
 * rate limiter (one budget per shared client address) and a shop of simulated tablets, each with
 * its own scheduler, polling a charge as the app will. Never used by the app.
 */
import { MixPayError } from './errors';
import type { MixPayResponse } from './client';
import {
  createRequestScheduler,
  type RequestScheduler,
  type RequestSchedulerOptions,
  type SchedulerClock,
} from './scheduler';

/** Deterministic uniform [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Timer {
  id: number;
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets every pending promise callback run (a macrotask drains the microtask queue). */
const immediate =
  (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate ??
  ((callback: () => void) => globalThis.setTimeout(callback, 0));
export const flushMicrotasks = () => new Promise<void>((resolve) => immediate(resolve));

export interface FakeClock extends SchedulerClock {
  /** Runs every timer due up to `at` (in order, settling promises after each), then sets now = at. */
  runUntil(at: number): Promise<void>;
  advance(ms: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  pending(): number;
}

export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let seq = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  function earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of timers.values()) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  const clock: FakeClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { id, at: now + Math.max(0, ms), seq: seq++, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async runUntil(at) {
      await flushMicrotasks();
      for (;;) {
        const next = earliest();
        if (!next || next.at > at) break;
        timers.delete(next.id);
        now = Math.max(now, next.at);
        next.callback();
        await flushMicrotasks();
      }
      now = Math.max(now, at);
      await flushMicrotasks();
    },
    advance: (ms) => clock.runUntil(now + ms),
    sleep: (ms) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)),
    pending: () => timers.size,
  };
  return clock;
}

export type LimiterKind = 'sliding' | 'fixed';

export interface LimiterAnswer {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterMs: number;
}

/**
 * MixPay's budget for one client address. 'sliding': a rolling 60 s window, refused requests cost
 * nothing, retry-after until the oldest request leaves (like sandbox/rate-limit.ts). 'fixed': a
 * Laravel-style window that opens at the first request and resets 60 s later.
 */
export function createSimLimiter(kind: LimiterKind = 'sliding', limit = 60, windowMs = 60_000) {
  let hits: number[] = [];
  let windowStart = -Infinity;
  let fixedCount = 0;
  return {
    take(now: number): LimiterAnswer {
      if (kind === 'sliding') {
        hits = hits.filter((at) => at > now - windowMs);
        if (hits.length >= limit) {
          return {
            allowed: false,
            limit,
            remaining: 0,
            retryAfterMs: Math.ceil((hits[0] + windowMs - now) / 1000) * 1000,
          };
        }
        hits.push(now);
        return { allowed: true, limit, remaining: limit - hits.length, retryAfterMs: 0 };
      }
      if (now >= windowStart + windowMs) {
        windowStart = now;
        fixedCount = 0;
      }
      if (fixedCount >= limit) {
        return {
          allowed: false,
          limit,
          remaining: 0,
          retryAfterMs: Math.ceil((windowStart + windowMs - now) / 1000) * 1000,
        };
      }
      fixedCount += 1;
      return { allowed: true, limit, remaining: limit - fixedCount, retryAfterMs: 0 };
    },
  };
}

export interface ShopSimOptions {
  devices: number;
  durationMs: number;
  limiter?: LimiterKind;
  /** What each device's charge would like: one poll every `desiredMs`. */
  desiredMs?: number;
  seed?: number;
  /** Devices switch on at a random moment in [0, staggerMs)... */
  staggerMs?: number;
  /** ...after this (per device; default 0): tablets that join a busy shop. */
  joinAtMs?: (device: number) => number;
  scheduler?: Omit<RequestSchedulerOptions, 'clock' | 'random'>;
}

export interface DeviceStats {
  starts: number[];
  successes: number[];
  rateLimited: number[];
  rates: { at: number; rate: number; shopRate: number | null }[];
  pressured: number;
}

export interface ShopSimResult {
  devices: DeviceStats[];
  /** 1429s answered at or after `since`. */
  rateLimitedSince(since: number): number;
  /** Successful answers per minute per device in [since, end). */
  sharePerMinute(since: number): number[];
  /** Longest time between two request starts of one device, per device, from `since`. */
  worstGapMs(since: number): number[];
  worstSuccessGapMs(since: number): number[];
  durationMs: number;
}

function worstGap(times: number[], since: number, end: number): number {
  let worst = 0;
  let last: number | null = null;
  for (const t of times) {
    if (t < since) {
      last = t;
      continue;
    }
    worst = Math.max(worst, t - (last ?? since));
    last = t;
  }
  return Math.max(worst, end - (last ?? since));
}

/**
 * N tablets on one address, each with its own scheduler, each polling one charge that would like
 * an answer every `desiredMs`, spaced as the app does (`pollIntervals`, from the last start).
 */
export async function simulateShop(options: ShopSimOptions): Promise<ShopSimResult> {
  const { devices: n, durationMs } = options;
  const desiredMs = options.desiredMs ?? 1_000;
  const rootRandom = seededRandom(options.seed ?? 1);
  const clock = createFakeClock(0);
  const limiter = createSimLimiter(options.limiter ?? 'sliding');
  const stats: DeviceStats[] = [];
  const schedulers: RequestScheduler[] = [];

  const loops = Array.from({ length: n }, async (_, index) => {
    const random = seededRandom(Math.floor(rootRandom() * 2 ** 31));
    const scheduler = createRequestScheduler({ ...options.scheduler, clock, random });
    schedulers.push(scheduler);
    const mine: DeviceStats = { starts: [], successes: [], rateLimited: [], rates: [], pressured: 0 };
    stats[index] = mine;
    await clock.sleep((options.joinAtMs?.(index) ?? 0) + random() * (options.staggerMs ?? 5_000));
    let lastStart = -Infinity;
    while (clock.now() < durationMs) {
      const interval = scheduler.pollIntervals([desiredMs])[0];
      const wait = lastStart + interval - clock.now();
      if (wait > 0) await clock.sleep(wait);
      if (clock.now() >= durationMs) break;
      try {
        await scheduler.run('poll', async (): Promise<MixPayResponse<null>> => {
          lastStart = clock.now();
          mine.starts.push(lastStart);
          await clock.sleep(60 + random() * 180);
          const answer = limiter.take(clock.now());
          await clock.sleep(60 + random() * 180);
          if (!answer.allowed) {
            mine.rateLimited.push(clock.now());
            throw new MixPayError('rate-limited', 'GET /payments_result: rate limited', {
              status: 429,
              code: 1429,
              retryAfterMs: answer.retryAfterMs,
              rateLimitRemaining: 0,
            });
          }
          mine.successes.push(clock.now());
          return {
            data: null,
            rateLimit: { limit: answer.limit, remaining: answer.remaining },
            timestampMs: null,
          };
        });
      } catch {
        // The poll loop carries on; the scheduler has already slowed down.
      }
      const snap = scheduler.snapshot();
      mine.rates.push({ at: clock.now(), rate: snap.ratePerMinute, shopRate: snap.shopRate });
      if (snap.pressure.short) mine.pressured += 1;
    }
  });

  await clock.runUntil(durationMs + 120_000);
  await Promise.all(loops);

  return {
    devices: stats,
    durationMs,
    rateLimitedSince: (since) =>
      stats.reduce((sum, d) => sum + d.rateLimited.filter((t) => t >= since).length, 0),
    sharePerMinute: (since) =>
      stats.map(
        (d) =>
          (d.successes.filter((t) => t >= since && t < durationMs).length * 60_000) / (durationMs - since),
      ),
    worstGapMs: (since) => stats.map((d) => worstGap(d.starts, since, durationMs)),
    worstSuccessGapMs: (since) => stats.map((d) => worstGap(d.successes, since, durationMs)),
  };
}
