/**
 * Drives one open charge on screen: polls its result and hands every answer to the lifecycle
 * through the journal (which decides whether the charge ended). The screen renders the journalled
 * record. A fault (network, timeout, 5xx, rate limit, unreadable answer) is never turned into a
 * result: it shows as a connection problem while polling carries on.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { applyChargeEvent } from '@/journal/journal';
import type { ChargeRecord, OpenPhase } from '@/lifecycle/charge-record';
import { deadlineOf, openViewOf, type OpenView } from '@/lifecycle/lifecycle';
import { describeError, isMixPayError } from '@/mixpay/errors';
import { soundsMuted, useMixPay } from '@/settings';
import { playFeedback } from './feedback';
import { paymentResultQuery, PollState, type PollData } from './payment-result-query';
import { POLL, type PollPhase } from './poll-schedule';
import { useNow } from './use-now';

export interface ChargeProgress {
  view: OpenView;
  /** Seconds left before the deadline (0 once over; the charge may still be open, see lifecycle). */
  secondsLeft: number;
  /** Set while the last poll failed: polling continues and the message says why. */
  problem: string | null;
  /** The shop's shared MixPay budget is short (many tills checking at once): slower, still watching. */
  busyShop: boolean;
}

const POLL_PHASE: Record<OpenPhase, PollPhase> = {
  waiting: 'not-opened',
  opened: 'opened',
  confirming: 'pending',
  'paid-less': 'pending',
  processing: 'pending',
  reported: 'pending',
  auditing: 'auditing',
};

/** Hands a fetch's answers to the lifecycle, in order; plays the sound if they ended the charge. */
async function applyAnswers(traceId: string, data: PollData) {
  for (const { answer, at } of data.answers) {
    const { before, after } = await applyChargeEvent(traceId, { type: 'answer', answer, at });
    if (before.status === 'open' && after.status !== 'open') {
      playFeedback(after.status === 'received' ? 'success' : 'failure', { muted: soundsMuted() });
    }
  }
}

export function useChargeProgress(charge: ChargeRecord, options: { withTransfers?: boolean } = {}): ChargeProgress {
  const { client, apiUrl, shop, scheduler } = useMixPay();
  const open = charge.status === 'open';
  // This screen's poll bookkeeping; a reload starts afresh (and asks at once: the charge is old).
  const [poll] = useState(() => new PollState(charge.createdAt + POLL.firstPollAfterMs));
  const phase: PollPhase = charge.candidate ? 'unconfirmed' : POLL_PHASE[charge.phase ?? 'waiting'];

  // One poller per trace across the tabs of this device: this screen polls while it holds the
  // trace (it takes it over from another tab showing the same charge; that tab follows the journal).
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!open) return;
    const release = shop.claimTrace(
      charge.traceId,
      { onAcquired: () => setHeld(true), onLost: () => setHeld(false) },
      { steal: true },
    );
    return () => {
      release();
      setHeld(false);
    };
  }, [shop, charge.traceId, open]);
  // Only what says the shop's window is full (a recent 1429, or MixPay reporting almost nothing
  // left) is "many tills": a lone till's own queue waiting for its pacing is not news to the cashier.
  const busyShop = useSyncExternalStore(scheduler.subscribe, () =>
    scheduler.pressure().reasons.some((r) => r === 'rate-limited' || r === 'low-remaining'),
  );
  const withTransfers = options.withTransfers ?? false;
  useEffect(() => {
    poll.setPhase(phase);
    poll.setWithTransfers(withTransfers);
  }, [poll, phase, withTransfers]);

  const query = useQuery({
    ...paymentResultQuery({ client, apiUrl, traceId: charge.traceId, poll }),
    enabled: open && held,
  });

  const applied = useRef<PollData | null>(null);
  const data = query.data;
  useEffect(() => {
    if (!data || applied.current === data) return;
    applied.current = data;
    applyAnswers(charge.traceId, data).catch((error: unknown) => console.error('Journal update failed', error));
  }, [data, charge.traceId]);

  const now = useNow(500);
  const deadlineMs = deadlineOf(charge) * 1000;
  const pastDeadline = now >= deadlineMs;
  // Once the deadline passes, ask at once rather than on the next tick: only an answer given after
  // it can end the charge as expired (and only if it shows nothing paid).
  const askedAfterDeadline = useRef(false);
  const { refetch } = query;
  useEffect(() => {
    if (open && held && pastDeadline && !askedAfterDeadline.current) {
      askedAfterDeadline.current = true;
      poll.askNow();
      void refetch();
    }
  }, [open, held, pastDeadline, refetch, poll]);

  const error = query.isError && open ? query.error : null;
  const rateLimited = isMixPayError(error) && error.kind === 'rate-limited';
  return {
    view: openViewOf(charge),
    secondsLeft: Math.max(0, Math.ceil((deadlineMs - now) / 1000)),
    // A 1429 is the shop's budget running short, not a broken connection.
    problem: error && !rateLimited ? describeError(error) : null,
    busyShop: open && (busyShop || rateLimited),
  };
}
