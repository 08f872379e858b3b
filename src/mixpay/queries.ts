/**
 * React Query option factories for MixPay's asset lists. The lists change rarely and the till must
 * keep working offline, so they stay fresh for an hour and cached for a week, and offlineFirst lets
 * a cached list serve while the network is down.
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import type { MixPayClient } from './client';

const ASSET_STALE_MS = 60 * 60 * 1000;
const ASSET_GC_MS = 7 * 24 * 60 * 60 * 1000;

/** Keys start with the API URL so the sandbox and production never share a cache entry. */
export const mixpayKeys = {
  all: (apiUrl: string) => ['mixpay', apiUrl] as const,
  quoteAssets: (apiUrl: string) => ['mixpay', apiUrl, 'quote-assets'] as const,
  settlementAssets: (apiUrl: string) => ['mixpay', apiUrl, 'settlement-assets'] as const,
  paymentAssets: (apiUrl: string, params: PaymentAssetsQueryParams) =>
    ['mixpay', apiUrl, 'payment-assets', params.payeeId, params.quoteAssetId, params.quoteAmount] as const,
};

export interface PaymentAssetsQueryParams {
  payeeId: string;
  quoteAssetId: string;
  /** Decimal string. */
  quoteAmount: string;
}

const assetListDefaults = {
  staleTime: ASSET_STALE_MS,
  gcTime: ASSET_GC_MS,
  networkMode: 'offlineFirst',
} as const;

/** `client` null: not asked yet (the services are still being made); the kept list shows meanwhile. */
export function quoteAssetsQuery(client: MixPayClient | null, apiUrl: string) {
  return queryOptions({
    queryKey: mixpayKeys.quoteAssets(apiUrl),
    queryFn: client ? async ({ signal }) => (await client.quoteAssets({}, { signal })).data : skipToken,
    ...assetListDefaults,
  });
}

export function settlementAssetsQuery(client: MixPayClient, apiUrl: string) {
  return queryOptions({
    queryKey: mixpayKeys.settlementAssets(apiUrl),
    queryFn: async ({ signal }) => (await client.settlementAssets({}, { signal })).data,
    ...assetListDefaults,
  });
}

export function paymentAssetsQuery(client: MixPayClient, apiUrl: string, params: PaymentAssetsQueryParams) {
  return queryOptions({
    queryKey: mixpayKeys.paymentAssets(apiUrl, params),
    queryFn: async ({ signal }) => (await client.paymentAssets(params, { signal })).data,
    ...assetListDefaults,
  });
}
