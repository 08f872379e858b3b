import { describe, expect, it } from 'vitest';
import type { MixPayClient, PaymentResultOptions } from '@/mixpay/client';
import { MixPayError } from '@/mixpay/errors';
import type { PaymentResult } from '@/mixpay/schemas';
import { paymentResultQuery, PollState, type PollData } from './payment-result-query';
import { POLL } from './poll-schedule';

const result = (status: string, over: Partial<PaymentResult> = {}): PaymentResult =>
  ({ status, quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p', ...over }) as PaymentResult;

/** Answers in turn (the last one again once they run out); `seen` keeps each call's options. */
function clientAnswering(...answers: Array<PaymentResult | Error>) {
  let calls = 0;
  const seen: PaymentResultOptions[] = [];
  const client = {
    paymentResult: async (_ref: unknown, options: PaymentResultOptions) => {
      seen.push(options);
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { data: answer, rateLimit: { limit: 60, remaining: 50 }, timestampMs: null };
    },
  } as unknown as MixPayClient;
  return { client, calls: () => calls, seen };
}

async function fetchOnce(client: MixPayClient, poll: PollState): Promise<PollData> {
  const options = paymentResultQuery({ client, apiUrl: 'http://api', traceId: 't', poll });
  const queryFn = options.queryFn as (ctx: { signal: AbortSignal }) => Promise<PollData>;
  poll.askNow(); // these tests read back to back, not on the schedule
  return queryFn({ signal: new AbortController().signal });
}

const statuses = (data: PollData) =>
  data.answers.map(({ answer }) => (answer.kind === 'result' ? answer.result.status : 'unknown'));

describe('payment result polling', () => {
  it('reads a second time at once when the first answer looks final, with or without txid', async () => {
    for (const first of [result('success'), result('success', { txid: 'abc' }), result('failed')]) {
      const flapping = clientAnswering(first, result('unpaid'));
      const data = await fetchOnce(flapping.client, new PollState(0));
      expect(flapping.calls()).toBe(2);
      expect(statuses(data)).toEqual([first.status, 'unpaid']);
    }
  });

  it('reads once when the answer is not final (any status, known or not)', async () => {
    for (const status of ['unpaid', 'confirming', 'paid_less', 'pending', 'auditing', 'refunding']) {
      const one = clientAnswering(result(status));
      expect(statuses(await fetchOnce(one.client, new PollState(0)))).toEqual([status]);
      expect(one.calls()).toBe(1);
    }
  });

  it('reads an unknown trace as an answer, and counts consecutive faults for back-off', async () => {
    const poll = new PollState(0);
    for (const code of [404, 40022, 10062]) {
      const unknown = clientAnswering(new MixPayError('api', 'not found', { code, status: 200 }));
      expect(statuses(await fetchOnce(unknown.client, poll))).toEqual(['unknown']);
    }
    const down = clientAnswering(new MixPayError('network', 'offline'));
    await expect(fetchOnce(down.client, poll)).rejects.toThrow('offline');
    await expect(fetchOnce(down.client, poll)).rejects.toThrow('offline');
    expect(poll.consecutiveFailures).toBe(2);
    const html404 = clientAnswering(new MixPayError('http', 'HTTP 404', { status: 404 }));
    await expect(fetchOnce(html404.client, poll)).rejects.toThrow('HTTP 404');
    const limited = clientAnswering(new MixPayError('rate-limited', '1429', { code: 1429 }));
    await expect(fetchOnce(limited.client, poll)).rejects.toThrow('1429');
    // Rate limiting is the scheduler's business: it does not count as a fault for back-off.
    expect(poll.consecutiveFailures).toBe(3);
    const back = clientAnswering(result('unpaid'));
    await fetchOnce(back.client, poll);
    expect(poll.consecutiveFailures).toBe(0);
  });

  it('asks the second read urgently and at the poll priority', async () => {
    const { client, seen } = clientAnswering(result('success'));
    await fetchOnce(client, new PollState(0));
    expect(seen).toMatchObject([
      { priority: 'poll', urgent: false },
      { priority: 'poll', urgent: true },
    ]);
  });

  it('after a final answer whose second read failed (a 1429), reads again urgently until one settles it', async () => {
    const { client, seen } = clientAnswering(
      result('success'),
      new MixPayError('rate-limited', '1429', { code: 1429 }),
      result('success'),
      result('success'),
      result('unpaid'),
    );
    const poll = new PollState(0);
    await expect(fetchOnce(client, poll)).rejects.toThrow('1429');
    expect(poll.confirmPending).toBe(true);
    // The cashier is waiting: no pacing gap before the next read, which is final again and confirmed.
    expect(poll.dueAt(Date.now())).toBeLessThanOrEqual(Date.now());
    expect(statuses(await fetchOnce(client, poll))).toEqual(['success', 'success']);
    expect(poll.confirmPending).toBe(false);
    // Settled: the next read is an ordinary one.
    expect(statuses(await fetchOnce(client, poll))).toEqual(['unpaid']);
    expect(seen).toMatchObject([
      { urgent: false },
      { urgent: true },
      { urgent: true },
      { urgent: true },
      { urgent: false },
    ]);
  });

  it('tells the scheduler to start each read within 12 s of the last (or of the first due moment), not while backing off', async () => {
    const { client, seen } = clientAnswering(
      result('unpaid'),
      new MixPayError('network', 'offline'),
      result('unpaid'),
    );
    const poll = new PollState(5_000);
    await fetchOnce(client, poll);
    expect(seen[0].dueBy).toBe(5_000 + POLL.askWithinMs);
    const first = poll.lastRequestAt as number;
    await expect(fetchOnce(client, poll)).rejects.toThrow('offline');
    expect(seen[1].dueBy).toBe(first + POLL.askWithinMs);
    await fetchOnce(client, poll);
    expect(seen[2].dueBy).toBeUndefined();
  });

  it('is due at the first poll, then at the charge’s wish from the start of the last request', () => {
    const poll = new PollState(10_000);
    expect(poll.dueAt(4_000)).toBe(10_000);
    poll.started(10_000);
    poll.setPhase('opened', 10_000);
    expect(poll.dueAt(10_100)).toBe(10_750);
    poll.started(20_000);
    expect(poll.dueAt(21_000)).toBe(22_500);
    poll.askNow();
    expect(poll.dueAt(21_000)).toBe(21_000);
    poll.started(21_000);
    expect(poll.dueAt(21_000)).toBe(23_500);
  });

  it('backs off from when a fault came back, not from when its request was queued', () => {
    const poll = new PollState(0);
    poll.setPhase('opened', 0);
    // Queued for the shop's budget at 1 000, sent and failed at 1 800.
    poll.started(1_000);
    poll.failed(1_800);
    expect(poll.dueAt(1_900)).toBe(3_800);
    poll.started(3_800);
    poll.failed(3_900);
    expect(poll.dueAt(4_000)).toBe(7_900);
    poll.started(8_000);
    poll.succeeded();
    expect(poll.dueAt(8_100)).toBe(8_750);
  });
});
