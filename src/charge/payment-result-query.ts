/**
 * Polling a charge's result with React Query. The query options live here next to the fetcher and
 * have no side effects; the charge's wish is the pure `desiredDelay`, and the shop-wide scheduler
 * (every request goes through it: @/mixpay/scheduled-client) decides what the shop can afford.
 * The bookkeeping (last request, phase, faults) is a PollState that the polling hook owns, one per
 * charge on screen: nothing is kept at module level.
 *
 * The fetcher only reads: what the answers mean is the lifecycle's business (src/lifecycle). A read
 * that looks final (success or failed) is followed at once by a second, urgent read, since the
 * lifecycle believes a final answer only when two consecutive reads agree; both answers are returned.
 */
import { queryOptions } from '@tanstack/react-query';
import type { MixPayClient, PaymentResultExtra, PaymentResultOptions } from '@/mixpay/client';
import { isMixPayError, isUnknownPayment } from '@/mixpay/errors';
import { readAnswer, type PollAnswer } from '@/lifecycle/lifecycle';
import { askBy, desiredDelay, type PollPhase } from './poll-schedule';

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
  lastRequestAt: number | null = null;
  phase: PollPhase = 'not-opened';
  phaseSince = Date.now();
  /** Faults in a row other than rate limiting (the scheduler handles that), for back-off. */
  consecutiveFailures = 0;
  /** When the last fault came back (ms): back-off counts from there, not from the request's start. */
  lastFailureAt: number | null = null;
  /**
   * Ask for `with=payment,transactions` (on-chain wallets, where a customer may pay in parts). Read
   * when each request starts, so switching wallet modes changes the next request, not the key.
   */
  withTransfers = false;
  /**
   * A read looked final and no second read has agreed or disagreed yet (it failed, e.g. a 1429):
   * the customer has likely paid and the cashier is waiting, so the next read goes urgently, not
   * after a pacing gap.
   */
  confirmPending = false;

  /** `firstPollAt`: no request before this moment (ms): nobody pays a QR that just went up. */
  constructor(readonly firstPollAt: number) {}

  setWithTransfers(on: boolean) {
    this.withTransfers = on;
  }

  setPhase(phase: PollPhase, now = Date.now()) {
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseSince = now;
    }
  }

  /** Set by `askNow`: the next request goes out at once (the deadline just passed). */
  private urgentAsk = false;

  askNow() {
    this.urgentAsk = true;
  }

  /**
   * When the next request is due (ms): the charge's wish counted from the start of the last one,
   * so time spent waiting for the shop's budget is part of the interval, not added to it. What the
   * shop can afford is the scheduler's to enforce: a due poll waits in its queue (polls first).
   */
  dueAt(now: number): number {
    if (this.urgentAsk) return now;
    // A final answer awaits its second read (see confirmPending): at once, unless backing off a fault.
    if (this.confirmPending && this.consecutiveFailures === 0) return now;
    if (this.lastRequestAt === null) return this.firstPollAt;
    // A wish counts from the start of the last request (queueing for the shop's budget is part of
    // it), but a back-off counts from the fault: a poll held in the queue and then failing must
    // not be followed by another one a moment later.
    const from =
      this.consecutiveFailures > 0 && this.lastFailureAt !== null
        ? Math.max(this.lastRequestAt, this.lastFailureAt)
        : this.lastRequestAt;
    return (
      from +
      desiredDelay({
        now,
        phase: this.phase,
        phaseSince: this.phaseSince,
        consecutiveFailures: this.consecutiveFailures,
      })
    );
  }

  /** Called as a request starts. */
  started(at: number) {
    this.lastRequestAt = at;
    this.urgentAsk = false;
  }

  succeeded() {
    this.consecutiveFailures = 0;
    this.lastFailureAt = null;
  }

  /** A fault other than rate limiting came back at `at`. */
  failed(at = Date.now()) {
    this.consecutiveFailures += 1;
    this.lastFailureAt = at;
  }
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
  options: Omit<PaymentResultOptions, 'timeoutMs'> = {},
): Promise<PollAnswer> {
  try {
    const response = await client.paymentResult({ traceId }, { ...options, timeoutMs: 8_000 });
    return { kind: 'result', result: response.data };
  } catch (error) {
    if (isUnknownPayment(error)) return { kind: 'unknown' };
    throw error;
  }
}

/** Reads, and reads once more at once (urgently) when the first answer looks final. */
export async function readTwiceIfFinal(
  read: (urgent: boolean) => Promise<TimedAnswer>,
): Promise<TimedAnswer[]> {
  const first = await read(false);
  return looksFinal(first.answer) ? [first, await read(true)] : [first];
}

/** One payments_result request for the charge on screen, with the poll state kept up to date. */
async function readPolled(
  client: MixPayClient,
  traceId: string,
  poll: PollState,
  urgent: boolean,
  signal: AbortSignal,
): Promise<TimedAnswer> {
  // Each fetch waits until its poll is due (the second read of a final answer goes at once); the
  // due time is read again while waiting, since the charge's phase (and so its wish) may change.
  const left = () => (urgent ? 0 : poll.dueAt(Date.now()) - Date.now());
  for (let ms = left(); ms > 0; ms = left()) await wait(Math.min(ms, 250), signal);
  const at = Date.now();
  const dueBy = askBy(poll);
  poll.started(at);
  try {
    const with_ = poll.withTransfers ? TRANSFER_EXTRAS : undefined;
    // The customer has the payment page open: a payment may come any second, so this poll may
    // skip the pacing while the shop's window has clear room (the scheduler decides).
    const eager = poll.phase === 'opened';
    const answer = await readPaymentAnswer(client, traceId, {
      signal,
      with: with_,
      priority: 'poll',
      urgent: urgent || poll.confirmPending,
      eager,
      dueBy,
    });
    poll.succeeded();
    // A first read that looks final waits for its second; a second read settles it either way.
    poll.confirmPending = !urgent && looksFinal(answer);
    return { answer, at };
  } catch (error) {
    // React Query cancelled this fetch (unmount, refetch): not a MixPay fault.
    if (signal.aborted) throw error;
    // Rate limiting is the scheduler's to handle (a short pause, a lower rate): no back-off here.
    if (!isMixPayError(error) || error.kind !== 'rate-limited') poll.failed();
    throw error;
  }
}

function wait(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const TRANSFER_EXTRAS: PaymentResultExtra[] = ['payment', 'transactions'];
/** How soon React Query starts the next fetch, which then waits until the poll is due. */
const POLL_LOOP_MS = 50;

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
      answers: await readTwiceIfFinal((urgent) => readPolled(client, traceId, poll, urgent, signal)),
    }),
    // Faults and rate limits are handled by the schedule and the scheduler; React Query's own
    // retries would bypass both.
    retry: false,
    // The customer's payment does not wait for our tab to be visible: keep polling when hidden.
    refetchIntervalInBackground: true,
    // Start the next fetch when the poll is due (the fetcher also waits for that, so the timing
    // lives in PollState.dueAt). Not earlier: a fetch that starts on a query with no data yet
    // clears its error, and a failed poll must stay visible as a connection problem until the
    // next one. The query is disabled once the charge has ended.
    refetchInterval: () => Math.max(POLL_LOOP_MS, poll.dueAt(Date.now()) - Date.now()),
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
