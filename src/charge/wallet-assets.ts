/**
 * Pure helpers for the wallet modes: which payment assets can pay this charge, which one is
 * picked, and how crypto amounts are written.
 */
import type { ChargeRecord } from '@/journal/journal';
import type { PaymentAsset } from '@/mixpay/schemas';
import {
  compareDecimal,
  isDecimalString,
  isZeroDecimal,
  normalizeDecimal,
} from '@/money/decimal';
import type { WalletKind } from './wallet-queries';

/**
 * Assets the customer can pay this charge with: never one whose maxPaymentAmount is 0 (MixPay's
 * "cannot pay this amount"), never one without on-chain support for an on-chain wallet, and, when
 * the charge is priced in that very asset, not one whose min/max range excludes the amount.
 */
export function payableAssets(
  assets: readonly PaymentAsset[],
  kind: WalletKind,
  charge: Pick<ChargeRecord, 'quoteAssetId' | 'quoteAmount'>,
): PaymentAsset[] {
  return assets.filter((a) => {
    if (isZeroDecimal(a.maxPaymentAmount)) return false;
    if (kind === 'on-chain' && !a.onChainSupported) return false;
    if (a.assetId.toLowerCase() === charge.quoteAssetId.toLowerCase()) {
      return (
        compareDecimal(charge.quoteAmount, a.minPaymentAmount) >= 0 &&
        compareDecimal(charge.quoteAmount, a.maxPaymentAmount) <= 0
      );
    }
    return true;
  });
}

/** The cashier's pick when it can pay, else the shop's settlement asset, else the first that can. */
export function pickAsset(
  candidates: readonly PaymentAsset[],
  pickedId: string | undefined,
  settlementAssetId: string,
): PaymentAsset | undefined {
  return (
    candidates.find((a) => a.assetId === pickedId) ??
    candidates.find((a) => a.assetId === settlementAssetId) ??
    candidates[0]
  );
}

export function assetLabel(asset: Pick<PaymentAsset, 'symbol' | 'network'>): string {
  return asset.network && asset.network !== asset.symbol
    ? `${asset.symbol} (${asset.network})`
    : asset.symbol;
}

/** "0.00018985 BTC": the exact amount, never rounded (a customer types it into a wallet). */
export function cryptoText(amount: string, symbol: string | undefined): string {
  const text = isDecimalString(amount) ? normalizeDecimal(amount) : amount;
  return symbol ? `${text} ${symbol}` : text;
}
