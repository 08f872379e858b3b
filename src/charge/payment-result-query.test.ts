import { describe, expect, it } from 'vitest';
import type { MixPayClient } from '@/mixpay/client';
import { MixPayError } from '@/mixpay/errors';
import type { PaymentResult } from '@/mixpay/schemas';
import { forgetTracker, paymentResultQuery, trackerFor, type PollData } from './payment-result-query';

const result = (status: PaymentResult['status']): PaymentResult =>
  ({ status, quoteAmount: '10', quoteAssetId: 'usd', payeeId: 'p' }) as PaymentResult;

function clientAnswering(...answers: Array<PaymentResult | Error>) {
  let calls = 0;
  const client = {
    paymentResult: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { data: answer, rateLimit: { limit: 60, remaining: 50 }, timestampMs: null };
    },
  } as unknown as MixPayClient;
  return { client, calls: () => calls };
}

async function poll(client: MixPayClient, traceId: string): Promise<PollData> {
  const options = paymentResultQuery(client, 'http://api', { traceId, createdAt: 0 });
  const queryFn = options.queryFn as (ctx: { signal: AbortSignal }) => Promise<PollData>;
  return queryFn({ signal: new AbortController().signal });
}

describe('payment result polling', () => {
  it('believes a success without a txid only when a second read confirms it', async () => {
    forgetTracker('t1');
    const flapping = clientAnswering(result('success'), result('unpaid'));
    const data = await poll(flapping.client, 't1');
    expect(flapping.calls()).toBe(2);
    expect(data.kind === 'result' && data.result.status).toBe('unpaid');

    forgetTracker('t2');
    const steady = clientAnswering(result('success'), result('success'));
    const confirmed = await poll(steady.client, 't2');
    expect(confirmed.kind === 'result' && confirmed.result.status).toBe('success');
    expect(trackerFor('t2').history).toHaveLength(2);

    forgetTracker('t4');
    const withTx = clientAnswering({ ...result('success'), txid: 'abc' }, result('unpaid'));
    const believed = await poll(withTx.client, 't4');
    expect(withTx.calls()).toBe(1);
    expect(believed.kind === 'result' && believed.result.status).toBe('success');

    forgetTracker('t5');
    const failing = clientAnswering(result('failed'), result('unpaid'));
    const failed = await poll(failing.client, 't5');
    expect(failing.calls()).toBe(2);
    expect(failed.kind === 'result' && failed.result.status).toBe('unpaid');
  });

  it('reads an unknown trace as still waiting, and counts consecutive faults for back-off', async () => {
    forgetTracker('t3');
    const unknown = clientAnswering(new MixPayError('api', 'Payment not found', { code: 404 }));
    expect((await poll(unknown.client, 't3')).kind).toBe('unknown');

    const down = clientAnswering(new MixPayError('network', 'offline'));
    await expect(poll(down.client, 't3')).rejects.toThrow('offline');
    await expect(poll(down.client, 't3')).rejects.toThrow('offline');
    expect(trackerFor('t3').consecutiveFailures).toBe(2);
    const back = clientAnswering(result('unpaid'));
    await poll(back.client, 't3');
    expect(trackerFor('t3').consecutiveFailures).toBe(0);
    expect(trackerFor('t3').phase).toBe('opened');
  });
});
