/**
 * Polling a charge's result with React Query. The query options live here next to the fetcher and
 * have no side effects; the schedule is the pure `nextPollDelay`. The bookkeeping the schedule
 * needs (request times, failures, rate-limit headers) is a PollState that the polling hook owns,
 * one per charge on screen: nothing is kept at module level.
 *
 * The fetcher only reads: what the answers mean is the lifecycle's business (src/lifecycle). A read
 * that looks final (success or failed) is followed at once by a second read, since the lifecycle
 * believes a final answer only when two consecutive reads agree; both answers are returned.
 */
import { queryOptions } from '@tanstack/react-query';
import type { MixPayClient, PaymentResultExtra } from '@/mixpay/client';
import { isMixPayError, isUnknownPayment } from '@/mixpay/errors';
import { readAnswer, type PollAnswer } from '@/lifecycle/lifecycle';
import { budgetAllowsAt, nextPollDelay, POLL, type PollPhase } from './poll-schedule';

export interface TimedAnswer {
  answer: PollAnswer;
  /** When the request started (ms). */
  at: number;
}

/** One fetch: one answer, or two when the first looked final. */
export interface PollData {
  answers: TimedAnswer[];
}

export class PollState {
  history: number[] = [];
  phase: PollPhase = 'not-opened';
  phaseSince = Date.now();
  rateLimitRemaining: number | null = null;
  retryAfterMs: number | undefined;
  /** React Query resets its failure count on every fetch; back-off needs the run of failures. */
  consecutiveFailures = 0;
  /**
   * Ask for `with=payment,transactions` (on-chain wallets, where a customer may pay in parts). Read
   * when each request starts, so switching wallet modes changes the next request, not the key.
   */
  withTransfers = false;

  /** `firstPollAt`: no request before this moment (ms), see readResult. */
  constructor(readonly firstPollAt: number) {}

  noteRequest(at: number) {
    this.history.push(at);
    // Only the last window matters for the budget; keep the array short on long waits.
    const cutoff = at - POLL.windowMs;
    while (this.history.length > POLL.budgetPerMinute && this.history[0] <= cutoff) this.history.shift();
  }

  setWithTransfers(on: boolean) {
    this.withTransfers = on;
  }

  setPhase(phase: PollPhase, now = Date.now()) {
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseSince = now;
    }
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

/** An answer the lifecycle would end a charge on, once a second read agrees. */
export function looksFinal(answer: PollAnswer): boolean {
  const kind = readAnswer(answer).kind;
  return kind === 'success' || kind === 'failed';
}

/** One read of a trace's result: an unknown trace (never opened) is an answer, not a fault. */
export async function readPaymentAnswer(
  client: MixPayClient,
  traceId: string,
  options: { signal?: AbortSignal; with?: PaymentResultExtra[] } = {},
): Promise<{ answer: PollAnswer; rateLimitRemaining: number | null }> {
  try {
    const response = await client.paymentResult({ traceId }, { ...options, timeoutMs: 8_000 });
    return { answer: { kind: 'result', result: response.data }, rateLimitRemaining: response.rateLimit.remaining };
  } catch (error) {
    if (isUnknownPayment(error) && isMixPayError(error)) {
      return { answer: { kind: 'unknown' }, rateLimitRemaining: error.rateLimitRemaining ?? null };
    }
    throw error;
  }
}

/** Reads, and reads once more at once when the first answer looks final. */
export async function readTwiceIfFinal(read: () => Promise<TimedAnswer>): Promise<TimedAnswer[]> {
  const first = await read();
  return looksFinal(first.answer) ? [first, await read()] : [first];
}

/** One budgeted payments_result request, with the poll state kept up to date. */
async function readBudgeted(
  client: MixPayClient,
  traceId: string,
  poll: PollState,
  signal: AbortSignal,
): Promise<TimedAnswer> {
  // Whatever triggered this fetch (interval, reconnect, the last check at expiry), the per-charge
  // budget holds: wait for the sliding window if it is full. A brand-new charge is not asked
  // about at once: nobody can have scanned and paid a QR that went up a moment ago.
  const firstAllowed = poll.history.length ? 0 : poll.firstPollAt;
  const wait = Math.max(budgetAllowsAt(poll.history, Date.now()), firstAllowed) - Date.now();
  if (wait > 0) await sleep(wait, signal);
  const at = Date.now();
  poll.noteRequest(at);
  try {
    const extras = poll.withTransfers ? TRANSFER_EXTRAS : undefined;
    const { answer, rateLimitRemaining } = await readPaymentAnswer(client, traceId, { signal, with: extras });
    poll.rateLimitRemaining = rateLimitRemaining;
    poll.retryAfterMs = undefined;
    poll.consecutiveFailures = 0;
    return { answer, at };
  } catch (error) {
    // React Query cancelled this fetch (unmount, refetch): not a MixPay fault.
    if (signal.aborted) throw error;
    poll.consecutiveFailures += 1;
    if (isMixPayError(error)) {
      poll.retryAfterMs = error.retryAfterMs;
      if (error.rateLimitRemaining !== undefined) poll.rateLimitRemaining = error.rateLimitRemaining;
    }
    throw error;
  }
}

const TRANSFER_EXTRAS: PaymentResultExtra[] = ['payment', 'transactions'];

export const paymentResultKey = (apiUrl: string, traceId: string) =>
  ['mixpay', apiUrl, 'payment-result', traceId] as const;

export interface PaymentResultQueryInput {
  client: MixPayClient;
  apiUrl: string;
  traceId: string;
  poll: PollState;
}

export function paymentResultQuery({ client, apiUrl, traceId, poll }: PaymentResultQueryInput) {
  // `poll` stays out of the key on purpose: one poll per trace whatever the wallet mode.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: paymentResultKey(apiUrl, traceId),
    queryFn: async ({ signal }): Promise<PollData> => ({
      answers: await readTwiceIfFinal(() => readBudgeted(client, traceId, poll, signal)),
    }),
    // Back-off and budget are in nextPollDelay; React Query's own retries would bypass them.
    retry: false,
    // The customer's payment does not wait for our tab to be visible: keep polling when hidden.
    refetchIntervalInBackground: true,
    refetchInterval: () =>
      Math.max(
        50,
        nextPollDelay({
          now: Date.now(),
          phase: poll.phase,
          phaseSince: poll.phaseSince,
          consecutiveFailures: poll.consecutiveFailures,
          retryAfterMs: poll.retryAfterMs,
          rateLimitRemaining: poll.rateLimitRemaining,
          history: poll.history,
        }),
      ),
    refetchOnWindowFocus: false,
    refetchOnReconnect: 'always',
    // Failures must reach the screen as a visible "connection problem", not pause silently.
    networkMode: 'always',
    staleTime: 0,
    gcTime: 60_000,
    // Every fetch's answers are handed to the lifecycle once: never swap in an equal older object.
    structuralSharing: false,
  });
}
