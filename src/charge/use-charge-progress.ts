/**
 * Drives one open charge: polls its result, verifies every answer against the charge's terms,
 * decides expiry, and writes each state change to the journal. The screen only renders what this
 * returns. A fault (network, timeout, 5xx, rate limit, unreadable answer) is never turned into a
 * result: it shows as a connection problem while polling carries on.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { updateCharge, type ChargeRecord, type ChargeStatus } from '@/journal/journal';
import { describeError } from '@/mixpay/errors';
import type { PaymentResult } from '@/mixpay/schemas';
import { verifyResult, type ResultVerdict } from '@/mixpay/verify';
import { useMixPay } from '@/settings/use-mixpay';
import { playFeedback } from './feedback';
import { snapshotOf } from './result-snapshot';
import {
  forgetTracker,
  paymentResultQuery,
  trackerFor,
  type PaymentResultQueryOptions,
  type PollData,
} from './payment-result-query';
import { useNow } from './use-now';

export const OVERTIME_FAILURE_CODE = 40000;

export type ChargeView =
  | { kind: 'waiting'; opened: boolean }
  | { kind: 'pending'; confirmations: number | null }
  | { kind: 'auditing' };

export interface ChargeProgress {
  view: ChargeView;
  /** Seconds left in the payment window (0 once over). */
  secondsLeft: number;
  /** Set while the last poll failed: polling continues and the message says why. */
  problem: string | null;
  /** The latest answer from MixPay (not verified: for partial-payment progress only). */
  result: PaymentResult | null;
}

export function verdictOf(charge: ChargeRecord, data: PollData | undefined): ResultVerdict {
  if (!data || data.kind === 'unknown') return { kind: 'waiting' };
  return verifyResult(
    {
      payeeId: charge.payeeId,
      quoteAssetId: charge.quoteAssetId,
      quoteAmount: charge.quoteAmount,
      traceId: charge.traceId,
    },
    data.result,
  );
}

/** The journal status a final verdict ends a charge with, or null while it is still open. */
export function finalStatusOf(verdict: ResultVerdict): ChargeStatus | null {
  switch (verdict.kind) {
    case 'received':
      return 'received';
    case 'mismatch':
      return 'mismatch';
    case 'failed':
      return verdict.failureCode === OVERTIME_FAILURE_CODE ? 'expired' : 'failed';
    default:
      return null;
  }
}

/**
 * The journal record once a verdict ends the charge. If the cashier stopped the charge while the
 * answer was on its way, a payment must still be seen: it becomes a late payment (with its alert);
 * any other ending leaves the stopped record alone.
 */
export function endedRecord(
  c: ChargeRecord,
  ending: {
    status: ChargeStatus;
    result?: PaymentResult;
    mismatches?: ChargeRecord['mismatches'];
    at: number;
  },
): ChargeRecord {
  const final: ChargeRecord = {
    ...c,
    status: ending.status,
    endedAt: ending.at,
    result: ending.result ? snapshotOf(ending.result) : c.result,
    mismatches: ending.mismatches,
  };
  if (c.status === 'open') return final;
  const paid = ending.status === 'received' || ending.status === 'mismatch';
  return paid && !c.latePayment ? { ...final, latePayment: { seenAt: ending.at, acknowledged: false } } : c;
}

export function useChargeProgress(
  charge: ChargeRecord,
  onEnded: (record: ChargeRecord) => void,
  options: PaymentResultQueryOptions = {},
): ChargeProgress {
  const { client, apiUrl } = useMixPay();
  const open = charge.status === 'open';
  const query = useQuery({ ...paymentResultQuery(client, apiUrl, charge, options), enabled: open });
  const now = useNow(500);
  const expiresAtMs = charge.expiredTimestamp * 1000;
  const expired = now >= expiresAtMs;
  const data = query.data;
  const verdict = useMemo(() => verdictOf(charge, data), [charge, data]);

  // Once the window is over, ask once more right away rather than waiting for the next tick.
  const askedAfterExpiry = useRef(false);
  const { refetch } = query;
  useEffect(() => {
    if (open && expired && !askedAfterExpiry.current) {
      askedAfterExpiry.current = true;
      void refetch();
    }
  }, [open, expired, refetch]);

  // Decide whether the charge has ended. Expiry needs a successful answer given after the window
  // closed that still shows nothing paid: a failed request proves nothing either way.
  const checkedAfterExpiry = data !== undefined && data.at >= expiresAtMs;
  let ending: { status: ChargeStatus; result?: PaymentResult } | null = null;
  const finalStatus = finalStatusOf(verdict);
  if (finalStatus) {
    ending = { status: finalStatus, result: 'result' in verdict ? verdict.result : undefined };
  } else if (verdict.kind === 'waiting' && expired && checkedAfterExpiry) {
    ending = { status: 'expired', result: data?.kind === 'result' ? data.result : undefined };
  }

  const onEndedRef = useRef(onEnded);
  useEffect(() => {
    onEndedRef.current = onEnded;
  });

  const endingStatus = ending?.status ?? null;
  const endingResult = ending?.result;
  const mismatches = verdict.kind === 'mismatch' ? verdict.mismatches : undefined;
  const ended = useRef(false);
  useEffect(() => {
    if (!open || !endingStatus || ended.current) return;
    ended.current = true;
    trackerFor(charge.traceId).done = true; // stops the poll's interval
    const endedAt = Date.now();
    const change = (c: ChargeRecord) =>
      endedRecord(c, { status: endingStatus, result: endingResult, mismatches, at: endedAt });
    // Show the result at once; the journal write follows. If the app dies before it commits, the
    // charge is still open in the journal, so the next start polls again and gets the same answer.
    playFeedback(endingStatus === 'received' ? 'success' : 'failure');
    onEndedRef.current(change(charge));
    void updateCharge(charge.traceId, change).catch((error: unknown) =>
      console.error('Journal update failed', error),
    );
  }, [open, endingStatus, endingResult, mismatches, charge]);

  // The poll's bookkeeping lives as long as this screen: a reload starts a fresh one.
  useEffect(() => () => forgetTracker(charge.traceId), [charge.traceId]);

  // Journal progress that is not final (opened, pending, auditing) so History and a reload see it.
  const lastJournaled = useRef<string | null>(null);
  useEffect(() => {
    if (!open || endingStatus || !data || data.kind !== 'result') return;
    const key = `${data.result.status}:${data.result.confirmations ?? ''}`;
    if (lastJournaled.current === key) return;
    lastJournaled.current = key;
    void updateCharge(charge.traceId, (c) =>
      c.status === 'open' ? { ...c, result: snapshotOf(data.result) } : c,
    );
  }, [open, endingStatus, data, charge.traceId]);

  let view: ChargeView;
  switch (verdict.kind) {
    case 'pending':
      view = { kind: 'pending', confirmations: verdict.confirmations };
      break;
    case 'auditing':
      view = { kind: 'auditing' };
      break;
    default:
      // Only a paylink's trace is unknown to MixPay until the customer opens it; a one-time
      // payment exists from the moment it is created.
      view = { kind: 'waiting', opened: data?.kind === 'result' && charge.linkMode === 'paylink' };
  }

  return {
    view,
    secondsLeft: Math.max(0, Math.ceil((expiresAtMs - now) / 1000)),
    problem: query.isError && open ? describeError(query.error) : null,
    result: data?.kind === 'result' ? data.result : null,
  };
}
