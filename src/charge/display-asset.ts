import type { ChargeRecord } from '@/journal/journal';
import type { QuoteAsset } from '@/mixpay/schemas';
import type { DisplayAsset } from '@/money/format';

export function displayAssetOfQuote(
  asset: Pick<QuoteAsset, 'symbol' | 'decimalDigit' | 'isAsset' | 'assetId'>,
): DisplayAsset {
  const isFiat = !asset.isAsset;
  return {
    symbol: asset.symbol,
    decimals: asset.decimalDigit,
    isFiat,
    currencyCode: isFiat ? asset.assetId.toUpperCase() : undefined,
  };
}

export function displayAssetOf(
  charge: Pick<ChargeRecord, 'quoteSymbol' | 'quoteDecimals' | 'quoteIsFiat' | 'quoteAssetId'>,
): DisplayAsset {
  return {
    symbol: charge.quoteSymbol,
    decimals: charge.quoteDecimals,
    isFiat: charge.quoteIsFiat,
    currencyCode: charge.quoteIsFiat ? charge.quoteAssetId.toUpperCase() : undefined,
  };
}
