/**
 * The MixPay client as the app uses it: every request goes through the shop-wide scheduler
 * (scheduler.ts), so polls, link creation, the late-payment watch and asset lists share one
 * budget with priorities, and every answer's rate-limit headers steer the rate. Same interface as
 * the plain client; a call may say its priority (`priority`, default by endpoint) and `urgent`.
 */
import type { MixPayClient, RequestOptions } from './client';
import type { RequestPriority, RequestScheduler } from './scheduler';

const DEFAULT_PRIORITY: Record<keyof MixPayClient, RequestPriority> = {
  paymentResult: 'poll',
  createOneTimePayment: 'create',
  createPayment: 'create',
  createChainPayment: 'create',
  refreshPayment: 'create',
  mixinUuid: 'list',
  quoteAssets: 'list',
  settlementAssets: 'list',
  // Asked when the cashier picks a wallet on the QR screen: someone is waiting for it.
  paymentAssets: 'create',
  paymentsInfo: 'list',
  paymentsEstimated: 'list',
};

export function scheduledClient(client: MixPayClient, scheduler: RequestScheduler): MixPayClient {
  const wrapped = {} as Record<keyof MixPayClient, unknown>;
  for (const name of Object.keys(DEFAULT_PRIORITY) as Array<keyof MixPayClient>) {
    const call = client[name] as (first: unknown, options?: RequestOptions) => Promise<unknown>;
    // Every method takes its options last; for those without params the first argument is them.
    wrapped[name] = (first: unknown, options?: RequestOptions) => {
      const opts = options ?? {};
      const priority = opts.priority ?? DEFAULT_PRIORITY[name];
      return scheduler.run(priority, (signal) => call.call(client, first, { ...opts, signal }), {
        signal: opts.signal,
        // Creating a payment is a cashier waiting at the counter (Charge → QR): no pacing gap.
        urgent: opts.urgent ?? priority === 'create',
        eager: opts.eager,
        optional: opts.optional,
        dueBy: opts.dueBy,
      });
    };
  }
  return wrapped as unknown as MixPayClient;
}
