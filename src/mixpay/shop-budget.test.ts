import { describe, expect, it } from 'vitest';
import { createRequestScheduler, type RequestScheduler, type SchedulerClock } from './scheduler';
import { createFakeClock, flushMicrotasks, seededRandom, type FakeClock } from './scheduler-sim.test-support';
import {
  createMemoryLockManager,
  createShopBudget,
  type BroadcastChannelLike,
  type LockManagerLike,
  type ShopBudget,
} from './shop-budget';

/** BroadcastChannel between the "tabs" of one test: asynchronous, structured-cloned, never to self. */
function createChannelHub() {
  type Listener = (event: { data: unknown }) => void;
  const open = new Set<FakeChannel>();
  const sent: unknown[] = [];
  class FakeChannel implements BroadcastChannelLike {
    private listeners = new Set<Listener>();
    private closed = false;
    constructor(readonly name: string) {
      open.add(this);
    }
    postMessage(message: unknown) {
      if (this.closed) throw new DOMException('closed', 'InvalidStateError');
      const data = structuredClone(message);
      sent.push(data);
      for (const other of open) {
        if (other === this || other.name !== this.name) continue;
        queueMicrotask(() => other.deliver(structuredClone(data)));
      }
    }
    deliver(data: unknown) {
      if (this.closed) return;
      for (const listener of [...this.listeners]) listener({ data });
    }
    addEventListener(_type: 'message', listener: Listener) {
      this.listeners.add(listener);
    }
    removeEventListener(_type: 'message', listener: Listener) {
      this.listeners.delete(listener);
    }
    close() {
      this.closed = true;
      open.delete(this);
    }
  }
  return { Channel: FakeChannel, sent };
}

/**
 * navigator.locks shared by the tabs of one origin: one holder per name, FIFO waiters, ifAvailable,
 * steal, signal; `closeTab` drops a tab's locks and waiters the way a browser does when it closes.
 */
function createLockHub() {
  interface Request {
    tab: string;
    callback: (lock: unknown) => unknown;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }
  const holders = new Map<string, { request: Request; done: boolean }>();
  const queues = new Map<string, Request[]>();
  const abortError = () => new DOMException('aborted', 'AbortError');

  function grant(name: string, request: Request) {
    const entry = { request, done: false };
    holders.set(name, entry);
    Promise.resolve()
      .then(() => request.callback({ name, mode: 'exclusive' }))
      .then(
        (value) => finish(name, entry, () => request.resolve(value)),
        (error: unknown) => finish(name, entry, () => request.reject(error)),
      );
  }
  function finish(name: string, entry: { request: Request; done: boolean }, settle: () => void) {
    if (entry.done) return;
    entry.done = true;
    settle();
    if (holders.get(name) === entry) {
      holders.delete(name);
      const next = queues.get(name)?.shift();
      if (next) grant(name, next);
    }
  }

  return {
    forTab(tab: string): LockManagerLike {
      return {
        request(name, options, callback) {
          return new Promise((resolve, reject) => {
            if ((options.steal || options.ifAvailable) && options.signal) {
              reject(new DOMException('bad options', 'NotSupportedError'));
              return;
            }
            if (options.signal?.aborted) return reject(abortError());
            const request: Request = { tab, callback, resolve, reject };
            const current = holders.get(name);
            if (options.steal) {
              if (current) {
                current.done = true;
                holders.delete(name);
                current.request.reject(abortError());
              }
              grant(name, request);
            } else if (!current) grant(name, request);
            else if (options.ifAvailable) Promise.resolve(callback(null)).then(resolve, reject);
            else {
              const queue = queues.get(name) ?? [];
              queues.set(name, queue);
              queue.push(request);
              options.signal?.addEventListener('abort', () => {
                const i = queue.indexOf(request);
                if (i >= 0) {
                  queue.splice(i, 1);
                  reject(abortError());
                }
              });
            }
          });
        },
      };
    },
    /** The browser closes a tab: its locks go to the next waiter, its waiters vanish. */
    closeTab(tab: string) {
      for (const queue of queues.values()) {
        for (let i = queue.length - 1; i >= 0; i--) if (queue[i].tab === tab) queue.splice(i, 1);
      }
      for (const [name, entry] of [...holders]) {
        if (entry.request.tab === tab) finish(name, entry, () => undefined);
      }
    },
    holderOf: (name: string) => holders.get(name)?.request.tab ?? null,
  };
}

interface Tab {
  id: string;
  scheduler: RequestScheduler;
  budget: ShopBudget;
}

function createOrigin() {
  const clock: FakeClock = createFakeClock(5_000_000);
  const channels = createChannelHub();
  const locks = createLockHub();
  const crashes = new Map<string, () => void>();
  let seed = 1;
  const open = (id: string, limitPerMinute = 60): Tab => {
    let alive = true;
    // The tab's own view of time and of the channel, so that a crash can silence it.
    const tabClock: SchedulerClock = {
      now: clock.now,
      setTimeout: (callback, ms) => clock.setTimeout(() => alive && callback(), ms),
      clearTimeout: clock.clearTimeout,
    };
    const tabChannels: BroadcastChannelLike[] = [];
    const TabChannel = class extends channels.Channel {
      constructor(name: string) {
        super(name);
        tabChannels.push(this);
      }
    };
    const scheduler = createRequestScheduler({
      clock: tabClock,
      random: seededRandom(seed++),
      limitPerMinute,
      // These tabs' tasks answer without rate-limit headers: keep them paced.
      tuning: { roomBeforeFirstAnswer: false },
    });
    const budget = createShopBudget({
      scheduler,
      tabId: id,
      clock: tabClock,
      locks: locks.forTab(id),
      BroadcastChannelImpl: TabChannel,
    });
    crashes.set(id, () => {
      alive = false;
      for (const channel of tabChannels) channel.close();
      locks.closeTab(id);
    });
    return { id, scheduler, budget };
  };
  /** The tab vanishes without a word: no goodbye, no more heartbeats, its locks released. */
  const crash = (id: string) => crashes.get(id)?.();
  return { clock, channels, locks, open, crash };
}

async function settle() {
  for (let i = 0; i < 5; i++) await flushMicrotasks();
}

function recorder() {
  const events: string[] = [];
  return {
    events,
    handlers: (tab: string) => ({
      onAcquired: () => events.push(`${tab} polls`),
      onLost: () => events.push(`${tab} lost`),
    }),
  };
}

describe('one poller per trace', () => {
  it('lets one tab poll a trace; the other takes over when it lets go', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    const releaseA = a.budget.claimTrace('trace-1', log.handlers('A'));
    await settle();
    b.budget.claimTrace('trace-1', log.handlers('B'));
    await settle();
    expect(log.events).toEqual(['A polls']);
    expect(a.budget.holds('trace-1')).toBe(true);
    expect(b.budget.holds('trace-1')).toBe(false);
    releaseA();
    await settle();
    expect(log.events).toEqual(['A polls', 'B polls']);
    expect(b.budget.holds('trace-1')).toBe(true);
  });

  it('hands the trace over when the polling tab is closed without a word', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    a.budget.claimTrace('trace-1', log.handlers('A'));
    await settle();
    b.budget.claimTrace('trace-1', log.handlers('B'));
    await settle();
    origin.locks.closeTab('A');
    await settle();
    expect(log.events).toEqual(['A polls', 'B polls']);
    expect(origin.locks.holderOf('mixpay-shop-budget:trace:trace-1')).toBe('B');
  });

  it('can take a trace over, and gives it back when done', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    a.budget.claimTrace('trace-1', log.handlers('A'));
    await settle();
    const releaseB = b.budget.claimTrace('trace-1', log.handlers('B'), { steal: true });
    await settle();
    expect(log.events.slice(1).sort()).toEqual(['A lost', 'B polls']);
    expect(a.budget.holds('trace-1')).toBe(false);
    expect(b.budget.holds('trace-1')).toBe(true);
    releaseB();
    await settle();
    expect(log.events.at(-1)).toBe('A polls');
    expect(a.budget.holds('trace-1')).toBe(true);
  });

  it('lets go of a trace it was still waiting for without ever polling it', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    const releaseA = a.budget.claimTrace('trace-1', log.handlers('A'));
    await settle();
    const releaseB = b.budget.claimTrace('trace-1', log.handlers('B'));
    await settle();
    releaseB();
    releaseA();
    await settle();
    expect(log.events).toEqual(['A polls']);
    expect(origin.locks.holderOf('mixpay-shop-budget:trace:trace-1')).toBeNull();
  });

  it('counts the traces of every tab once, and plans poll intervals with them', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    a.budget.claimTrace('trace-1', log.handlers('A'));
    a.budget.claimTrace('trace-2', log.handlers('A'));
    b.budget.claimTrace('trace-2', log.handlers('B')); // waits: A polls it
    b.budget.claimTrace('trace-3', log.handlers('B'));
    await settle();
    expect(a.budget.originTraceCount()).toBe(3);
    expect(b.budget.originTraceCount()).toBe(3);
    // B's one charge shares the device's rate with A's two.
    const rate = b.scheduler.snapshot().ratePerMinute;
    expect(b.budget.pollIntervals([1_000])).toEqual([Math.ceil((60_000 * 3) / (rate * 0.9))]);
    a.budget.close();
    await settle();
    expect(b.budget.originTraceCount()).toBe(2);
  });

  it('forgets the traces of a tab that vanished without a word', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const log = recorder();
    a.budget.claimTrace('trace-1', log.handlers('A'));
    await settle();
    expect(b.budget.originTraceCount()).toBe(1);
    await origin.clock.advance(45_000); // A's heartbeats keep it known
    expect(b.budget.originTraceCount()).toBe(1);
    origin.crash('A');
    await origin.clock.advance(31_000);
    expect(b.budget.originTraceCount()).toBe(0);
  });

  it('shares a result the poller learnt with the other tabs', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    const seen: unknown[] = [];
    const stop = b.budget.onResult('trace-1', (payload) => seen.push(payload));
    a.budget.publishResult('trace-1', { status: 'success', quoteAmount: '10.00' });
    a.budget.publishResult('trace-2', { status: 'unpaid' });
    await settle();
    expect(seen).toEqual([{ status: 'success', quoteAmount: '10.00' }]);
    stop();
    a.budget.publishResult('trace-1', { status: 'failed' });
    await settle();
    expect(seen).toHaveLength(1);
  });
});

describe('one budget for the origin', () => {
  it("counts every tab's requests in each tab's window (the hard cap holds for the origin)", async () => {
    const origin = createOrigin();
    const a = origin.open('A', 4);
    const b = origin.open('B', 4);
    await settle();
    const startsA: number[] = [];
    const startsB: number[] = [];
    const runsA = [1, 2, 3].map(() => a.scheduler.run('poll', async () => startsA.push(origin.clock.now())));
    await origin.clock.advance(35_000);
    await Promise.all(runsA);
    expect(startsA).toHaveLength(3);
    expect(b.scheduler.snapshot().windowStarts).toBe(3);
    const runsB = [1, 2].map(() => b.scheduler.run('poll', async () => startsB.push(origin.clock.now())));
    await origin.clock.advance(120_000);
    await Promise.all(runsB);
    // B may start one more within the minute (4 for the origin), the next only when A's first leaves.
    expect(startsB[0]).toBeLessThan(startsA[0] + 60_000);
    expect(startsB[1]).toBeGreaterThanOrEqual(startsA[0] + 60_000);
  });

  it('follows the rate and the pause decided by the tab that heard a 1429', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    await settle();
    const before = b.scheduler.snapshot().ratePerMinute;
    a.scheduler.observe({ kind: 'rate-limited', retryAfterMs: 40_000 });
    await settle();
    const snapB = b.scheduler.snapshot();
    expect(snapB.ratePerMinute).toBe(Math.max(2, before / 2));
    expect(snapB.pausedUntil).toBe(a.scheduler.snapshot().pausedUntil);
    expect(snapB.pressure.reasons).toContain('rate-limited');
  });

  it('brings a newly opened tab up to date', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const runs = [1, 2].map(() => a.scheduler.run('poll', async () => undefined));
    await origin.clock.advance(15_000);
    await Promise.all(runs);
    a.budget.claimTrace('trace-1', recorder().handlers('A'));
    await settle();
    const c = origin.open('C');
    await settle();
    expect(c.scheduler.snapshot().windowStarts).toBe(2);
    expect(c.scheduler.snapshot().ratePerMinute).toBe(a.scheduler.snapshot().ratePerMinute);
    expect(c.budget.originTraceCount()).toBe(1);
  });

  it('stops talking after close', async () => {
    const origin = createOrigin();
    const a = origin.open('A');
    const b = origin.open('B');
    await settle();
    b.budget.close();
    await a.scheduler.run('poll', async () => undefined);
    await settle();
    expect(b.scheduler.snapshot().windowStarts).toBe(0);
  });
});

describe('without BroadcastChannel and Web Locks', () => {
  it('behaves as a single tab', async () => {
    const clock = createFakeClock(0);
    const scheduler = createRequestScheduler({ clock, random: seededRandom(3) });
    const budget = createShopBudget({ scheduler, clock, locks: null, BroadcastChannelImpl: null });
    expect(budget.coordinated).toEqual({ channel: false, locks: false });
    const log = recorder();
    const release1 = budget.claimTrace('trace-1', log.handlers('first'));
    budget.claimTrace('trace-1', log.handlers('second'));
    await settle();
    expect(log.events).toEqual(['first polls']);
    release1();
    await settle();
    expect(log.events).toEqual(['first polls', 'second polls']);
    expect(budget.originTraceCount()).toBe(1);
    budget.publishResult('trace-1', { status: 'unpaid' }); // nowhere to go, no error
    budget.close();
    await settle();
    expect(budget.holds('trace-1')).toBe(false);
  });

  it('falls back to polling alone when Web Locks refuse', async () => {
    const clock = createFakeClock(0);
    const scheduler = createRequestScheduler({ clock, random: seededRandom(3) });
    const refusing: LockManagerLike = {
      request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
    };
    const budget = createShopBudget({ scheduler, clock, locks: refusing, BroadcastChannelImpl: null });
    const log = recorder();
    budget.claimTrace('trace-1', log.handlers('tab'));
    await settle();
    expect(log.events).toEqual(['tab polls']);
  });

  it('has a memory lock manager with the Web Locks rules', async () => {
    const locks = createMemoryLockManager();
    const order: string[] = [];
    let releaseFirst = () => {};
    const first = locks.request('x', {}, () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const unavailable = await locks.request('x', { ifAvailable: true }, (lock) => lock);
    expect(unavailable).toBeNull();
    const controller = new AbortController();
    const aborted = locks.request('x', { signal: controller.signal }, () => order.push('aborted ran'));
    const second = locks.request('x', {}, () => order.push('second'));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    releaseFirst();
    await first;
    await second;
    expect(order).toEqual(['second']);
    const held = locks.request('y', {}, () => new Promise(() => undefined));
    await locks.request('y', { steal: true }, () => order.push('stole'));
    await expect(held).rejects.toMatchObject({ name: 'AbortError' });
  });
});
