/**
 * Conflicting revisions of one charge → the one record every copy should end up as. The shop
 * ledger meets them when the same charge was changed on two tills while they were apart (one
 * offline, or the ledger down): CouchDB keeps every version as a conflict, and a till that sees
 * the conflict writes this record over the winning revision and deletes the others.
 *
 * The order is the lifecycle's (mergeCharge, ./merge.ts): a final state beats an open one; received
 * beats everything but a later received record (a re-verified correction of the same payment);
 * then further along, then later; late-payment flags are united. Pure and deterministic: the
 * result does not depend on the order the revisions come in nor on how they are grouped, so two
 * tills resolving the same conflict write the same record (and, with PouchDB's deterministic
 * revision ids, the same revision).
 */
import type { ChargeRecord } from './charge-record';
import { mergeCharge, sameChargeRecord } from './merge';

/** The merged record of all revisions (at least one; all of the same traceId). */
export function resolveChargeRevisions(revisions: readonly ChargeRecord[]): ChargeRecord {
  if (!revisions.length) throw new Error('No revision to resolve');
  return revisions.reduce((merged, next) => mergeCharge(merged, next));
}

/** What a conflict comes to: the record to keep, and whether it differs from `current`. */
export interface ChargeResolution {
  record: ChargeRecord;
  /** False when `current` already is the resolved record (only the losers need removing). */
  changed: boolean;
}

/** Resolves `current` (the revision in place) against the others. */
export function resolveChargeConflict(
  current: ChargeRecord,
  others: readonly ChargeRecord[],
): ChargeResolution {
  const record = resolveChargeRevisions([current, ...others]);
  return { record, changed: !sameChargeRecord(record, current) };
}
