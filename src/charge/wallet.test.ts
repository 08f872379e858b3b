import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/journal/journal';
import { createMixPayClient } from '@/mixpay/client';
import type { Payment, PaymentAsset } from '@/mixpay/schemas';
import { fakeFetch, okEnvelope } from '@/mixpay/test-fetch';
import { paymentResultQuery, PollState } from './payment-result-query';
import { payableAssets, pickAsset } from './wallet-assets';
import {
  ON_CHAIN_MAX_AHEAD_S,
  quoteProblem,
  renewDelay,
  walletPaymentParams,
  walletPaymentQuery,
  windowEnd,
  type WalletQuote,
} from './wallet-queries';

const API = 'https://api.mixpay.me/v1';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const XIN = 'c94ac88f-4671-3976-b60a-09064f1811e8';
const NOW_S = 1_700_000_000;

const charge = {
  traceId: '1b638d3f-e156-4621-87fd-778a410f4884',
  payeeId: '834c17e1-1427-434a-a280-1b3cfee05111',
  settlementAssetId: USDT,
  quoteAssetId: 'usd',
  quoteAmount: '12.34',
  strictMode: false,
  remark: 'Table 4',
  expiredTimestamp: NOW_S + 15 * 60,
} satisfies Partial<ChargeRecord>;

function asset(assetId: string, extra: Partial<PaymentAsset> = {}): PaymentAsset {
  return {
    assetId,
    symbol: assetId.slice(0, 3),
    name: assetId,
    network: 'Net',
    onChainSupported: true,
    minPaymentAmount: '0.0001',
    maxPaymentAmount: '1000',
    ...extra,
  };
}

function payment(extra: Partial<Payment> = {}): Payment {
  return {
    isChain: false,
    expire: NOW_S + 60,
    seconds: 60,
    payeeId: charge.payeeId,
    traceId: charge.traceId,
    paymentAssetId: BTC,
    paymentAssetSymbol: 'BTC',
    paymentAmount: '0.00018985',
    settlementAssetId: USDT,
    quoteAssetId: 'usd',
    quoteAmount: '12.34',
    memo: 'bWVtbw==',
    recipient: 'a1b2',
    destination: '',
    tag: '',
    ...extra,
  };
}

describe('payableAssets / pickAsset', () => {
  const list = [asset(BTC), asset(XIN, { onChainSupported: false }), asset(USDT, { maxPaymentAmount: '0' })];

  it('hides assets that cannot pay the amount, and non-chain assets on-chain', () => {
    expect(payableAssets(list, 'mixin', charge).map((a) => a.assetId)).toEqual([BTC, XIN]);
    expect(payableAssets(list, 'on-chain', charge).map((a) => a.assetId)).toEqual([BTC]);
  });

  it('checks the min/max range when the charge is priced in the asset itself', () => {
    const btcCharge = { quoteAssetId: BTC, quoteAmount: '0.00001' };
    expect(payableAssets([asset(BTC)], 'mixin', btcCharge)).toEqual([]);
    expect(payableAssets([asset(BTC)], 'mixin', { ...btcCharge, quoteAmount: '0.5' })).toHaveLength(1);
  });

  it('prefers the pick, then the settlement asset, then the first', () => {
    const candidates = [asset(BTC), asset(USDT)];
    expect(pickAsset(candidates, BTC, USDT)?.assetId).toBe(BTC);
    expect(pickAsset(candidates, XIN, USDT)?.assetId).toBe(USDT);
    expect(pickAsset([asset(BTC)], undefined, USDT)?.assetId).toBe(BTC);
    expect(pickAsset([], undefined, USDT)).toBeUndefined();
  });
});

describe('wallet payment requests', () => {
  it('send the charge terms with its own traceId', () => {
    expect(walletPaymentParams(charge, BTC, 'mixin', NOW_S * 1000)).toEqual({
      payeeId: charge.payeeId,
      quoteAmount: '12.34',
      quoteAssetId: 'usd',
      settlementAssetId: USDT,
      traceId: charge.traceId,
      strictMode: undefined,
      remark: 'Table 4',
      expiredTimestamp: charge.expiredTimestamp,
      paymentAssetId: BTC,
    });
  });

  it('cap an on-chain expiry at less than 240 minutes ahead', () => {
    const long = { ...charge, expiredTimestamp: NOW_S + 48 * 3600 };
    expect(walletPaymentParams(long, BTC, 'on-chain', NOW_S * 1000).expiredTimestamp).toBe(
      NOW_S + ON_CHAIN_MAX_AHEAD_S,
    );
    expect(ON_CHAIN_MAX_AHEAD_S).toBeLessThan(240 * 60);
    expect(walletPaymentParams(long, BTC, 'mixin', NOW_S * 1000).expiredTimestamp).toBe(
      long.expiredTimestamp,
    );
    expect(walletPaymentParams(charge, BTC, 'on-chain', NOW_S * 1000).expiredTimestamp).toBe(
      charge.expiredTimestamp,
    );
  });

  it('reject answers for another payment, terms, asset or wallet', () => {
    expect(quoteProblem(charge, payment(), 'mixin', BTC)).toBeNull();
    expect(quoteProblem(charge, payment({ quoteAmount: '12.340' }), 'mixin', BTC)).toBeNull();
    expect(quoteProblem(charge, payment({ traceId: 'other' }), 'mixin', BTC)).toMatch(/another payment/);
    expect(quoteProblem(charge, payment({ quoteAmount: '1.23' }), 'mixin', BTC)).toMatch(/terms/);
    expect(quoteProblem(charge, payment(), 'mixin', USDT)).toMatch(/another asset/);
    expect(quoteProblem(charge, payment(), 'on-chain', BTC)).toMatch(/another wallet/);
    expect(quoteProblem(charge, payment({ isChain: true }), 'on-chain', BTC)).toMatch(/where to pay/);
  });
});

describe('price windows', () => {
  it('end at expire on the device clock, or `seconds` after the answer', () => {
    // The server clock is 5 s behind the device.
    expect(windowEnd(payment({ expire: NOW_S + 60 }), NOW_S * 1000 + 5_000, NOW_S * 1000)).toBe(
      (NOW_S + 65) * 1000,
    );
    expect(windowEnd(payment({ seconds: 42 }), 1_000, null)).toBe(43_000);
  });

  it('renew Mixin after the window, on-chain before it', () => {
    const quote: WalletQuote = { payment: payment(), receivedAt: 0, endsAt: 600_000 };
    expect(renewDelay(quote, 'mixin', 0)).toBe(601_000);
    expect(renewDelay(quote, 'on-chain', 0)).toBe(570_000);
    // A short window renews after three quarters of it.
    expect(renewDelay({ ...quote, endsAt: 60_000 }, 'on-chain', 0)).toBe(45_000);
    // Never a tight loop when a window has not moved on.
    expect(renewDelay(quote, 'mixin', 700_000)).toBe(1_000);
  });
});

describe('walletPaymentQuery', () => {
  function setup(answer: (url: string, body: string) => unknown) {
    const fake = fakeFetch(({ url, init }) => okEnvelope(answer(url, String(init.body ?? ''))));
    const client = createMixPayClient({ apiUrl: API, fetch: fake.fetch });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    return { fake, client, queryClient };
  }

  it('creates a Mixin payment with POST /payments, the same request renewing it', async () => {
    const { fake, client, queryClient } = setup(() => payment());
    const options = walletPaymentQuery(client, queryClient, API, charge, 'mixin', BTC);
    await queryClient.fetchQuery(options);
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(fake.calls.map((c) => c.url)).toEqual([`${API}/payments`, `${API}/payments`]);
    const body = new URLSearchParams(String(fake.calls[0]?.init.body));
    expect(body.get('traceId')).toBe(charge.traceId);
    expect(body.get('paymentAssetId')).toBe(BTC);
    expect(body.get('isChain')).toBe('0');
  });

  it('creates on-chain with isChain, then renews with POST /payments/refresh', async () => {
    const chain = payment({ isChain: true, destination: 'bc1qxyz', recipient: '' });
    const { fake, client, queryClient } = setup(() => chain);
    const options = walletPaymentQuery(client, queryClient, API, charge, 'on-chain', BTC);
    await queryClient.fetchQuery(options);
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(fake.calls.map((c) => c.url)).toEqual([`${API}/payments`, `${API}/payments/refresh`]);
    expect(new URLSearchParams(String(fake.calls[0]?.init.body)).get('isChain')).toBe('1');
  });

  it('creates again when the refreshed quote is no longer ours', async () => {
    let n = 0;
    const { fake, client, queryClient } = setup(() =>
      payment({ isChain: true, destination: 'bc1qxyz', paymentAssetId: n++ === 1 ? USDT : BTC }),
    );
    const options = walletPaymentQuery(client, queryClient, API, charge, 'on-chain', BTC);
    await queryClient.fetchQuery(options);
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(fake.calls.map((c) => c.url)).toEqual([
      `${API}/payments`,
      `${API}/payments/refresh`,
      `${API}/payments`,
    ]);
  });

  it('fails on an answer for different terms', async () => {
    const { client, queryClient } = setup(() => payment({ quoteAmount: '0.01' }));
    await expect(
      queryClient.fetchQuery(walletPaymentQuery(client, queryClient, API, charge, 'mixin', BTC)),
    ).rejects.toThrow(/different payment terms/);
  });
});

describe('paymentResultQuery', () => {
  it('asks for payment and transactions only when told, under one key', async () => {
    const fake = fakeFetch(() =>
      okEnvelope({ status: 'unpaid', quoteAmount: '12.34', quoteAssetId: 'usd', payeeId: charge.payeeId }),
    );
    const client = createMixPayClient({ apiUrl: API, fetch: fake.fetch });
    const poll = new PollState(0);
    const options = paymentResultQuery({ client, apiUrl: API, traceId: charge.traceId, poll });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await queryClient.fetchQuery(options);
    poll.withTransfers = true;
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(fake.calls.map((c) => new URL(c.url).searchParams.get('with'))).toEqual([
      null,
      'payment,transactions',
    ]);
  });
});
