/**
 * Runs the shop ledger's replicator for this device: loaded by the app shell only when a ledger is
 * configured (so neither this nor the replicator nor PouchDB is in the first download).
 *
 * One tab replicates: the replicator runs inside the Web Lock `mixpay-pos-ledger`, so a second tab
 * of the app waits (its screens still see every sale, through the journal's cross-tab notices) and
 * takes over when the first one closes. Changes of the settings are applied in order:
 *   same ledger, same till          nothing (a rename is written to the till's card)
 *   another password or user        the replicator restarts
 *   another URL                     the old mirror is stopped and deleted, the new one starts
 *   no ledger any more              stopped, its mirror deleted, the lock released
 * The journal keeps every sale in all of these.
 */
import * as v from 'valibot';
import { LedgerConfigSchema, loadLedger, type LedgerConfig, type TillIdentity } from '@/ledger';
import type { Settings } from '@/settings';

export const LEDGER_LOCK = 'mixpay-pos-ledger';

export type Wanted = { config: LedgerConfig; till: TillIdentity } | null;

/** none: no ledger; waiting: another tab of this device replicates; running: this tab does. */
export type LockState = 'none' | 'waiting' | 'running';

let wanted: Wanted = null;
let lockState: LockState = 'none';
let release: (() => void) | null = null;
let acquiring: AbortController | null = null;
/** The ledger this tab's replicator was last started for (its mirror exists on this device). */
let started: LedgerConfig | null = null;
let queue: Promise<void> = Promise.resolve();
const listeners = new Set<() => void>();

function setLockState(next: LockState) {
  if (next === lockState) return;
  lockState = next;
  for (const listener of listeners) listener();
}

export const ledgerLock = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot: (): LockState => lockState,
};

/** When each till of the shop was last heard of (the running replicator's till cards), or null. */
export async function tillsLastSeen(): Promise<Map<string, number> | null> {
  const ledger = (await loadLedger()).currentLedger();
  if (!ledger) return null;
  return new Map((await ledger.tills()).map((t) => [t.tillId, t.seenAt]));
}

/** The app's settings, loaded or saved: the ledger they name (or none) for this till. */
export function followSettings(settings: Settings): Promise<void> {
  const { ledger, tillId, tillName } = settings;
  return wantLedger(ledger ? { config: ledger, till: { tillId, tillName } } : null);
}

/** What the settings say now: the ledger and this till, or null. Applied in order. */
export function wantLedger(next: Wanted): Promise<void> {
  wanted = next;
  queue = queue.then(apply, apply);
  return queue;
}

function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/** Asks for the lock; once held, the current wish is applied again. */
function acquire() {
  if (acquiring || release) return;
  const manager = locks();
  if (!manager) {
    release = () => undefined;
    return;
  }
  const controller = new AbortController();
  acquiring = controller;
  setLockState('waiting');
  manager
    .request(LEDGER_LOCK, { signal: controller.signal }, () => {
      acquiring = null;
      return new Promise<void>((resolve) => {
        release = resolve;
        void wantLedger(wanted);
      });
    })
    .catch(() => {
      // Aborted: the ledger was removed while another tab held the lock.
      if (acquiring === controller) acquiring = null;
    });
}

async function apply(): Promise<void> {
  const target = wanted;
  try {
    if (!target) {
      acquiring?.abort();
      acquiring = null;
      if (release) {
        const m = await loadLedger();
        await m.stopLedger();
        if (started) await m.forgetLedgerMirror(started).catch(() => undefined);
        started = null;
        release();
        release = null;
      }
      setLockState('none');
      return;
    }
    if (!release) {
      acquire();
      if (!release) return; // applied again when the lock comes
    }
    if (!v.is(LedgerConfigSchema, target.config)) {
      // Only a hand-edited record gets here: the settings screen saves what parseLedgerConfig took.
      console.warn('Ledger: the stored connection is not valid; not started');
      return;
    }
    const m = await loadLedger();
    if (started && started.url !== target.config.url) {
      await m.stopLedger();
      await m.forgetLedgerMirror(started).catch(() => undefined);
      started = null;
    }
    setLockState('running');
    started = target.config;
    await m.startLedger(target.config, target.till);
  } catch (error) {
    // PouchDB could not be loaded or the mirror opened: the till sells on without the ledger.
    console.warn('Ledger: could not start', error);
  }
}
