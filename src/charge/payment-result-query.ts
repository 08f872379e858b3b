/**
 * Polling a charge's result with React Query. The query options live here next to the fetcher;
 * the schedule itself is the pure `nextPollDelay`. A PollTracker per charge remembers request
 * times, failures and the rate-limit headers the schedule needs.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ChargeRecord } from '@/journal/journal';
import type { MixPayClient, PaymentResultExtra } from '@/mixpay/client';
import { isMixPayError, isUnknownPayment } from '@/mixpay/errors';
import type { PaymentResult } from '@/mixpay/schemas';
import { budgetAllowsAt, nextPollDelay, POLL, type PollPhase } from './poll-schedule';

export type PollData =
  { kind: 'unknown'; at: number } | { kind: 'result'; result: PaymentResult; at: number };

export class PollTracker {
  history: number[] = [];
  phase: PollPhase = 'not-opened';
  phaseSince = Date.now();
  rateLimitRemaining: number | null = null;
  retryAfterMs: number | undefined;
  /** React Query resets its failure count on every fetch; back-off needs the run of failures. */
  consecutiveFailures = 0;
  /** No request before this moment (ms): see readResult. */
  firstPollAt = 0;
  /** Set once the charge reached a final state: polling stops. */
  done = false;

  noteRequest(at: number) {
    this.history.push(at);
    // Only the last window matters for the budget; keep the array short on long waits.
    const cutoff = at - POLL.windowMs;
    while (this.history.length > POLL.budgetPerMinute && this.history[0] <= cutoff) this.history.shift();
  }

  setPhase(phase: PollPhase, now = Date.now()) {
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseSince = now;
    }
  }
}

const trackers = new Map<string, PollTracker>();
export function trackerFor(traceId: string): PollTracker {
  let tracker = trackers.get(traceId);
  if (!tracker) {
    tracker = new PollTracker();
    trackers.set(traceId, tracker);
  }
  return tracker;
}
export function forgetTracker(traceId: string) {
  trackers.delete(traceId);
}

function phaseOf(data: PollData | undefined): PollPhase {
  if (!data || data.kind === 'unknown') return 'not-opened';
  switch (data.result.status) {
    case 'pending':
      return 'pending';
    case 'auditing':
      return 'auditing';
    default:
      return 'opened';
  }
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * Whether an answer would end a charge but is not yet believable on its own. A success that names
 * its transaction (txid) is evidence enough; a success without one, or a failure, is read again
 * first: a flapping or misbehaving answer must not end a charge, and the extra read is spent
 * only when in doubt (it counts against the per-charge budget like any other).
 */
export function needsConfirmation(result: PaymentResult): boolean {
  if (result.status === 'failed') return true;
  return result.status === 'success' && !result.txid;
}

/** Reads again when the first answer would end a charge, and goes by the second one. */
export async function readConfirmed<T>(read: () => Promise<T>, isFinal: (answer: T) => boolean): Promise<T> {
  const first = await read();
  return isFinal(first) ? read() : first;
}

/** One budgeted payments_result request, with the tracker kept up to date. */
async function readResult(
  client: MixPayClient,
  traceId: string,
  tracker: PollTracker,
  extras: PaymentResultExtra[] | undefined,
  signal: AbortSignal,
): Promise<PollData> {
  // Whatever triggered this fetch (interval, reconnect, the last check at expiry), the per-charge
  // budget holds: wait for the sliding window if it is full.
  // A brand-new charge is not asked about at once: nobody can have scanned and paid a QR that
  // went up a moment ago, so the first request waits until POLL.firstPollAfterMs after creation.
  const firstAllowed = tracker.history.length ? 0 : tracker.firstPollAt;
  const wait = Math.max(budgetAllowsAt(tracker.history, Date.now()), firstAllowed) - Date.now();
  if (wait > 0) await sleep(wait, signal);
  const at = Date.now();
  tracker.noteRequest(at);
  try {
    const response = await client.paymentResult({ traceId }, { signal, timeoutMs: 8_000, with: extras });
    tracker.rateLimitRemaining = response.rateLimit.remaining;
    tracker.retryAfterMs = undefined;
    tracker.consecutiveFailures = 0;
    const data: PollData = { kind: 'result', result: response.data, at };
    tracker.setPhase(phaseOf(data));
    return data;
  } catch (error) {
    // React Query cancelled this fetch (unmount, refetch): not a MixPay fault.
    if (signal.aborted) throw error;
    if (isUnknownPayment(error)) {
      tracker.consecutiveFailures = 0;
      return { kind: 'unknown', at };
    }
    tracker.consecutiveFailures += 1;
    if (isMixPayError(error)) {
      tracker.retryAfterMs = error.retryAfterMs;
      if (error.rateLimitRemaining !== undefined) tracker.rateLimitRemaining = error.rateLimitRemaining;
    }
    throw error;
  }
}

export const paymentResultKey = (apiUrl: string, traceId: string) =>
  ['mixpay', apiUrl, 'payment-result', traceId] as const;

export interface PaymentResultQueryOptions {
  /**
   * Ask for `with=payment,transactions` (on-chain wallets, where a customer may pay in parts). The
   * query key does not change with it: switching wallet modes keeps one poll and its state.
   */
  withTransfers?: boolean;
}

const TRANSFER_EXTRAS: PaymentResultExtra[] = ['payment', 'transactions'];

export function paymentResultQuery(
  client: MixPayClient,
  apiUrl: string,
  charge: Pick<ChargeRecord, 'traceId' | 'createdAt'>,
  options: PaymentResultQueryOptions = {},
) {
  const { traceId } = charge;
  trackerFor(traceId).firstPollAt = charge.createdAt + POLL.firstPollAfterMs;
  const extras = options.withTransfers ? TRANSFER_EXTRAS : undefined;
  // `extras` stays out of the key on purpose: one poll per trace whatever the wallet mode.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: paymentResultKey(apiUrl, traceId),
    queryFn: async ({ signal }): Promise<PollData> => {
      const tracker = trackerFor(traceId);
      return readConfirmed(
        () => readResult(client, traceId, tracker, extras, signal),
        (data) => data.kind === 'result' && needsConfirmation(data.result),
      );
    },
    // Back-off and budget are in nextPollDelay; React Query's own retries would bypass them.
    retry: false,
    // The customer's payment does not wait for our tab to be visible: keep polling when hidden.
    refetchIntervalInBackground: true,
    refetchInterval: () => {
      const tracker = trackerFor(traceId);
      if (tracker.done) return false;
      return Math.max(
        50,
        nextPollDelay({
          now: Date.now(),
          phase: tracker.phase,
          phaseSince: tracker.phaseSince,
          consecutiveFailures: tracker.consecutiveFailures,
          retryAfterMs: tracker.retryAfterMs,
          rateLimitRemaining: tracker.rateLimitRemaining,
          history: tracker.history,
        }),
      );
    },
    refetchOnWindowFocus: false,
    refetchOnReconnect: 'always',
    // Failures must reach the screen as a visible "connection problem", not pause silently.
    networkMode: 'always',
    staleTime: 0,
    gcTime: 60_000,
  });
}
