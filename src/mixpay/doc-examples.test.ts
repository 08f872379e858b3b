/**
 * Every answer example on MixPay's API pages must parse, through the client method that requests
 * that endpoint. The examples are a byte-identical copy of shared/mixpay-doc-examples.json.
 */
import { describe, expect, it } from 'vitest';
import fixtureText from './fixtures/mixpay-doc-examples.json?raw';
import { createMixPayClient } from './client';
import type { MixPayClient, MixPayResponse } from './client';
import { KNOWN_PAYMENT_STATUSES } from './schemas';
import { fakeFetch, textResponse } from './test-fetch';
import type { RecordedCall } from './test-fetch';

// The project's shared copy sits beside the repository (repoRoot/../shared); absent in some clones.
const sharedCopies = import.meta.glob<string>('../../../shared/mixpay-doc-examples.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

interface DocExamples {
  source: string;
  examples: Record<string, Record<string, unknown>>;
}

const fixture = JSON.parse(fixtureText) as DocExamples;

const PAYEE = '8e69e534-d0c4-3e04-8b61-37a73cd9e7d7';
const TRACE = 'fdc93358-7555-4c47-9e49-3a8343ca7c34';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const ETH = '43d61dcd-e413-450d-80b8-101d5e903357';

const paymentParams = {
  payeeId: PAYEE,
  quoteAmount: '10',
  quoteAssetId: 'usd',
  settlementAssetId: BTC,
  paymentAssetId: ETH,
  traceId: TRACE,
};

interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  call: (api: MixPayClient) => Promise<MixPayResponse<unknown>>;
}

/** Each documented example, by its key, and the client method that requests that endpoint. */
const ENDPOINTS: Record<string, Endpoint> = {
  'GET /payments_estimated': {
    method: 'GET',
    path: '/payments_estimated',
    call: (api) =>
      api.paymentsEstimated({
        paymentAssetId: BTC,
        settlementAssetId: BTC,
        quoteAssetId: BTC,
        quoteAmount: '0.0001',
      }),
  },
  'POST /payments (Mixin wallet)': {
    method: 'POST',
    path: '/payments',
    call: (api) => api.createPayment(paymentParams),
  },
  'POST /one_time_payment': {
    method: 'POST',
    path: '/one_time_payment',
    call: (api) => api.createOneTimePayment(paymentParams),
  },
  'POST /payments (isChain=1)': {
    method: 'POST',
    path: '/payments',
    call: (api) => api.createChainPayment(paymentParams),
  },
  'GET /setting/settlement_assets': {
    method: 'GET',
    path: '/setting/settlement_assets',
    call: (api) => api.settlementAssets({ payeeId: PAYEE }),
  },
  'GET /payments_result?with=payment,transactions': {
    method: 'GET',
    path: '/payments_result',
    call: (api) => api.paymentResult({ traceId: TRACE }, { with: ['payment', 'transactions'] }),
  },
  'GET /setting/quote_assets': {
    method: 'GET',
    path: '/setting/quote_assets',
    call: (api) => api.quoteAssets({ payeeId: PAYEE }),
  },
  'GET /user/mixin_uuid/{mixinId}': {
    method: 'GET',
    path: '/user/mixin_uuid/40053095',
    call: (api) => api.mixinUuid('40053095'),
  },
};

const RESULT_KEY = 'GET /payments_result?with=payment,transactions';

/** A client whose every request is answered with `body`, verbatim. */
function answering(body: string) {
  const fake = fakeFetch(() => textResponse(body));
  return {
    api: createMixPayClient({ apiUrl: 'https://api.mixpay.me/v1', fetch: fake.fetch }),
    calls: fake.calls,
  };
}

function pathOf(call: RecordedCall): string {
  return new URL(call.url).pathname.replace(/^\/v1/, '');
}

describe('MixPay documentation examples', () => {
  it('has a client method for every example', () => {
    expect(Object.keys(fixture.examples).sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  it.each(Object.keys(fixture.examples))('%s parses', async (key) => {
    const endpoint = ENDPOINTS[key];
    const example = fixture.examples[key];
    const { api, calls } = answering(JSON.stringify(example));
    const response = await endpoint.call(api);
    expect(calls).toHaveLength(1);
    expect(calls[0].init.method).toBe(endpoint.method);
    expect(pathOf(calls[0])).toBe(endpoint.path);
    expect(response.data).toBeDefined();
    expect(response.timestampMs).toBe(example.timestampMs);
  });

  it('reads the payments_result example as documented', async () => {
    const { api } = answering(JSON.stringify(fixture.examples[RESULT_KEY]));
    const { data } = await api.paymentResult({ traceId: TRACE }, { with: ['payment', 'transactions'] });
    expect(data).toMatchObject({
      status: 'success',
      quoteAmount: '0.01',
      quoteAssetId: 'usd',
      paymentAmount: '0.010013',
      payableAmount: '0.010013',
      payableSymbol: 'USDT',
      payableAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
      payeeId: 'xxxxx-xxx-xxx-xxx-xxxxxxx',
      payeeMixinNumber: '38xxxxx08',
      confirmations: -1,
      failureCode: 0,
      date: 1656513302,
      settleStatus: 'success',
      payment: { isMultiPay: true, isFullyPaid: true, totalTransactionsAmount: '0.3' },
    });
    expect(data.transactions?.map((t) => [t.paymentAmount, t.confirmations, t.requiredConfirms])).toEqual([
      ['0.2', 10, 1],
      ['0.1', 5, 1],
    ]);
    expect(data.transactions?.[0].broadcastAt).toBe('2023-06-25T13:47:23.000000Z');
  });

  it.each([...KNOWN_PAYMENT_STATUSES, 'refunding'])(
    'the payments_result example parses with status %s',
    async (status) => {
      const example = fixture.examples[RESULT_KEY];
      const data = { ...(example.data as Record<string, unknown>), status };
      const { api } = answering(JSON.stringify({ ...example, data }));
      const result = await api.paymentResult({ traceId: TRACE }, { with: ['payment', 'transactions'] });
      expect(result.data.status).toBe(status);
    },
  );

  it('the payments_result example parses before the payer has chosen a channel', async () => {
    const example = fixture.examples[RESULT_KEY];
    const data = {
      ...(example.data as Record<string, unknown>),
      status: 'unpaid',
      paymentAmount: '',
      paymentSymbol: '',
      paymentAssetId: '',
      payableAmount: '',
      payableSymbol: '',
      payableAssetId: '',
      expiredAt: 1656514302,
    };
    const { api } = answering(JSON.stringify({ ...example, data }));
    const result = await api.paymentResult({ traceId: TRACE });
    expect(result.data).toMatchObject({ status: 'unpaid', expiredAt: 1656514302 });
    expect(result.data.paymentAmount).toBeUndefined();
    expect(result.data.payableAmount).toBeUndefined();
    expect(result.data.paymentAssetId).toBeUndefined();
  });

  it("is a byte-identical copy of the project's shared examples (when present)", () => {
    const shared = Object.values(sharedCopies);
    if (shared.length === 0) return; // no shared/ beside this clone
    expect(fixtureText).toBe(shared[0]);
  });
});
