/**
 * The shop ledger's small status in the top bar ("Ledger synced", "Ledger offline · 12 sales
 * waiting", "Ledger refused the password"). Loaded lazily, only when a ledger is configured.
 */
import { useLingui } from '@lingui/react/macro';
import { useSyncExternalStore } from 'react';
import type { LedgerState } from '@/ledger';
// The app shell may reach into a feature; this component is loaded only with a ledger configured.
import { ledgerStatus, ledgerStatusText } from '@/ledger/ledger-status';
import { ledgerLock } from './ledger-runner';
import './ledger.css';

const TONE: Record<LedgerState, string> = {
  off: '',
  syncing: '',
  synced: 'ok',
  offline: 'warn',
  refused: 'bad',
};

export default function LedgerIndicator() {
  // Also re-renders the words of ledgerStatusText on a language switch.
  const { t } = useLingui();
  const status = useSyncExternalStore(ledgerStatus.subscribe, ledgerStatus.getSnapshot);
  const lock = useSyncExternalStore(ledgerLock.subscribe, ledgerLock.getSnapshot);
  const text =
    lock === 'waiting'
      ? t`Ledger synced by another tab`
      : status.state === 'off'
        ? t`Ledger starting…`
        : ledgerStatusText(status);
  return (
    <span className={`badge ledger-badge ${lock === 'waiting' ? '' : TONE[status.state]}`} role="status">
      {text}
    </span>
  );
}
