/**
 * The QR screen's wallet choice: "Any wallet" (the charge's checkout link), "Mixin Messenger" or
 * "On-chain". One charge, one traceId in every mode; the choice is journalled so a reload comes
 * back to it. For the wallet modes this loads the payment assets, keeps a wallet payment for the
 * picked asset (renewed as its price window ends) and turns it into what the QR shows.
 */
import { t } from '@lingui/core/macro';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { applyChargeEvent } from '@/journal/journal';
import type { ChargeRecord, WalletMode } from '@/lifecycle/charge-record';
import type { ChargeEvent } from '@/lifecycle/lifecycle';
import { describeError, isMixPayError, isTransient } from '@/mixpay/errors';
import { buildMixinPayLink } from '@/mixpay/links';
import { paymentAssetsQuery } from '@/mixpay/queries';
import type { PaymentAsset } from '@/mixpay/schemas';
import { walletUriFor } from '@/mixpay/wallet-uri';
import { useMixPay } from '@/settings';
import { payableAssets, pickAsset } from './wallet-assets';
import { walletPaymentQuery, WalletQuoteError, type WalletKind, type WalletQuote } from './wallet-queries';

export interface WalletPayment {
  mode: WalletMode;
  setMode(mode: WalletMode): void;
  /** Assets that can pay this charge in the current wallet mode ([] in "any"). */
  assets: PaymentAsset[];
  assetsLoading: boolean;
  asset: PaymentAsset | undefined;
  setAssetId(assetId: string): void;
  quote: WalletQuote | undefined;
  /** Why there is no usable wallet payment, for the cashier. */
  problem: string | null;
  retry(): void;
  /** What the QR encodes, or null while there is nothing to show. */
  qrValue: string | null;
  /** Shown in the QR's place while qrValue is null. */
  qrNote: string;
}

function remember(traceId: string, event: ChargeEvent) {
  applyChargeEvent(traceId, event).catch((error: unknown) => console.error('Journal update failed', error));
}

/**
 * MixPay refused the wallet payment itself (the Raw API is deprecated and may go away), as opposed
 * to a fault worth retrying: the charge falls back to its checkout link.
 */
function isRefusal(error: unknown): boolean {
  return isMixPayError(error) && !isTransient(error) && (error.kind === 'api' || error.kind === 'http');
}

function qrFor(kind: WalletKind, quote: WalletQuote): string {
  const p = quote.payment;
  if (kind === 'on-chain') return walletUriFor(p);
  return buildMixinPayLink({
    recipient: p.recipient ?? '',
    asset: p.paymentAssetId,
    amount: p.paymentAmount,
    memo: p.memo ?? '',
    trace: p.traceId,
  });
}

export function useWalletPayment(charge: ChargeRecord): WalletPayment {
  const { client, apiUrl } = useMixPay();
  const queryClient = useQueryClient();
  // The journalled record is the one source of the choice: a reload (or another tab) sees the same.
  const mode: WalletMode = charge.wallet ?? 'any';
  const pickedId = charge.walletAssetId;
  const kind: WalletKind | null = mode === 'any' ? null : mode;
  const open = charge.status === 'open';

  const assetsQuery = useQuery({
    ...paymentAssetsQuery(client, apiUrl, {
      payeeId: charge.payeeId,
      quoteAssetId: charge.quoteAssetId,
      quoteAmount: charge.quoteAmount,
    }),
    enabled: kind !== null,
  });
  const assets = useMemo(
    () => (kind && assetsQuery.data ? payableAssets(assetsQuery.data, kind, charge) : []),
    [kind, assetsQuery.data, charge],
  );
  const asset = pickAsset(assets, pickedId, charge.settlementAssetId);

  const quoteQuery = useQuery({
    ...walletPaymentQuery(client, queryClient, apiUrl, charge, kind ?? 'mixin', asset?.assetId ?? ''),
    enabled: open && kind !== null && asset !== undefined,
  });
  const quote = kind && asset ? quoteQuery.data : undefined;

  let qrValue: string | null = null;
  let problem: string | null = null;
  if (!kind) {
    qrValue = charge.link;
  } else if (quote) {
    try {
      qrValue = qrFor(kind, quote);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  if (kind && !problem) {
    if (assetsQuery.isError && !assetsQuery.data) {
      const reason = describeError(assetsQuery.error);
      problem = t`Could not load payment assets: ${reason}`;
    } else if (assetsQuery.data && !asset) {
      problem =
        kind === 'on-chain'
          ? t`No asset can pay this amount on-chain`
          : t`No asset can pay this amount from Mixin Messenger`;
    } else if (quoteQuery.isError && !quoteQuery.isFetching) {
      const reason =
        quoteQuery.error instanceof WalletQuoteError
          ? quoteQuery.error.message
          : describeError(quoteQuery.error);
      problem = t`Could not get a price: ${reason}`;
    }
  }
  // MixPay refused the deprecated Raw API: back to the checkout link, with a visible note.
  const refusal = quoteQuery.isError && isRefusal(quoteQuery.error) ? describeError(quoteQuery.error) : null;
  useEffect(() => {
    if (refusal && open) remember(charge.traceId, { type: 'wallet-fell-back', reason: refusal });
  }, [refusal, open, charge.traceId]);
  // A renewal that failed for good takes the old quote off the screen: its price window is over.
  if (problem && quoteQuery.isError) qrValue = null;

  // The hook runs while the QR screen renders, so these follow its language.
  const qrNote = problem
    ? t`${problem}. "Any wallet" still works.`
    : kind === 'on-chain'
      ? t`Getting the on-chain address…`
      : t`Getting the Mixin price…`;

  return {
    mode,
    setMode: (next) => {
      if (next !== mode) remember(charge.traceId, { type: 'wallet-chosen', wallet: next });
    },
    assets,
    assetsLoading: kind !== null && assetsQuery.isPending,
    asset,
    setAssetId: (assetId) => remember(charge.traceId, { type: 'wallet-asset-chosen', assetId }),
    quote,
    problem,
    retry: () => {
      if (assetsQuery.isError) void assetsQuery.refetch();
      else void quoteQuery.refetch();
    },
    qrValue,
    qrNote,
  };
}
