/**
 * Where the shop ledger stands, for the status indicator and the settings screen: a tiny external
 * store (subscribe/getSnapshot for React's useSyncExternalStore) that the replicator writes. It
 * holds no PouchDB and no credentials, so the app shell can read it without loading the ledger.
 *
 *   off       no ledger configured (or stopped)
 *   syncing   sending or receiving
 *   synced    both directions caught up (lastSyncAt is then)
 *   offline   the ledger cannot be reached (no network, server down, no such database);
 *             `waiting` sales are kept on the till and sent when it is back
 *   refused   the ledger refused the user or password (or the user may not use the database)
 */
import { plural, t } from '@lingui/core/macro';

export type LedgerState = 'off' | 'syncing' | 'synced' | 'offline' | 'refused';

/** What went wrong, when something did: decides the wording. */
export type LedgerProblem = 'password' | 'forbidden' | 'no-database' | 'unreachable' | 'server';

export interface LedgerStatus {
  state: LedgerState;
  /** Sales (charges) changed on this till and not yet on the ledger. */
  waiting: number;
  /** When both directions last caught up (ms), null if never. */
  lastSyncAt: number | null;
  problem?: LedgerProblem;
}

export interface LedgerStatusStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LedgerStatus;
  /** Replicator only: merges `change` into the status (a new snapshot object when it differs). */
  update(change: Partial<LedgerStatus>): void;
}

export const OFF_STATUS: LedgerStatus = Object.freeze({ state: 'off', waiting: 0, lastSyncAt: null });

export function createLedgerStatusStore(initial: LedgerStatus = OFF_STATUS): LedgerStatusStore {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    update(change) {
      const next: LedgerStatus = { ...snapshot, ...change };
      if (next.state !== 'offline' && next.state !== 'refused') delete next.problem;
      if (
        next.state === snapshot.state &&
        next.waiting === snapshot.waiting &&
        next.lastSyncAt === snapshot.lastSyncAt &&
        next.problem === snapshot.problem
      ) {
        return;
      }
      snapshot = next;
      for (const listener of listeners) listener();
    },
  };
}

/** The app's one ledger status (the replicator started by startLedger writes it). */
export const ledgerStatus = /* @__PURE__ */ createLedgerStatusStore();

/** The indicator's words: "Ledger synced", "Ledger offline · 12 sales waiting", … */
export function ledgerStatusText(status: LedgerStatus): string {
  const count = status.waiting;
  const waiting = count > 0 ? ` · ${plural(count, { one: '# sale waiting', other: '# sales waiting' })}` : '';
  switch (status.state) {
    case 'off':
      return t`No ledger`;
    case 'syncing':
      return t`Ledger syncing` + waiting;
    case 'synced':
      return t`Ledger synced`;
    case 'offline':
      if (status.problem === 'no-database') return t`Ledger has no such database` + waiting;
      if (status.problem === 'server') return t`Ledger server error` + waiting;
      return t`Ledger offline` + waiting;
    case 'refused':
      if (status.problem === 'forbidden') return t`Ledger refused this user` + waiting;
      return t`Ledger refused the password` + waiting;
  }
}
