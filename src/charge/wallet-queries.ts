/**
 * React Query options for the QR screen's wallet modes, next to their fetchers: the wallet
 * payment (POST /payments for Mixin Messenger or on-chain, renewed when its price window ends)
 * and the settlement estimate (GET /payments_estimated). Both go through the typed client.
 */
import { t } from '@lingui/core/macro';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import type { CreatePaymentParams, MixPayClient, MixPayResponse } from '@/mixpay/client';
import { isTransient } from '@/mixpay/errors';
import type { Payment } from '@/mixpay/schemas';
import { sameAmount, sameAssetId, sameUuid } from '@/lifecycle/lifecycle';

export type WalletKind = 'mixin' | 'on-chain';

/** A wallet payment and, on the device's own clock, when its price window ends. */
export interface WalletQuote {
  payment: Payment;
  receivedAt: number;
  /** `expire` moved onto the device's clock, so a tablet with a wrong clock still renews on time. */
  endsAt: number;
}

/**
 * `expire` is MixPay's clock; the envelope's timestampMs says how far that is from ours. Without
 * a server time, `seconds` (what is left of the window) counted from the answer does the same.
 */
export function windowEnd(payment: Payment, receivedAt: number, serverNowMs: number | null): number {
  if (serverNowMs !== null && payment.expire > 0) return payment.expire * 1000 + (receivedAt - serverNowMs);
  return receivedAt + Math.max(0, payment.seconds) * 1000;
}

type ChargeTerms = Pick<
  ChargeRecord,
  | 'traceId'
  | 'payeeId'
  | 'settlementAssetId'
  | 'quoteAssetId'
  | 'quoteAmount'
  | 'strictMode'
  | 'remark'
  | 'expiredTimestamp'
>;

/**
 * MixPay accepts an on-chain expiredTimestamp only less than 240 minutes ahead. A charge window
 * longer than that is capped (a minute inside the limit) for the on-chain payment, which then ends
 * before the charge does; MixPay reports it failed with 40000 "overtime" and the charge ends expired.
 */
export const ON_CHAIN_MAX_AHEAD_S = 239 * 60;

/** Renew an on-chain window this long before it ends (or after 3/4 of a shorter one). */
export const ON_CHAIN_RENEW_LEAD_MS = 30_000;
/** Ask again this long after a Mixin window ends (expire is whole seconds), for the next price. */
export const MIXIN_RENEW_AFTER_MS = 1_000;
const MIN_RENEW_MS = 1_000;
const RETRY_AFTER_ERROR_MS = 10_000;

export function walletPaymentKey(apiUrl: string, traceId: string, kind: WalletKind, assetId: string) {
  return ['mixpay', apiUrl, 'wallet-payment', traceId, kind, assetId] as const;
}

export function walletPaymentParams(
  charge: ChargeTerms,
  paymentAssetId: string,
  kind: WalletKind,
  nowMs = Date.now(),
): CreatePaymentParams {
  const expiredTimestamp =
    kind === 'on-chain'
      ? Math.min(charge.expiredTimestamp, Math.floor(nowMs / 1000) + ON_CHAIN_MAX_AHEAD_S)
      : charge.expiredTimestamp;
  // The same terms the paylink and one-time link carry, so MixPay sees one payment per sale.
  return {
    payeeId: charge.payeeId,
    quoteAmount: charge.quoteAmount,
    quoteAssetId: charge.quoteAssetId,
    settlementAssetId: charge.settlementAssetId,
    traceId: charge.traceId,
    strictMode: charge.strictMode || undefined,
    remark: charge.remark,
    expiredTimestamp,
    paymentAssetId,
  };
}

/**
 * A wallet payment is shown only when it is for this sale: same trace, payee, currency, amount,
 * and the wallet and asset asked for. Anything else would put a QR on screen the poll cannot verify.
 * The problem is for the cashier (a WalletQuoteError's message), in the active language.
 */
export function quoteProblem(
  charge: ChargeTerms,
  payment: Payment,
  kind: WalletKind,
  assetId: string,
): string | null {
  // The same comparisons the lifecycle verifies results with (ids in any case, with or without dashes).
  if (!sameUuid(payment.traceId, charge.traceId)) return t`MixPay answered for another payment`;
  if (
    !sameUuid(payment.payeeId, charge.payeeId) ||
    !sameAssetId(payment.quoteAssetId, charge.quoteAssetId) ||
    !sameAmount(payment.quoteAmount, charge.quoteAmount)
  ) {
    return t`MixPay answered with different payment terms`;
  }
  if (!sameAssetId(payment.paymentAssetId, assetId)) return t`MixPay answered for another asset`;
  if (payment.isChain !== (kind === 'on-chain')) return t`MixPay answered for another wallet`;
  if (kind === 'on-chain' ? !payment.destination : !payment.recipient) {
    return t`MixPay did not say where to pay`;
  }
  return null;
}

export class WalletQuoteError extends Error {}

/** When to ask again: after a Mixin window ends; shortly before an on-chain one ends. */
export function renewDelay(quote: WalletQuote, kind: WalletKind, now: number): number {
  const windowMs = quote.endsAt - quote.receivedAt;
  const at =
    kind === 'mixin'
      ? quote.endsAt + MIXIN_RENEW_AFTER_MS
      : quote.endsAt - Math.min(ON_CHAIN_RENEW_LEAD_MS, Math.floor(windowMs / 4));
  // A window that has not moved on yet (clock rounding) is asked about again a second later.
  return Math.max(MIN_RENEW_MS, at - now);
}

export function walletPaymentQuery(
  client: MixPayClient,
  queryClient: QueryClient,
  apiUrl: string,
  charge: ChargeTerms,
  kind: WalletKind,
  assetId: string,
) {
  const queryKey = walletPaymentKey(apiUrl, charge.traceId, kind, assetId);
  // The key names the trace; the charge's terms behind it never change.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }): Promise<WalletQuote> => {
      const previous = queryClient.getQueryData<WalletQuote>(queryKey);
      let response: MixPayResponse<Payment> | undefined;
      if (kind === 'on-chain' && previous) {
        // Renewing the window keeps the address; the amount may change.
        try {
          response = await client.refreshPayment({ traceId: charge.traceId }, { signal });
        } catch (error) {
          if (signal.aborted || isTransient(error)) throw error;
        }
        // MixPay no longer has our quote (another asset or wallet replaced it): create it again.
        if (response && quoteProblem(charge, response.data, kind, assetId)) response = undefined;
      }
      if (!response) {
        const params = walletPaymentParams(charge, assetId, kind);
        // Repeating POST /payments with the same traceId is how MixPay renews a Mixin price window.
        response =
          kind === 'on-chain'
            ? await client.createChainPayment(params, { signal })
            : await client.createPayment(params, { signal });
      }
      const payment = response.data;
      const problem = quoteProblem(charge, payment, kind, assetId);
      if (problem) throw new WalletQuoteError(problem);
      const receivedAt = Date.now();
      return { payment, receivedAt, endsAt: windowEnd(payment, receivedAt, response.timestampMs) };
    },
    // Only faults worth repeating; a refusal or a wrong answer is shown to the cashier.
    retry: (failures, error) => failures < 2 && isTransient(error),
    refetchInterval: (query) => {
      const { data, error, errorUpdatedAt, dataUpdatedAt } = query.state;
      // A fault (offline, 5xx) is asked again; a refusal waits for the cashier's "Try again".
      if (!data) return error && isTransient(error) ? RETRY_AFTER_ERROR_MS : false;
      if (errorUpdatedAt > dataUpdatedAt) return RETRY_AFTER_ERROR_MS;
      return renewDelay(data, kind, Date.now());
    },
    // The price must stay fresh while the tablet's screen is off or the tab hidden.
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    refetchOnReconnect: 'always',
    // Renewal is driven by the window above, not by staleness.
    staleTime: Infinity,
    // A quote not on screen is dropped: MixPay keeps one quote per trace, so coming back to an
    // asset or wallet must ask again rather than show a quote another one has replaced.
    gcTime: 0,
    // Offline the request fails at once and says so, rather than waiting silently.
    networkMode: 'always',
  });
}

export interface EstimateParams {
  paymentAssetId: string;
  settlementAssetId: string;
  quoteAssetId: string;
  quoteAmount: string;
}

export function settlementEstimateQuery(client: MixPayClient, apiUrl: string, params: EstimateParams) {
  return queryOptions({
    queryKey: ['mixpay', apiUrl, 'payments-estimated', params] as const,
    // Decoration only: it waits for a quiet moment of the shop (a busy shop spends its budget on
    // payments), no retries, and a price a minute old is fine for "about".
    queryFn: async ({ signal }) => (await client.paymentsEstimated(params, { signal, optional: true })).data,
    retry: false,
    staleTime: 60_000,
    gcTime: 5 * 60_000,
    networkMode: 'online',
  });
}
