/**
 * What other features may use of the shop ledger (eslint's layer rule enforces it). Everything
 * here is small and free of PouchDB; the replicator (and PouchDB with it) is loaded only through
 * `loadLedger()`, when a ledger is configured, so the app's initial bundle does not grow.
 */
export {
  LedgerConfigSchema,
  OptionalLedgerConfigSchema,
  basicAuthorization,
  ledgerDbName,
  ledgerOrigin,
  ledgerPasswordProblem,
  ledgerUrlProblem,
  ledgerUserProblem,
  normalizeLedgerUrl,
  parseLedgerConfig,
  sameLedger,
  type LedgerConfig,
  type LedgerConfigResult,
  type LedgerField,
} from './ledger-config';
export type { LedgerProblem, LedgerState, LedgerStatus, LedgerStatusStore } from './ledger-status';
export {
  TILL_NAME_MAX,
  TillIdSchema,
  TillNameSchema,
  isTillId,
  newTillId,
  normalizeTillName,
  tillNameKey,
  tillNameProblem,
  type TillIdentity,
} from './till';
export type { ShiftDoc, TillDoc } from './ledger-doc';

/** The replicator module (startLedger, stopLedger, currentLedger, Replicator), loaded on demand. */
export const loadLedger = () => import('./replicator');

/** "Test ledger", loaded on demand (settings, behind the PIN). */
export const loadLedgerTest = () => import('./test-ledger');

/**
 * The ledger's status store (ledgerStatus, ledgerStatusText), loaded on demand: only the screens
 * of a till with a ledger show it, so the app's first download does not carry it.
 */
export const loadLedgerStatus = () => import('./ledger-status');
