import { describe, expect, it, vi } from 'vitest';
import { OFF_STATUS, createLedgerStatusStore, ledgerStatusText } from './ledger-status';

describe('ledger status', () => {
  it('says where the ledger stands in a few words', () => {
    expect(ledgerStatusText({ state: 'synced', waiting: 0, lastSyncAt: 1 })).toBe('Ledger synced');
    expect(ledgerStatusText({ state: 'offline', waiting: 12, lastSyncAt: 1, problem: 'unreachable' })).toBe(
      'Ledger offline · 12 sales waiting',
    );
    expect(ledgerStatusText({ state: 'offline', waiting: 1, lastSyncAt: null })).toBe(
      'Ledger offline · 1 sale waiting',
    );
    expect(ledgerStatusText({ state: 'refused', waiting: 0, lastSyncAt: null, problem: 'password' })).toBe(
      'Ledger refused the password',
    );
    expect(ledgerStatusText({ state: 'refused', waiting: 2, lastSyncAt: null, problem: 'forbidden' })).toBe(
      'Ledger refused this user · 2 sales waiting',
    );
    expect(ledgerStatusText({ state: 'offline', waiting: 0, lastSyncAt: null, problem: 'no-database' })).toBe(
      'Ledger has no such database',
    );
    expect(ledgerStatusText({ state: 'syncing', waiting: 3, lastSyncAt: null })).toBe(
      'Ledger syncing · 3 sales waiting',
    );
    expect(ledgerStatusText(OFF_STATUS)).toBe('No ledger');
  });

  it('is a store for useSyncExternalStore: a new snapshot only when something changed', () => {
    const store = createLedgerStatusStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const first = store.getSnapshot();
    store.update({ state: 'off' });
    expect(store.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    store.update({ state: 'offline', problem: 'unreachable', waiting: 2 });
    expect(store.getSnapshot()).toEqual({
      state: 'offline',
      problem: 'unreachable',
      waiting: 2,
      lastSyncAt: null,
    });
    store.update({ state: 'synced', waiting: 0, lastSyncAt: 5 });
    // A problem only goes with offline or refused.
    expect(store.getSnapshot()).toEqual({ state: 'synced', waiting: 0, lastSyncAt: 5 });
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.update({ state: 'syncing' });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
