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
export {
  createLedgerStatusStore,
  ledgerStatus,
  ledgerStatusText,
  OFF_STATUS,
  type LedgerProblem,
  type LedgerState,
  type LedgerStatus,
  type LedgerStatusStore,
} from './ledger-status';
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
