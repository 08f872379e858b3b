/**
 * Which charge a screen comes back to after a reload, a crash or a URL: read from the journal,
 * decided by the lifecycle's rules. A download of its own, fetched at start-up in parallel with the
 * first render (the app shell imports it dynamically), so neither is part of the first download.
 */
import { chargesWithStatus, getCharge, listCharges, type ChargeRecord } from '@/journal/journal';
import { resumesResult } from '@/lifecycle/lifecycle';
import { isOwnCharge } from '@/lifecycle/tills';
import { tracesPolledNow } from '@/mixpay/trace-locks';
import type { Settings } from '@/settings';

/**
 * Whether /charge/<traceId> may show this charge: this till's, open and not on another tab's
 * screen (its QR), or ended and not yet moved on from (its result; a late payment counts as
 * news again). A cancelled charge without a late payment has nothing to show: the keypad.
 */
function showsAtUrl(c: ChargeRecord, tillId: string | undefined, polled: Set<string>): boolean {
  if (!isOwnCharge(c, tillId)) return false;
  if (c.status === 'open') return !polled.has(c.traceId);
  if (c.status === 'cancelled') return false;
  return c.acknowledgedAt === undefined || (!!c.latePayment && c.acknowledgedAt < c.latePayment.seenAt);
}

/** The charge a /charge/<traceId> URL names, when it may be shown (showsAtUrl). */
export async function chargeAtUrl(
  traceId: string,
  tillId: string | undefined,
): Promise<ChargeRecord | undefined> {
  const [c, polled] = await Promise.all([getCharge(traceId), tracesPolledNow()]);
  return c && showsAtUrl(c, tillId, polled) ? c : undefined;
}

/**
 * The charge to come back to after a reload or crash: the one the URL names (a reload on its QR
 * or result), else the newest open one, or else one that ended in the last two minutes whose
 * result the cashier has not moved on from. This till's only: another till's charge (from the
 * shop ledger) never becomes this screen's charge.
 */
export async function chargeToResume(
  settings: Promise<Settings>,
  named?: string,
): Promise<ChargeRecord | undefined> {
  const [open, latest, polled, { tillId }, atUrl] = await Promise.all([
    chargesWithStatus('open'),
    listCharges({ limit: 5 }),
    tracesPolledNow(),
    settings,
    named ? getCharge(named) : undefined,
  ]);
  const now = Date.now();
  const mine = (c: ChargeRecord) => isOwnCharge(c, tillId);
  if (atUrl && showsAtUrl(atUrl, tillId, polled)) return atUrl;
  // A charge another tab is showing stays there; the late-payment watch covers the rest.
  const resumed = open.find((c) => mine(c) && !polled.has(c.traceId));
  if (resumed) return resumed;
  // Other tills' sales among the latest (a shop ledger): this till's own latest are read again.
  const recent = latest.every(mine) ? latest : await listCharges({ limit: 5, filter: mine });
  return recent.find((c) => resumesResult(c, now));
}
