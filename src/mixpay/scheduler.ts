/**
 * The request scheduler every MixPay request of the app goes through.
 *
 * MixPay allows 60 requests per minute per client address, and all tablets (and tabs) of a shop
 * share one address. A device cannot see the others; all it sees is what MixPay answers:
 * `x-ratelimit-remaining` on every answer and, too late, a 1429 with `retry-after`. So each device
 * sets its own rate the way TCP senders share a link they cannot see:
 *
 *  - AIMD. While the shop is under its aim (92 % of the limit), every device adds the same amount
 *    to its rate (additive increase, faster while the window is mostly free); when it is over,
 *    every device cuts the same fraction (multiplicative decrease: by how far over, at least 3 %,
 *    at most 50 %), and it halves on a 1429 or when remaining is down to its last request. Equal
 *    additions and proportional cuts are what make N devices that only share a signal drift to
 *    equal shares of the 60/min, from wherever they started, without talking to each other.
 *    "Over" looks 30 s ahead: the shop's rate is above the aim and, at that rate, its window would
 *    pass the aim within 30 s. A shop that has just opened reads 70-90/min from its burst of
 *    links while its window is still mostly empty, and is not cut for it.
 *  - A signal that is not a minute late. `remaining` is a moving sum over 60 s: after a change of
 *    rate it takes a minute to settle, and devices steering by it overshoot, collide and stall.
 *    `createShopRateEstimator` rebuilds the shop's current rate from successive answers (what
 *    arrived = what the window grew by + what left it, which it worked out a window earlier), so
 *    every device sees a cut or a burst within seconds.
 *  - Floor and ceiling. The rate never falls below a floor (2/min): a charge is never starved,
 *    even when a shop has more tablets than the budget can feed. It never exceeds the limit, and a
 *    hard sliding-window cap keeps the origin (all its tabs) to at most `limitPerMinute` starts in
 *    any 60 s, whatever the rate says.
 *  - Jitter. Every gap between two starts is stretched or shrunk by up to ±10 % and back-off
 *    pauses are randomised, so tablets that heard the same answer do not fire together.
 *  - Capped retry-after. A 1429's retry-after can say 40 s; obeying it made tablets stand still
 *    while a customer paid. The pause is capped by the window (≤ 60 s, never past the moment this
 *    device's oldest request leaves it) and in practice is a jittered 1.5–2.5 s (3–5 s for a second
 *    1429 in a row, at most 8 s): the halved rate is what makes room, the pause only breaks the burst.
 *  - Honest pacing. A request that may not wait (a cashier's new link, the second read of a final
 *    answer) goes at once but is paid back: the next paced one waits for it (up to a gap), so a
 *    device keeps to its rate and ten tablets' urgent requests do not overrun the window. While
 *    the window is mostly empty (over 70 % left: a quiet shop), or its answers have shown only
 *    this origin's requests for 5 s (a lone till), nothing is paced or owed.
 *    A waiting charge's poll that is due (`dueBy`: asked within 12 s) does not pay the debt: it
 *    keeps only the gap, and what it owes waits for the next request that can wait.
 *  - Eager polls. While a customer has the payment page open, a poll may skip the pacing if the
 *    window has clear room (above a reserve and what the shop spends in the next seconds anyway):
 *    a lone till sees its payment within a second, a busy shop is paced as usual, and the room
 *    spent this way is not paid back (it was free).
 *  - Priorities. Queued tasks start in priority order, FIFO within one: 'poll' (a waiting charge's
 *    result) > 'create' (links, payments) > 'watch' (late-payment re-checks) > 'list' (asset lists,
 *    estimates). Under pressure the rate goes to polls first and lower priorities wait.
 *
 * Pure logic over an injected clock and random source (tests drive it with a fake clock); all
 * state lives in the object `createRequestScheduler` returns.
 */
import type { MixPayResponse, RateLimitInfo } from './client';
import { isMixPayError } from './errors';

export type RequestPriority = 'poll' | 'create' | 'watch' | 'list';

/** Highest first. */
export const PRIORITY_ORDER: readonly RequestPriority[] = ['poll', 'create', 'watch', 'list'];

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** What one MixPay request told us about the shop's budget. */
export type RateObservation =
  /** Any answer that is not a 1429 (success or API error), with its rate-limit headers. */
  | { kind: 'answer'; limit: number | null; remaining: number | null }
  /** A 1429 / HTTP 429. */
  | { kind: 'rate-limited'; retryAfterMs?: number; limit?: number | null; remaining?: number | null }
  /** Network failure or timeout: nothing learnt about the budget. */
  | { kind: 'no-answer' };

export function observationFromResponse(response: { rateLimit: RateLimitInfo }): RateObservation {
  return { kind: 'answer', limit: response.rateLimit.limit, remaining: response.rateLimit.remaining };
}

/** `null` when the failure is a cancellation (nothing to learn, nothing to tell the UI). */
export function observationFromError(error: unknown): RateObservation | null {
  if (!isMixPayError(error)) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    return { kind: 'no-answer' };
  }
  switch (error.kind) {
    case 'rate-limited':
      return { kind: 'rate-limited', retryAfterMs: error.retryAfterMs, remaining: error.rateLimitRemaining };
    case 'api':
    case 'http':
      return { kind: 'answer', limit: null, remaining: error.rateLimitRemaining ?? null };
    default:
      return { kind: 'no-answer' };
  }
}

function looksLikeResponse(value: unknown): value is MixPayResponse<unknown> {
  if (typeof value !== 'object' || value === null || !('rateLimit' in value)) return false;
  const rateLimit = (value as { rateLimit: unknown }).rateLimit;
  return typeof rateLimit === 'object' && rateLimit !== null && 'remaining' in rateLimit;
}

export interface SchedulerTuning {
  /** Rate (requests/min) a device starts at, and the least it falls back to after a quiet minute. */
  initialPerMinute: number;
  /** Pacing jitter: each gap is 60 000 / rate × (1 ± jitter). */
  jitter: number;
  /** The shop aims at (1 − headroomFraction) × limit requests per window, all devices together. */
  headroomFraction: number;
  /** Remaining at or below max(1, lowFraction × limit): halve at once. */
  lowFraction: number;
  /** Over the aim, cut to rate × min(cutFactor, max(deepestCut, aim / estimated shop rate))... */
  cutFactor: number;
  deepestCut: number;
  /** ...at most once per max(cutHoldMs, cutHoldGaps × the current gap). */
  cutHoldMs: number;
  cutHoldGaps: number;
  /**
   * The shop's load is its estimated rate, but no more than its window would hold after this long
   * at that rate (used + rate × horizon), so it is over the aim only if its window would pass the
   * aim within this long (see `adjust`). 0: the rate alone.
   */
  fillHorizonMs: number;
  /** Additive increase (requests/min gained per minute) while the shop is under its aim... */
  increasePerMinute: number;
  /** ...plus this, scaled by the free part of the window and by this device's part of the use. */
  headroomIncreasePerMinute: number;
  /** One adjustment covers at most max(maxStepMs, 1.5 gaps) of elapsed time. */
  maxStepMs: number;
  /** Increase only while the rate is what holds the device back (see `utilised`). */
  utilisation: number;
  /** The shop's current rate is its reconstructed arrivals over this span... */
  trendSpanMs: number;
  /** ...recalling departures with this much trust (see createShopRateEstimator)... */
  trendTrust: number;
  /** ...and no increase before the answers cover this long (the first say little). */
  trendMinSpanMs: number;
  /** After halving, no other halving for max(halveHoldMs, 2 gaps). */
  halveHoldMs: number;
  /** A burst of 1429s from requests already in flight counts as one. */
  rateLimitedHoldMs: number;
  /** Pause after the k-th 1429 in a row: pauseBaseMs × 2^(k-1), jittered ±25 %, at most pauseMaxMs. */
  pauseBaseMs: number;
  pauseMaxMs: number;
  /** How long a 1429, a low remaining or a stretched poll keeps `pressure()` on. */
  pressureHoldMs: number;
  /** A queued task waiting this long for the rate means pressure. */
  pressureQueueWaitMs: number;
  /** Eager polls skip the pacing while more than this part of the limit is left in the window... */
  eagerReserveFraction: number;
  /** Room is read from an answer no older than this, less what the others spend in the lookahead. */
  roomFreshMs: number;
  roomLookaheadMs: number;
  /** Any poll skips the pacing while more than this part of the limit is left (see roomAbove). */
  quietRoomFraction: number;
  /**
   * Optional requests (see RunOptions.optional) wait for the shop to be known, not only for room:
   * with no answer heard, `optionalBlindMs` after start; then until this device has watched the
   * shop's window for `optionalWatchMs`, unless for `aloneWatchMs` its answers showed no one else
   * in the window (a lone till). Ten tills opening together all see an empty window at first.
   */
  optionalBlindMs: number;
  optionalWatchMs: number;
  aloneWatchMs: number;
  /** Before any answer, while this origin has made few requests, count the window as quiet. */
  roomBeforeFirstAnswer: boolean;
  /** Pacing owed by early starts is paid back, up to this many gaps (see debtMs). */
  debtMaxGaps: number;
}

export const DEFAULT_TUNING: Readonly<SchedulerTuning> = {
  initialPerMinute: 6,
  jitter: 0.1,
  headroomFraction: 0.08,
  lowFraction: 0.02,
  cutFactor: 0.97,
  deepestCut: 0.5,
  cutHoldMs: 5_000,
  cutHoldGaps: 2,
  fillHorizonMs: 30_000,
  increasePerMinute: 2,
  headroomIncreasePerMinute: 30,
  maxStepMs: 5_000,
  utilisation: 0.7,
  trendSpanMs: 30_000,
  trendTrust: 0.8,
  trendMinSpanMs: 8_000,
  halveHoldMs: 5_000,
  rateLimitedHoldMs: 2_000,
  pauseBaseMs: 2_000,
  pauseMaxMs: 8_000,
  pressureHoldMs: 30_000,
  pressureQueueWaitMs: 3_000,
  eagerReserveFraction: 0.15,
  roomFreshMs: 30_000,
  roomLookaheadMs: 10_000,
  quietRoomFraction: 0.7,
  optionalBlindMs: 10_000,
  optionalWatchMs: 15_000,
  aloneWatchMs: 5_000,
  roomBeforeFirstAnswer: true,
  debtMaxGaps: 1,
};

export interface RequestSchedulerOptions {
  clock?: SchedulerClock;
  /** Uniform in [0, 1). */
  random?: () => number;
  /** MixPay's budget per client address, and this device's hard cap in any window. */
  limitPerMinute?: number;
  /** The rate never drops below this. */
  floorPerMinute?: number;
  /** The rate never exceeds this (default: the limit). */
  ceilingPerMinute?: number;
  windowMs?: number;
  tuning?: Partial<SchedulerTuning>;
}

export interface RunOptions {
  signal?: AbortSignal;
  /**
   * Start as soon as the hard cap and a 1429 pause allow, ahead of its priority's queue and without
   * waiting for the pacing gap: for the rare request a cashier is waiting on right now (the second
   * read that confirms a final answer). It still counts against the rate like any other.
   */
  urgent?: boolean;
  /**
   * A payment is likely right now (the customer has the payment page open): skip the pacing gap
   * while the shop's window has room, i.e. the last answer's remaining, less this origin's starts
   * since, is above a reserve (`eagerReserveFraction` of the limit). A lone till then sees its
   * customer's payment within a second; in a busy shop it is paced like any poll.
   */
  eager?: boolean;
  /**
   * Nice to have (a charge's settlement estimate, a kept list's refresh): waits, for as long as it
   * takes or until its signal aborts, until the shop is known to have room (`optionalHeldUntil`:
   * a lone till, or a quiet window watched long enough), so that a busy shop spends its budget on
   * payments. Plain requests queue ahead of it.
   */
  optional?: boolean;
  /**
   * When this request must start by (ms), e.g. a waiting charge's next poll (see the charge's
   * `askBy`). Pacing debt (what earlier early starts owe) never holds it past this moment; the
   * pacing gap itself, the hard cap and a 1429 pause still do. Ten tablets that each make a link
   * just after their list owe a gap each, and paying it on the charge's first poll left customers'
   * payments unasked for 16–20 s.
   */
  dueBy?: number;
  /**
   * Read the answer's rate-limit headers (a resolved MixPayResponse or a thrown MixPayError) into
   * `observe()` automatically. Default true; turn off to call `observe()` yourself.
   */
  observe?: boolean;
}

export type PressureReason =
  /** MixPay answered 1429 recently. */
  | 'rate-limited'
  /** The shop's window was nearly full at the last answer. */
  | 'low-remaining'
  /** Waiting out the short pause after a 1429. */
  | 'paused'
  /** A queued request has been waiting for the rate for a while. */
  | 'queue-waiting'
  /** Polls are spaced at least twice as far apart as the charges want: the budget is shared. */
  | 'polls-stretched';

export interface SchedulerPressure {
  /** The shop's budget is short right now: tell the cashier "many tills are checking at once". */
  short: boolean;
  reasons: PressureReason[];
}

export interface SchedulerSnapshot {
  ratePerMinute: number;
  floorPerMinute: number;
  ceilingPerMinute: number;
  /** MixPay's limit as last reported (or the configured one). */
  limit: number;
  /** Requests started by this origin (all tabs) in the last window. */
  windowStarts: number;
  queued: Record<RequestPriority, number>;
  inFlight: number;
  remaining: number | null;
  remainingAt: number | null;
  /** The shop's own current rate (all devices, requests per window) as reconstructed from answers. */
  shopRate: number | null;
  last1429At: number | null;
  pausedUntil: number | null;
  pressure: SchedulerPressure;
}

/** The part of the state the tabs of one origin share (see shop-budget.ts). */
export interface SharedRateState {
  ratePerMinute: number;
  lastDecreaseAt: number | null;
  pausedUntil: number | null;
}

export type SchedulerEvent =
  | { type: 'start'; at: number }
  | { type: 'observe'; at: number; observation: RateObservation; shared: SharedRateState };

export type ExternalSchedulerEvent =
  SchedulerEvent | { type: 'sync'; starts: number[]; shared: SharedRateState };

export interface RequestScheduler {
  /** Queue a task (one MixPay request) and start it when the rate and its priority allow. */
  run<T>(
    priority: RequestPriority,
    task: (signal: AbortSignal) => Promise<T>,
    options?: RunOptions,
  ): Promise<T>;
  /** What MixPay said about one request (done for you by `run` unless `observe: false`). */
  observe(observation: RateObservation): void;
  pressure(): SchedulerPressure;
  snapshot(): SchedulerSnapshot;
  /** Per-charge poll intervals for this device's current rate: see `allocatePollIntervals`. */
  pollIntervals(desiredMs: readonly number[], options?: PollShareOptions): number[];
  /** Called on every change worth re-rendering (rate, queue, pressure). */
  subscribe(listener: () => void): () => void;
  /** Starts and observations of this tab, for the other tabs of the origin. */
  onEvent(listener: (event: SchedulerEvent) => void): () => void;
  /** A start or observation from another tab of the origin. */
  recordExternal(event: ExternalSchedulerEvent): void;
  /** What a newly opened tab needs to join: the window's starts and the shared rate state. */
  exportShared(): { starts: number[]; shared: SharedRateState };
}

interface QueueEntry {
  priority: RequestPriority;
  urgent: boolean;
  eager: boolean;
  optional: boolean;
  dueBy: number | undefined;
  enqueuedAt: number;
  start: (free: boolean) => void;
}

/**
 * The pause after a 1429: never longer than retry-after, the window, or the time until this
 * device's oldest request in the window leaves it; in practice a jittered back-off of seconds.
 */
export function rateLimitedPauseMs(input: {
  retryAfterMs: number | undefined;
  /** 1 for the first 1429 in a row. */
  consecutive: number;
  /** Start time of this device's oldest request still in the window, if any. */
  oldestStartInWindow: number | null;
  now: number;
  windowMs: number;
  pauseBaseMs: number;
  pauseMaxMs: number;
  random: () => number;
}): number {
  const { now, windowMs } = input;
  let cap = Math.min(windowMs, input.retryAfterMs ?? windowMs);
  if (input.oldestStartInWindow !== null) cap = Math.min(cap, input.oldestStartInWindow + windowMs - now);
  const backoff = input.pauseBaseMs * 2 ** Math.max(0, Math.min(10, input.consecutive - 1));
  const jittered = backoff * (0.75 + 0.5 * input.random());
  return Math.max(0, Math.min(cap, input.pauseMaxMs, jittered));
}

export interface PollShareOptions {
  /** Part of the rate polls may plan on, leaving the rest for creating links and lists. */
  pollShare?: number;
}

/**
 * How often each charge may be polled so that together they stay within `ratePerMinute`:
 * max-min fair ("water-filling"). A charge that wants less than an equal part (e.g. a link nobody
 * opened, every 4 s) gets what it wants; what it leaves is shared among the hungrier ones (a
 * customer paying right now, every second). Returns one interval (ms) per entry of `desiredMs`,
 * never shorter than desired.
 */
export function allocatePollIntervals(
  desiredMs: readonly number[],
  ratePerMinute: number,
  options: PollShareOptions = {},
): number[] {
  const pollShare = options.pollShare ?? 0.9;
  let budget = Math.max(0, ratePerMinute * pollShare);
  const wants = desiredMs.map((ms) => 60_000 / Math.max(1, ms));
  const order = wants.map((_, i) => i).sort((a, b) => wants[a] - wants[b]);
  const intervals = new Array<number>(desiredMs.length);
  let left = order.length;
  for (const i of order) {
    const fair = budget / left;
    const given = Math.min(wants[i], fair);
    budget -= given;
    left -= 1;
    intervals[i] = given > 0 ? Math.max(desiredMs[i], Math.ceil(60_000 / given)) : Infinity;
  }
  return intervals;
}

/** The uniform case: `charges` charges all wanting `desiredMs`. */
export function pollIntervalMs(
  desiredMs: number,
  ratePerMinute: number,
  charges: number,
  options: PollShareOptions = {},
): number {
  if (charges <= 0) return desiredMs;
  const pollShare = options.pollShare ?? 0.9;
  return Math.max(desiredMs, Math.ceil((60_000 * charges) / Math.max(1e-9, ratePerMinute * pollShare)));
}

function abortReason(signal: AbortSignal): unknown {
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an AbortError's message, for logs (callers branch on its name)
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * The shop's current request rate, reconstructed from the window use MixPay reports.
 *
 * `remaining` gives U(t), the shop's requests in the last window: a moving sum that reports a
 * change of rate only gradually, over a whole window. But between two answers at t₁ < t₂,
 *   arrivals(t₁, t₂] = U(t₂) − U(t₁) + departures, and departures = arrivals(t₁ − W, t₂ − W],
 * which this estimator worked out a window ago. So it keeps the shop's cumulative arrivals as a
 * piecewise-linear curve and extends it answer by answer: a cut or a burst shows within seconds,
 * exactly, instead of smeared over a minute. The past before the first answer is assumed
 * uniform, and the departures it recalls are blended (`trust`) with a uniform window so that
 * timing noise fades instead of echoing every window. Should MixPay's window turn out to be a
 * fixed one (it empties all at once), it reads the answers that way instead.
 */
export function createShopRateEstimator(options: {
  windowMs: number;
  spanMs: number;
  minSpanMs?: number;
  trust: number;
}) {
  const { windowMs, spanMs, trust } = options;
  const minSpanMs = Math.min(spanMs, options.minSpanMs ?? 5_000);
  let points: { at: number; cum: number }[] = [];
  /** Rate (per ms) assumed before the first answer. */
  let pastRate = 0;
  let lastUsed = 0;
  /** Until then the window is read as a fixed one (see add). */
  let fixedUntil = -Infinity;

  function cumAt(t: number): number {
    const first = points[0];
    if (t <= first.at) return first.cum - (first.at - t) * pastRate;
    const last = points[points.length - 1];
    if (t >= last.at) return last.cum;
    let lo = 0;
    let hi = points.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (points[mid].at <= t) lo = mid;
      else hi = mid;
    }
    const a = points[lo];
    const b = points[hi];
    return a.cum + ((b.cum - a.cum) * (t - a.at)) / (b.at - a.at);
  }

  return {
    /** One answer: U = `used` requests in the window ending at `at`. */
    add(at: number, used: number) {
      const last = points[points.length - 1];
      if (last && at < last.at) return; // late news from another tab: the curve has moved on
      if (!last || at - last.at > windowMs) {
        points = [{ at, cum: 0 }];
        pastRate = used / windowMs;
        lastUsed = used;
        return;
      }
      const dt = at - last.at;
      const recalled = cumAt(at - windowMs) - cumAt(last.at - windowMs);
      // A window that empties far faster than its requests could have left is not a sliding
      // one: it was reset (a fixed window, Laravel-style). Then nothing leaves until the next reset.
      const reset = lastUsed >= 20 && used <= lastUsed / 2 && lastUsed - used > recalled + 0.3 * lastUsed;
      if (reset) fixedUntil = at + 3 * windowMs;
      let arrivals: number;
      if (reset) arrivals = used;
      else if (at < fixedUntil) arrivals = Math.max(0, used - lastUsed);
      else {
        const departures = trust * recalled + (1 - trust) * ((lastUsed * dt) / windowMs);
        arrivals = Math.max(0, used - lastUsed + departures);
      }
      if (dt === 0) points[points.length - 1] = { at, cum: last.cum + arrivals };
      else points.push({ at, cum: last.cum + arrivals });
      lastUsed = used;
      const keepFrom = at - windowMs - spanMs;
      let drop = 0;
      while (drop < points.length - 2 && points[drop + 1].at <= keepFrom) drop += 1;
      if (drop) points = points.slice(drop);
    },
    /**
     * Requests per window the shop is making now: its arrivals over the last spanMs (over what the
     * answers cover so far, if less, but at least minSpanMs), or null before any answer.
     */
    rate(now: number): number | null {
      if (!points.length) return null;
      const end = Math.min(now, points[points.length - 1].at);
      const span = Math.max(minSpanMs, Math.min(spanMs, end - points[0].at));
      return ((cumAt(end) - cumAt(end - span)) * windowMs) / span;
    },
    /** How long the answers have been watched without a break. */
    coveredMs(now: number): number {
      return points.length ? Math.min(now, points[points.length - 1].at) - points[0].at : 0;
    },
  };
}

export function createRequestScheduler(options: RequestSchedulerOptions = {}): RequestScheduler {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const limitPerMinute = options.limitPerMinute ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const tuning: SchedulerTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const floor = Math.max(0.1, options.floorPerMinute ?? 2);
  const configuredCeiling = Math.max(floor, options.ceilingPerMinute ?? limitPerMinute);

  let knownLimit = limitPerMinute;
  const hardCap = () => Math.max(1, Math.min(limitPerMinute, knownLimit));
  const ceiling = () => Math.max(floor, Math.min(configuredCeiling, hardCap()));
  const clampRate = (r: number) => Math.min(ceiling(), Math.max(floor, r));

  const createdAt = clock.now();
  let rate = clampRate(tuning.initialPerMinute);
  /** Start times of the origin's requests (this tab and, via shop-budget, the others), ascending. */
  let starts: number[] = [];
  let lastStartAt = -Infinity;
  /** Drawn at each start: the next gap is 60 000 / rate × gapFactor. */
  let gapFactor = 1;
  /**
   * Pacing owed: a start earlier than its gap (urgent, or another tab's) delays
   * the next paced one by what it took, up to `debtMaxGaps` gaps, so that the device's requests keep to its
   * rate on average and ten tablets' second reads and links do not overrun the shop's window.
   */
  let debtMs = 0;
  let pausedUntil = -Infinity;
  let lastDecreaseAt = -Infinity;
  let lastHalvedAt = -Infinity;
  let lastAdjustAt = clock.now();
  let last1429At = -Infinity;
  let consecutive1429 = 0;
  let lastRemaining: { value: number; limit: number; at: number } | null = null;
  /** Since when the answers have shown no other device in the window (see aloneInWindow). */
  let aloneSince: number | null = null;
  const shopRate = createShopRateEstimator({
    windowMs,
    spanMs: tuning.trendSpanMs,
    trust: tuning.trendTrust,
  });
  /** A task was ready but waited on the pacing since the last increase. */
  let rateBound = false;
  /** Last time pollIntervals had to stretch an interval beyond what a charge wanted... */
  let lastShortOfRateAt = -Infinity;
  /** ...and to at least twice that (and 3 s or more). */
  let lastStretchedAt = -Infinity;
  let inFlight = 0;

  const queues: Record<RequestPriority, QueueEntry[]> = { poll: [], create: [], watch: [], list: [] };
  let timer: { handle: unknown; at: number } | null = null;
  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: SchedulerEvent) => void>();

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const emit = (event: SchedulerEvent) => {
    for (const listener of [...eventListeners]) listener(event);
  };

  const gapMs = () => 60_000 / rate;

  function prune(now: number) {
    let drop = 0;
    while (drop < starts.length && starts[drop] <= now - windowMs) drop += 1;
    if (drop) starts = starts.slice(drop);
  }

  /** `free`: an eager poll the shop's window had room for: it owes no pacing. */
  function recordStart(at: number, free = false) {
    // Keep ascending even if another tab's message arrives late.
    if (!starts.length || starts[starts.length - 1] <= at) starts.push(at);
    else {
      const i = starts.findIndex((s) => s > at);
      starts.splice(i, 0, at);
    }
    if (at >= lastStartAt) {
      if (Number.isFinite(lastStartAt) && !free) {
        const owed = gapMs() * gapFactor - (at - lastStartAt);
        debtMs = Math.min(tuning.debtMaxGaps * gapMs(), Math.max(0, debtMs + owed));
      }
      lastStartAt = at;
      gapFactor = 1 + tuning.jitter * (2 * random() - 1);
    }
  }

  /** Earliest start allowed by the hard cap: at most hardCap() starts with start > t - windowMs. */
  function hardCapAt(now: number): number {
    const cap = hardCap();
    const inWindow = starts.filter((s) => s > now - windowMs);
    if (inWindow.length < cap) return now;
    // One millisecond after it leaves: no rounding may put it in two windows.
    return inWindow[inWindow.length - cap] + windowMs + 1;
  }

  /**
   * Whether the shop's window has room for a poll to skip the pacing now: more left than
   * `reserveFraction` of the limit plus what the shop spends anyway meanwhile (other tablets see
   * the same remaining, and their early polls are invisible here).
   */
  function roomAbove(now: number, reserveFraction: number): boolean {
    // No answer yet (a tab that started from its cache): nothing says the shop is busy, and this
    // origin has hardly spent anything; the first answer tells.
    if (!lastRemaining) return tuning.roomBeforeFirstAnswer && starts.length < 0.1 * limitPerMinute;
    if (now - lastRemaining.at > tuning.roomFreshMs) return false;
    const since = starts.filter((s) => s >= lastRemaining!.at).length;
    // What the other devices spend meanwhile: the shop's rate less this origin's own (a lone
    // till's burst of links and lists is not a busy shop).
    const span = Math.max(5_000, Math.min(tuning.trendSpanMs, shopRate.coveredMs(now)));
    const own = (starts.filter((s) => s > now - span).length * windowMs) / span;
    const othersRate = Math.max(0, (shopRate.rate(now) ?? 0) - own);
    const meanwhile = (othersRate * tuning.roomLookaheadMs) / windowMs;
    return lastRemaining.value - since > reserveFraction * lastRemaining.limit + meanwhile;
  }

  /** For `aloneWatchMs` up to a fresh answer, the window held only this origin's requests. */
  function aloneInWindow(now: number): boolean {
    if (aloneSince === null || !lastRemaining || now - lastRemaining.at > tuning.roomFreshMs) return false;
    return lastRemaining.at - aloneSince >= tuning.aloneWatchMs;
  }

  /** An optional request goes when the shop is known to have room; until then, look again soon. */
  function optionalHeldUntil(now: number): number {
    // Nothing heard for a whole window (an idle till, e.g. refreshing a kept list between sales):
    // what was heard says nothing now, and no answer will come unless something is sent.
    if (!lastRemaining || now - lastRemaining.at > windowMs) {
      // A till that has just started may be one of ten opening together.
      const blindUntil = createdAt + tuning.optionalBlindMs;
      if (now < blindUntil) return Math.min(now + 2_000, blindUntil);
      return inFlight === 0 ? now : now + 2_000;
    }
    if (aloneInWindow(now)) return now;
    if (shopRate.coveredMs(now) < tuning.optionalWatchMs) return now + 2_000;
    return roomAbove(now, tuning.quietRoomFraction) ? now : now + 2_000;
  }

  function gates(now: number, urgent = false, eager = false, optional = false, dueBy?: number) {
    prune(now);
    const heldAt = optional && !urgent ? optionalHeldUntil(now) : now;
    const gap = gapMs() * gapFactor;
    // An eager poll (the customer has the page open) skips the pacing while the window has room.
    const eagerRoom = !urgent && eager && roomAbove(now, tuning.eagerReserveFraction);
    // While the window is mostly empty (a quiet shop), or holds only this origin's requests (a lone
    // till, whose wishes average under 25/min), nothing is paced or owed: the hard cap still holds.
    const free = eagerRoom || roomAbove(now, tuning.quietRoomFraction) || aloneInWindow(now);
    // Debt is paid back by requests that can wait: a poll that is due pays only what fits before
    // its dueBy (see RunOptions.dueBy).
    const debt = dueBy === undefined ? debtMs : Math.min(debtMs, Math.max(0, dueBy - lastStartAt - gap));
    const paceAt = urgent || free ? now : lastStartAt + gap + debt;
    const capAt = hardCapAt(now);
    return { paceAt, capAt, heldAt, free, at: Math.max(now, paceAt, capAt, pausedUntil, heldAt) };
  }

  function headEntry(): QueueEntry | undefined {
    for (const priority of PRIORITY_ORDER) {
      const head = queues[priority][0];
      if (head) return head;
    }
    return undefined;
  }

  function arm(at: number, now: number) {
    if (timer && timer.at === at) return;
    if (timer) clock.clearTimeout(timer.handle);
    const handle = clock.setTimeout(
      () => {
        timer = null;
        dispatch();
      },
      Math.max(0, at - now),
    );
    timer = { handle, at };
  }

  function dispatch() {
    for (;;) {
      const head = headEntry();
      if (!head) {
        if (timer) clock.clearTimeout(timer.handle);
        timer = null;
        return;
      }
      const now = clock.now();
      // Back from a quiet spell: do not resume at whatever rate the last busy minute reached.
      if (now - lastStartAt > windowMs && rate > tuning.initialPerMinute) {
        rate = clampRate(Math.max(tuning.initialPerMinute, rate / 2));
      }
      const gate = gates(now, head.urgent, head.eager, head.optional, head.dueBy);
      if (gate.at > now) {
        // A request that may not wait (a cashier's link) does not queue behind a paced poll of a
        // higher priority: only the hard cap and a 1429 pause hold it.
        const urgent = PRIORITY_ORDER.map((p) => queues[p][0]).find((entry) => entry?.urgent);
        const urgentGate = urgent && urgent !== head ? gates(now, true) : null;
        if (urgent && urgentGate && urgentGate.at <= now) {
          queues[urgent.priority].shift();
          urgent.start(urgentGate.free);
          continue;
        }
        if (gate.paceAt >= Math.max(gate.capAt, pausedUntil, gate.heldAt)) rateBound = true;
        arm(urgentGate ? Math.min(gate.at, urgentGate.at) : gate.at, now);
        return;
      }
      queues[head.priority].shift();
      head.start(gate.free);
    }
  }

  function halve(now: number, holdMs: number) {
    if (now - lastHalvedAt < holdMs) return;
    lastHalvedAt = now;
    lastDecreaseAt = now;
    rate = clampRate(rate / 2);
  }

  /**
   * Whether the rate is what holds this device back: a task waited for it, a poll was spaced out
   * because of it, or the device uses most of it. An idle device's rate does not creep up to the
   * ceiling, to be spent in one burst when a charge starts.
   */
  function utilised(now: number): boolean {
    const span = Math.min(windowMs, Math.max(15_000, 3 * gapMs()));
    if (rateBound || now - lastShortOfRateAt < span) return true;
    const used = starts.filter((s) => s > now - span).length;
    return used >= tuning.utilisation * rate * (span / 60_000);
  }

  /** AIMD on one answer that reported the window's remaining. */
  function adjust(now: number, used: number, limit: number) {
    const dt = Math.min(Math.max(tuning.maxStepMs, 1.5 * gapMs()), Math.max(0, now - lastAdjustAt));
    lastAdjustAt = now;
    const remaining = limit - used;
    const aim = limit * (1 - tuning.headroomFraction);
    const estimate = shopRate.rate(now) ?? used;
    // A shop that has just opened makes its links and first polls in a burst: its rate over the
    // first seconds reads 70-90/min while its window holds 15, and its charges are paid within
    // the minute. Cutting for that kept six tablets at 10 s gaps with the window half empty. What
    // must not happen is the window filling: the shop is over only if, at its rate, the window
    // would pass the aim within the horizon. In a window busy for a minute, `used` is about the
    // rate, and the load is the rate.
    const load =
      tuning.fillHorizonMs > 0
        ? Math.min(estimate, used + (estimate * tuning.fillHorizonMs) / windowMs)
        : estimate;
    if (remaining <= Math.max(1, tuning.lowFraction * limit)) {
      halve(now, Math.max(tuning.halveHoldMs, 2 * gapMs()));
    } else if (load > aim) {
      // Every device cuts the same fraction (by how far over the shop is): shares keep their
      // ratios while the total comes down, and the equal increases that follow even them out.
      if (now - lastDecreaseAt >= Math.max(tuning.cutHoldMs, tuning.cutHoldGaps * gapMs())) {
        lastDecreaseAt = now;
        rate = clampRate(rate * Math.min(tuning.cutFactor, Math.max(tuning.deepestCut, aim / load)));
      }
    } else if (used >= aim || shopRate.coveredMs(now) < tuning.trendMinSpanMs) {
      // Either the window still holds a busier past, or too little is known yet to go faster.
    } else if (utilised(now)) {
      rateBound = false;
      // Every device adds the same amount: the small shares catch up with the big ones. The fast
      // part (a window mostly free, e.g. one tablet alone) scales with this device's part of the
      // shop's rate, so ten devices together gain what one alone would, not ten times as much.
      const part = Math.min(1, (rate * windowMs) / 60_000 / Math.max(1, used, load));
      const free = (aim - Math.max(used, load)) / limit;
      const perMinute = tuning.increasePerMinute + tuning.headroomIncreasePerMinute * free * part;
      // At most +50 % in one step: a device that answers rarely must not leap.
      rate = clampRate(Math.min(rate * 1.5 + 1, rate + (perMinute * dt) / 60_000));
    }
  }

  function sharedState(): SharedRateState {
    return {
      ratePerMinute: rate,
      lastDecreaseAt: Number.isFinite(lastDecreaseAt) ? lastDecreaseAt : null,
      pausedUntil: Number.isFinite(pausedUntil) ? pausedUntil : null,
    };
  }

  /** Remember what the answer says about the shop's window (shared by local and external). */
  function note(observation: RateObservation, now: number): { used: number; limit: number } | null {
    if (observation.kind === 'no-answer') return null;
    if (observation.limit != null && observation.limit > 0) knownLimit = observation.limit;
    if (observation.kind === 'rate-limited') last1429At = now;
    const remaining =
      observation.kind === 'rate-limited' ? (observation.remaining ?? 0) : observation.remaining;
    if (remaining == null) return null;
    const limit = knownLimit;
    const used = Math.max(0, limit - remaining);
    const own = starts.filter((s) => s > now - windowMs && s <= now).length;
    if (observation.kind !== 'answer' || used > own) aloneSince = null;
    else if (aloneSince === null || !lastRemaining || now - lastRemaining.at > windowMs) aloneSince = now;
    lastRemaining = { value: remaining, limit, at: now };
    // A 1429's "0 remaining" is not a count to rebuild the shop's rate from (a proxy or a fault
    // can answer 1429 without the window being full); the halving deals with it.
    if (observation.kind === 'answer') shopRate.add(now, used);
    return { used, limit };
  }

  function observe(observation: RateObservation) {
    const now = clock.now();
    prune(now);
    const previous1429At = last1429At;
    const window = note(observation, now);
    if (observation.kind === 'rate-limited') {
      consecutive1429 += 1;
      // A 1429 always halves (even right after a cut), but a burst of them counts once.
      if (now - previous1429At >= tuning.rateLimitedHoldMs) halve(now, 0);
      const inWindow = starts.filter((s) => s > now - windowMs);
      const pause = rateLimitedPauseMs({
        retryAfterMs: observation.retryAfterMs,
        consecutive: consecutive1429,
        oldestStartInWindow: inWindow.length ? inWindow[0] : null,
        now,
        windowMs,
        pauseBaseMs: tuning.pauseBaseMs,
        pauseMaxMs: tuning.pauseMaxMs,
        random,
      });
      pausedUntil = Math.max(pausedUntil, now + pause);
    } else if (observation.kind === 'answer') {
      consecutive1429 = 0;
      if (window) adjust(now, window.used, window.limit);
    }
    emit({ type: 'observe', at: now, observation, shared: sharedState() });
    notify();
    dispatch();
  }

  function recordExternal(event: ExternalSchedulerEvent) {
    const now = clock.now();
    switch (event.type) {
      case 'start':
        recordStart(event.at);
        break;
      case 'observe': {
        note(event.observation, event.at);
        adopt(event.shared);
        // That tab has just adjusted the shared rate for the time up to its answer.
        lastAdjustAt = Math.max(lastAdjustAt, event.at);
        break;
      }
      case 'sync':
        // Another tab's history: counted in the window, but a tab that just opened owes nothing.
        for (const at of event.starts) if (at > now - windowMs && !starts.includes(at)) recordStart(at, true);
        adopt(event.shared);
        break;
    }
    prune(now);
    notify();
    dispatch();
  }

  /** One budget per origin: the tab that observed decides, the others follow. */
  function adopt(shared: SharedRateState) {
    rate = clampRate(shared.ratePerMinute);
    if (shared.lastDecreaseAt !== null) lastDecreaseAt = Math.max(lastDecreaseAt, shared.lastDecreaseAt);
    if (shared.pausedUntil !== null) pausedUntil = Math.max(pausedUntil, shared.pausedUntil);
  }

  function run<T>(
    priority: RequestPriority,
    task: (signal: AbortSignal) => Promise<T>,
    runOptions: RunOptions = {},
  ): Promise<T> {
    const { signal } = runOptions;
    const autoObserve = runOptions.observe ?? true;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const queue = queues[priority];
        const index = queue.indexOf(entry);
        if (index >= 0) {
          queue.splice(index, 1);
          reject(abortReason(signal as AbortSignal));
          notify();
          dispatch();
        }
      };
      const entry: QueueEntry = {
        priority,
        urgent: runOptions.urgent ?? false,
        eager: runOptions.eager ?? false,
        optional: runOptions.optional ?? false,
        dueBy: runOptions.dueBy,
        enqueuedAt: clock.now(),
        start: (free) => {
          signal?.removeEventListener('abort', onAbort);
          const at = clock.now();
          recordStart(at, free);
          inFlight += 1;
          emit({ type: 'start', at });
          let promise: Promise<T>;
          try {
            promise = task(signal ?? new AbortController().signal);
          } catch (error) {
            promise = Promise.reject(error);
          }
          promise.then(
            (value) => {
              inFlight -= 1;
              if (autoObserve && looksLikeResponse(value)) observe(observationFromResponse(value));
              else notify();
              resolve(value);
            },
            (error: unknown) => {
              inFlight -= 1;
              const observation = autoObserve && !signal?.aborted ? observationFromError(error) : null;
              if (observation) observe(observation);
              else notify();
              reject(error);
            },
          );
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = queues[priority];
      if (entry.urgent) queue.unshift(entry);
      else if (entry.optional) queue.push(entry);
      else {
        // A plain request does not queue behind one that waits for a quiet window.
        const firstOptional = queue.findIndex((queued) => queued.optional);
        queue.splice(firstOptional < 0 ? queue.length : firstOptional, 0, entry);
      }
      notify();
      dispatch();
    });
  }

  function pressure(): SchedulerPressure {
    const now = clock.now();
    const reasons: PressureReason[] = [];
    if (now - last1429At < tuning.pressureHoldMs) reasons.push('rate-limited');
    if (
      lastRemaining &&
      now - lastRemaining.at < tuning.pressureHoldMs &&
      lastRemaining.value <= tuning.headroomFraction * lastRemaining.limit
    ) {
      reasons.push('low-remaining');
    }
    if (pausedUntil > now) reasons.push('paused');
    const waiting = PRIORITY_ORDER.some((p) => {
      const head = queues[p][0];
      // An optional request waiting for a quiet moment is not the cashier's business.
      return head !== undefined && !head.optional && now - head.enqueuedAt >= tuning.pressureQueueWaitMs;
    });
    if (waiting) reasons.push('queue-waiting');
    if (now - lastStretchedAt < tuning.pressureHoldMs) reasons.push('polls-stretched');
    return { short: reasons.length > 0, reasons };
  }

  function snapshot(): SchedulerSnapshot {
    const now = clock.now();
    prune(now);
    return {
      ratePerMinute: rate,
      floorPerMinute: floor,
      ceilingPerMinute: ceiling(),
      limit: knownLimit,
      windowStarts: starts.filter((s) => s > now - windowMs).length,
      queued: {
        poll: queues.poll.length,
        create: queues.create.length,
        watch: queues.watch.length,
        list: queues.list.length,
      },
      inFlight,
      remaining: lastRemaining?.value ?? null,
      remainingAt: lastRemaining?.at ?? null,
      shopRate: shopRate.rate(now),
      last1429At: Number.isFinite(last1429At) ? last1429At : null,
      pausedUntil: pausedUntil > now ? pausedUntil : null,
      pressure: pressure(),
    };
  }

  return {
    run,
    observe,
    pressure,
    snapshot,
    pollIntervals(desiredMs, pollOptions) {
      const intervals = allocatePollIntervals(desiredMs, rate, pollOptions);
      const now = clock.now();
      if (intervals.some((ms, i) => ms > desiredMs[i])) lastShortOfRateAt = now;
      if (intervals.some((ms, i) => ms >= 2 * desiredMs[i] && ms >= 3_000)) lastStretchedAt = now;
      return intervals;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    recordExternal,
    exportShared() {
      const now = clock.now();
      prune(now);
      return { starts: starts.filter((s) => s > now - windowMs), shared: sharedState() };
    },
  };
}
