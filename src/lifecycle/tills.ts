/**
 * Whose charge it is, for a shop whose tills share a ledger (src/ledger). Pure.
 */
import type { ChargeRecord } from './charge-record';

/**
 * "This till": a charge made by `ownTillId`, or one from before till identity (every record
 * without a till is the own till's). Other tills' charges reach a till through the shop ledger.
 */
export function isOwnCharge(charge: Pick<ChargeRecord, 'tillId'>, ownTillId: string | undefined): boolean {
  return !charge.tillId || !ownTillId || charge.tillId === ownTillId;
}

/**
 * Whether this till may re-check another till's open charge with MixPay: the charge's deadline has
 * passed and its till has not been heard of since before it (its card's `seenAt`; undefined when
 * the ledger has no card of it). A till that is still there ends its own charge at the deadline;
 * one that is gone (closed, broken, lost) cannot, so another till finds out whether it was paid.
 */
export function tillGoneForCharge(
  charge: Pick<ChargeRecord, 'expiredTimestamp'>,
  tillSeenAt: number | undefined,
  now: number,
): boolean {
  const deadline = charge.expiredTimestamp * 1000;
  return now > deadline && (tillSeenAt === undefined || tillSeenAt < deadline);
}
