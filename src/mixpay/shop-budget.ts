/**
 * One MixPay budget per browser origin, however many tabs of the app are open on the device.
 *
 * MixPay counts requests per client address, so two tabs on one tablet are not two tablets: they
 * must count as one. Each tab has its own request scheduler; this module joins them:
 *
 *  - BroadcastChannel carries every request start and every rate observation (what MixPay said,
 *    and the rate and pause the observing tab decided on) to the other tabs. Each tab's scheduler
 *    counts the origin's starts in its sliding window (the hard cap holds for the origin) and
 *    follows the same rate: the tab that heard the answer decides, the others adopt its decision.
 *    A newly opened tab says hello and is sent the window so far.
 *  - Web Locks hold "the poller of trace X". A tab polls a trace only while it holds that trace's
 *    lock, so two tabs showing one charge do not both poll it. The lock is released when the tab
 *    lets go or closes (the browser releases a closed tab's locks), and a tab that still wants the
 *    trace is waiting in the lock's queue: it gets the lock and takes over the polling. A tab that
 *    must poll now (the one in front of the customer) can take the lock over (`steal`); the tab it
 *    took it from is told (onLost) and queues again, so it gets the trace back later.
 *  - The poller can share what it learns (`publishResult`) with tabs that show the same charge.
 *
 * Without BroadcastChannel or Web Locks (old browsers, tests) it falls back to one tab's view: an
 * in-memory lock manager, nothing broadcast. All state lives in the object `createShopBudget`
 * returns.
 */
import { DEFAULT_CHANNEL, traceLockName } from './trace-locks';
import {
  systemClock,
  type ExternalSchedulerEvent,
  type PollShareOptions,
  type RequestScheduler,
  type SchedulerClock,
  type SchedulerEvent,
} from './scheduler';

/** The part of the Web Locks API used here (navigator.locks). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

export { DEFAULT_CHANNEL, traceLockName, tracesPolledNow } from './trace-locks';

export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

export interface ShopBudgetOptions {
  /** BroadcastChannel name, also the prefix of the lock names. */
  channelName?: string;
  scheduler: RequestScheduler;
  /** Default `navigator.locks`; `null` forces the single-tab fallback. */
  locks?: LockManagerLike | null;
  /** Default `globalThis.BroadcastChannel`; `null` forces the single-tab fallback. */
  BroadcastChannelImpl?: BroadcastChannelConstructor | null;
  /** Default: random. */
  tabId?: string;
  clock?: SchedulerClock;
  /** How often a tab that polls traces says so again (others forget it after 3 × this). */
  heartbeatMs?: number;
}

export interface TraceClaimHandlers {
  /** This tab now polls the trace. */
  onAcquired(): void;
  /** Another tab took the trace over: stop polling it (this tab waits to get it back). */
  onLost?(): void;
}

export interface TraceClaimOptions {
  /** Take the trace over from the tab polling it now, instead of waiting for it to let go. */
  steal?: boolean;
}

export interface ShopBudget {
  readonly tabId: string;
  /** Whether other tabs are actually reached (false: single-tab fallback). */
  readonly coordinated: { channel: boolean; locks: boolean };
  /**
   * Ask to be the poller of a trace. `onAcquired` runs when this tab holds it (at once if nobody
   * else does). Returns `release`: call it when the charge no longer needs polling here (final
   * result, screen closed); a tab waiting for the trace then takes over.
   */
  claimTrace(traceId: string, handlers: TraceClaimHandlers, options?: TraceClaimOptions): () => void;
  /** Whether this tab polls the trace right now. */
  holds(traceId: string): boolean;
  /** Traces polled by all tabs of the origin (each counted once). */
  originTraceCount(): number;
  /**
   * Poll intervals for this tab's charges (one desired interval each), sharing the device's rate
   * with the traces the other tabs poll (counted as wanting as much as this tab's hungriest).
   */
  pollIntervals(desiredMs: readonly number[], options?: PollShareOptions): number[];
  /** Tell the other tabs what the poller learnt about a trace (structured-cloneable). */
  publishResult(traceId: string, payload: unknown): void;
  /** Results another tab published for a trace. */
  onResult(traceId: string, listener: (payload: unknown) => void): () => void;
  /** Leave: release every trace, tell the other tabs, stop listening. Call on pagehide. */
  close(): void;
}

type Message =
  | { v: 1; from: string; type: 'hello' }
  | { v: 1; from: string; type: 'bye' }
  | { v: 1; from: string; type: 'held'; traces: string[] }
  | { v: 1; from: string; type: 'result'; traceId: string; payload: unknown }
  | { v: 1; from: string; type: 'scheduler'; event: ExternalSchedulerEvent };

function isMessage(data: unknown): data is Message {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { v?: unknown }).v === 1 &&
    typeof (data as { from?: unknown }).from === 'string' &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

function abortError(): DOMException {
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an AbortError's message, for logs (callers branch on its name)
  return new DOMException('The lock request was aborted.', 'AbortError');
}

/**
 * Web Locks semantics for one tab (the fallback): one holder per name, a FIFO queue of waiters,
 * `ifAvailable`, `steal` and `signal`.
 */
export function createMemoryLockManager(): LockManagerLike {
  interface Waiter {
    callback: (lock: unknown) => unknown;
    resolve: (value: unknown) => void;
    reject: (reason: unknown) => void;
    signal?: AbortSignal;
    onAbort?: () => void;
  }
  interface Held {
    token: object;
    reject: (reason: unknown) => void;
  }
  const held = new Map<string, Held>();
  const queues = new Map<string, Waiter[]>();

  function grant(name: string, waiter: Waiter) {
    const token = {};
    let settled = false;
    held.set(name, {
      token,
      reject: (reason) => {
        if (settled) return;
        settled = true;
        waiter.reject(reason);
      },
    });
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(waiter.callback({ name }));
    } catch (error) {
      result = Promise.reject(error);
    }
    const done = () => {
      if (held.get(name)?.token === token) {
        held.delete(name);
        next(name);
      }
    };
    result.then(
      (value) => {
        done();
        if (!settled) {
          settled = true;
          waiter.resolve(value);
        }
      },
      (error: unknown) => {
        done();
        if (!settled) {
          settled = true;
          waiter.reject(error);
        }
      },
    );
  }

  function next(name: string) {
    const queue = queues.get(name);
    const waiter = queue?.shift();
    if (!waiter) return;
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    grant(name, waiter);
  }

  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        if (options.signal?.aborted) {
          reject(options.signal.reason ?? abortError());
          return;
        }
        const waiter: Waiter = { callback, resolve, reject, signal: options.signal };
        if (options.steal) {
          const current = held.get(name);
          held.delete(name);
          current?.reject(abortError());
          grant(name, waiter);
          return;
        }
        if (!held.has(name)) {
          grant(name, waiter);
          return;
        }
        if (options.ifAvailable) {
          Promise.resolve(callback(null)).then(resolve, reject);
          return;
        }
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        queue.push(waiter);
        if (options.signal) {
          const signal = options.signal;
          waiter.onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) {
              queue.splice(index, 1);
              reject(signal.reason ?? abortError());
            }
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
      });
    },
  };
}

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

function defaultChannel(): BroadcastChannelConstructor | null {
  return (globalThis as { BroadcastChannel?: BroadcastChannelConstructor }).BroadcastChannel ?? null;
}

function randomTabId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `tab-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
}

export function createShopBudget(options: ShopBudgetOptions): ShopBudget {
  const channelName = options.channelName ?? DEFAULT_CHANNEL;
  const { scheduler } = options;
  const clock = options.clock ?? systemClock;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const tabId = options.tabId ?? randomTabId();
  const sharedLocks = options.locks === undefined ? defaultLocks() : options.locks;
  const locks = sharedLocks ?? createMemoryLockManager();
  const Channel =
    options.BroadcastChannelImpl === undefined ? defaultChannel() : options.BroadcastChannelImpl;

  let channel: BroadcastChannelLike | null = null;
  try {
    channel = Channel ? new Channel(channelName) : null;
  } catch {
    channel = null;
  }

  /** Traces this tab polls now. */
  const held = new Set<string>();
  /** Traces the other tabs poll, as they last said. */
  const othersHeld = new Map<string, { traces: string[]; at: number }>();
  const resultListeners = new Map<string, Set<(payload: unknown) => void>>();
  const releasers = new Set<() => void>();
  let heartbeat: unknown = null;
  let closed = false;

  const post = (message: Message) => {
    if (!channel || closed) return;
    try {
      channel.postMessage(message);
    } catch {
      // A closed or broken channel: this tab carries on alone.
    }
  };

  const announceHeld = () => post({ v: 1, from: tabId, type: 'held', traces: [...held] });

  function scheduleHeartbeat() {
    if (heartbeat !== null || !channel || closed || held.size === 0) return;
    heartbeat = clock.setTimeout(() => {
      heartbeat = null;
      if (held.size === 0) return;
      announceHeld();
      scheduleHeartbeat();
    }, heartbeatMs);
  }

  function heldChanged() {
    announceHeld();
    if (held.size === 0 && heartbeat !== null) {
      clock.clearTimeout(heartbeat);
      heartbeat = null;
    }
    scheduleHeartbeat();
  }

  const stopForwarding = scheduler.onEvent((event: SchedulerEvent) => {
    post({ v: 1, from: tabId, type: 'scheduler', event });
  });

  const onMessage = (event: { data: unknown }) => {
    const message = event.data;
    if (!isMessage(message) || message.from === tabId || closed) return;
    switch (message.type) {
      case 'hello': {
        const state = scheduler.exportShared();
        post({ v: 1, from: tabId, type: 'scheduler', event: { type: 'sync', ...state } });
        if (held.size) announceHeld();
        break;
      }
      case 'bye':
        othersHeld.delete(message.from);
        break;
      case 'held':
        if (Array.isArray(message.traces)) {
          othersHeld.set(message.from, {
            traces: message.traces.filter((t) => typeof t === 'string'),
            at: clock.now(),
          });
        }
        break;
      case 'result':
        for (const listener of [...(resultListeners.get(message.traceId) ?? [])]) listener(message.payload);
        break;
      case 'scheduler':
        scheduler.recordExternal(message.event);
        break;
    }
  };
  channel?.addEventListener('message', onMessage);
  post({ v: 1, from: tabId, type: 'hello' });

  function othersTraces(): Set<string> {
    const now = clock.now();
    const traces = new Set<string>();
    for (const [tab, entry] of othersHeld) {
      if (now - entry.at > 3 * heartbeatMs) {
        othersHeld.delete(tab);
        continue;
      }
      for (const trace of entry.traces) if (!held.has(trace)) traces.add(trace);
    }
    return traces;
  }

  function claimTrace(traceId: string, handlers: TraceClaimHandlers, claimOptions: TraceClaimOptions = {}) {
    const name = traceLockName(traceId, channelName);
    let released = closed;
    let holding = false;
    let letGo: (() => void) | null = null;
    let waiting: AbortController | null = null;

    const acquire = () => {
      waiting = null;
      holding = true;
      held.add(traceId);
      heldChanged();
      handlers.onAcquired();
    };

    const attempt = (steal: boolean) => {
      if (released) return;
      const controller = steal ? null : new AbortController();
      waiting = controller;
      const request = controller ? { signal: controller.signal } : { steal: true };
      let pending: Promise<unknown>;
      try {
        pending = locks.request(name, request, () => {
          if (released) return undefined;
          acquire();
          return new Promise<void>((resolve) => {
            letGo = resolve;
          });
        });
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        () => {
          // Let go by release(): the lock is free for the next tab in the queue.
          holding = false;
          letGo = null;
        },
        (error: unknown) => {
          if (holding) {
            // Another tab took the trace over: stop, and queue to get it back when it lets go.
            holding = false;
            letGo = null;
            if (held.delete(traceId)) heldChanged();
            handlers.onLost?.();
            attempt(false);
          } else if (!released && !(error instanceof DOMException && error.name === 'AbortError')) {
            // Web Locks refused outright (e.g. an opaque origin): poll as a lone tab would.
            acquire();
          }
        },
      );
    };

    const release = () => {
      if (released) return;
      released = true;
      releasers.delete(release);
      waiting?.abort();
      waiting = null;
      if (holding && held.delete(traceId)) heldChanged();
      const done = letGo as (() => void) | null;
      letGo = null;
      done?.();
    };
    releasers.add(release);
    attempt(claimOptions.steal === true);
    return release;
  }

  return {
    tabId,
    coordinated: { channel: channel !== null, locks: sharedLocks !== null },
    claimTrace,
    holds: (traceId) => held.has(traceId),
    originTraceCount: () => held.size + othersTraces().size,
    pollIntervals(desiredMs, pollOptions) {
      if (!desiredMs.length) return [];
      const others = othersTraces().size;
      const hungriest = Math.min(...desiredMs);
      const all = [...desiredMs, ...new Array<number>(others).fill(hungriest)];
      return scheduler.pollIntervals(all, pollOptions).slice(0, desiredMs.length);
    },
    publishResult(traceId, payload) {
      post({ v: 1, from: tabId, type: 'result', traceId, payload });
    },
    onResult(traceId, listener) {
      const set = resultListeners.get(traceId) ?? new Set();
      resultListeners.set(traceId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size) resultListeners.delete(traceId);
      };
    },
    close() {
      if (closed) return;
      for (const release of [...releasers]) release();
      post({ v: 1, from: tabId, type: 'bye' });
      closed = true;
      if (heartbeat !== null) clock.clearTimeout(heartbeat);
      heartbeat = null;
      stopForwarding();
      channel?.removeEventListener('message', onMessage);
      try {
        channel?.close();
      } catch {
        // already closed
      }
      channel = null;
    },
  };
}
