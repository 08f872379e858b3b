/**
 * React Query option factories for MixPay's asset lists. The lists change rarely and the till must
 * keep working offline, so they stay fresh for an hour and cached for a week, and offlineFirst lets
 * a cached list serve while the network is down.
 */
import { queryOptions, skipToken, type QueryClient, type QueryKey } from '@tanstack/react-query';
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

/**
 * A refresh of a list the till already holds waits for a quiet moment of the shop (the
 * scheduler's optional requests; the kept list serves meanwhile): ten tills opening in the morning
 * would otherwise spend a sixth of the shop's first minute refreshing yesterday's lists.
 */
function refreshIsOptional({ client, queryKey }: { client: QueryClient; queryKey: QueryKey }): boolean {
  return client.getQueryData(queryKey) !== undefined;
}

/**
 * `client` null: not asked yet (the services are still being made); the kept list shows meanwhile.
 * `canWait` (asked as each fetch starts): the till can do without the list for now (it sells in
 * USD, which the keypad knows without it, and nobody has reached for the currency picker), so even
 * a first fetch waits for a quiet moment: ten new tills opening together spent a sixth of the
 * shop's first minute on it.
 */
export function quoteAssetsQuery(
  client: MixPayClient | null,
  apiUrl: string,
  options: { canWait?: () => boolean } = {},
) {
  const canWait = options.canWait ?? (() => false);
  return queryOptions({
    queryKey: mixpayKeys.quoteAssets(apiUrl),
    queryFn: client
      ? async (context) =>
          (
            await client.quoteAssets(
              {},
              { signal: context.signal, optional: canWait() || refreshIsOptional(context) },
            )
          ).data
      : skipToken,
    ...assetListDefaults,
  });
}

export function settlementAssetsQuery(client: MixPayClient, apiUrl: string) {
  return queryOptions({
    queryKey: mixpayKeys.settlementAssets(apiUrl),
    queryFn: async (context) =>
      (await client.settlementAssets({}, { signal: context.signal, optional: refreshIsOptional(context) }))
        .data,
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
