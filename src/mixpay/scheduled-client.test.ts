import { describe, expect, it } from 'vitest';
import type { MixPayClient } from './client';
import { scheduledClient } from './scheduled-client';
import type { RequestScheduler } from './scheduler';

describe('scheduled client', () => {
  it('sends every request through the scheduler with its priority; creating a payment is urgent', async () => {
    const runs: Array<{ priority: string; urgent?: boolean }> = [];
    const scheduler = {
      run: (priority: string, task: (signal: AbortSignal) => Promise<unknown>, options: { urgent?: boolean }) => {
        runs.push({ priority, urgent: options.urgent });
        return task(new AbortController().signal);
      },
    } as unknown as RequestScheduler;
    const answer = async () => ({ data: null, rateLimit: { limit: 60, remaining: 50 }, timestampMs: null });
    const raw = Object.fromEntries(
      ['paymentResult', 'createOneTimePayment', 'quoteAssets', 'refreshPayment'].map((name) => [name, answer]),
    ) as unknown as MixPayClient;
    const client = scheduledClient(raw, scheduler);
    await client.paymentResult({ traceId: 't' });
    await client.paymentResult({ traceId: 't' }, { priority: 'watch' });
    await client.createOneTimePayment({} as never);
    await client.quoteAssets();
    expect(runs).toEqual([
      { priority: 'poll', urgent: false },
      { priority: 'watch', urgent: false },
      { priority: 'create', urgent: true },
      { priority: 'list', urgent: false },
    ]);
  });
});
