/**
 * The sandbox's asset catalog and price table. Prices are fixed USD values so tests can predict
 * every amount; all arithmetic goes through the exact decimal helpers (never JS floats).
 */
import {
  compareDecimal,
  divideDecimal,
  multiplyDecimal,
  normalizeDecimal,
  type Rounding,
} from './decimal.ts';

export interface ChainAsset {
  id: string;
  symbol: string;
  name: string;
  iconUrl: string;
}

export interface FiatAsset {
  kind: 'fiat';
  id: string;
  symbol: string;
  name: string;
  decimalDigit: number;
  minQuoteAmount: string;
  maxQuoteAmount: string;
  usdPrice: string;
}

export interface CryptoAsset {
  kind: 'crypto';
  id: string;
  symbol: string;
  name: string;
  network: string;
  /** Digits allowed in a quote amount; payment amounts always use 8. */
  decimalDigit: number;
  minQuoteAmount: string;
  maxQuoteAmount: string;
  minPaymentAmount: string;
  maxPaymentAmount: string;
  onChainSupported: boolean;
  chainId: string;
  usdPrice: string;
  /** Which address format `destination` uses for on-chain payments. */
  addressFormat: 'bitcoin' | 'ethereum' | 'tron' | 'none';
}

export type QuoteAsset = FiatAsset | CryptoAsset;

export const ASSET_IDS = {
  BTC: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  ETH: '43d61dcd-e413-450d-80b8-101d5e903357',
  USDT_ERC20: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
  USDT_TRC20: 'b91e18ff-a9ae-3dc7-8679-e935d9a4b34b',
  USDC: '9b180ab6-6abe-3dc0-a13f-04169eb34bfa',
  XIN: 'c94ac88f-4671-3976-b60a-09064f1811e8',
} as const;

const TRX_ID = '25dabac5-056a-48ff-b9f9-f67395dc407c';

/** Payment amounts are quoted in 8 decimals for every asset, rounded up (the payer never underpays). */
export const PAYMENT_DECIMALS = 8;

/** XIN stands in for an asset with a low transfer ceiling: it cannot pay more than this many USD. */
export const XIN_USD_CEILING = '1000';

function iconFor(symbol: string): string {
  return `https://mixin-images.zeromesh.net/sandbox-${symbol.toLowerCase()}-icon=s128`;
}

function fiatIcon(id: string): string {
  return `https://static.mixpay.me/currency/${id}.png`;
}

function fiat(
  id: string,
  name: string,
  decimalDigit: number,
  min: string,
  max: string,
  usdPrice: string,
): FiatAsset {
  return {
    kind: 'fiat',
    id,
    symbol: id.toUpperCase(),
    name,
    decimalDigit,
    minQuoteAmount: min,
    maxQuoteAmount: max,
    usdPrice,
  };
}

export const FIAT_ASSETS: readonly FiatAsset[] = [
  fiat('usd', 'US Dollar', 2, '0.01', '100000', '1'),
  fiat('eur', 'Euro', 2, '0.01', '100000', '1.08'),
  fiat('gbp', 'British Pound', 2, '0.01', '80000', '1.27'),
  fiat('cny', 'Chinese Yuan', 2, '0.1', '700000', '0.138'),
  fiat('hkd', 'Hong Kong Dollar', 2, '0.1', '780000', '0.128'),
  fiat('sgd', 'Singapore Dollar', 2, '0.01', '130000', '0.74'),
  fiat('aud', 'Australian Dollar', 2, '0.02', '150000', '0.66'),
  fiat('cad', 'Canadian Dollar', 2, '0.01', '135000', '0.73'),
  fiat('chf', 'Swiss Franc', 2, '0.01', '90000', '1.13'),
  fiat('jpy', 'Japanese Yen', 0, '1', '10000000', '0.0067'),
  fiat('krw', 'South Korean Won', 0, '10', '130000000', '0.00073'),
];

export const CRYPTO_ASSETS: readonly CryptoAsset[] = [
  {
    kind: 'crypto',
    id: ASSET_IDS.BTC,
    symbol: 'BTC',
    name: 'Bitcoin',
    network: 'Bitcoin',
    decimalDigit: 8,
    minQuoteAmount: '0.000001',
    maxQuoteAmount: '2',
    minPaymentAmount: '0.000001',
    maxPaymentAmount: '5',
    onChainSupported: true,
    chainId: ASSET_IDS.BTC,
    usdPrice: '65000',
    addressFormat: 'bitcoin',
  },
  {
    kind: 'crypto',
    id: ASSET_IDS.ETH,
    symbol: 'ETH',
    name: 'Ether',
    network: 'Ethereum',
    decimalDigit: 8,
    minQuoteAmount: '0.00001',
    maxQuoteAmount: '30',
    minPaymentAmount: '0.00001',
    maxPaymentAmount: '100',
    onChainSupported: true,
    chainId: ASSET_IDS.ETH,
    usdPrice: '3200',
    addressFormat: 'ethereum',
  },
  {
    kind: 'crypto',
    id: ASSET_IDS.USDT_ERC20,
    symbol: 'USDT',
    name: 'Tether USD (ERC-20)',
    network: 'Ethereum',
    decimalDigit: 4,
    minQuoteAmount: '0.01',
    maxQuoteAmount: '100000',
    minPaymentAmount: '0.01',
    maxPaymentAmount: '200000',
    onChainSupported: true,
    chainId: ASSET_IDS.ETH,
    usdPrice: '1',
    addressFormat: 'ethereum',
  },
  {
    kind: 'crypto',
    id: ASSET_IDS.USDT_TRC20,
    symbol: 'USDT',
    name: 'Tether USD (TRC-20)',
    network: 'Tron',
    decimalDigit: 4,
    minQuoteAmount: '0.01',
    maxQuoteAmount: '100000',
    minPaymentAmount: '0.01',
    maxPaymentAmount: '200000',
    onChainSupported: true,
    chainId: TRX_ID,
    usdPrice: '1',
    addressFormat: 'tron',
  },
  {
    kind: 'crypto',
    id: ASSET_IDS.USDC,
    symbol: 'USDC',
    name: 'USD Coin',
    network: 'Ethereum',
    decimalDigit: 4,
    minQuoteAmount: '0.01',
    maxQuoteAmount: '100000',
    minPaymentAmount: '0.01',
    maxPaymentAmount: '200000',
    onChainSupported: true,
    chainId: ASSET_IDS.ETH,
    usdPrice: '1',
    addressFormat: 'ethereum',
  },
  {
    kind: 'crypto',
    id: ASSET_IDS.XIN,
    symbol: 'XIN',
    name: 'Mixin',
    network: 'Mixin',
    decimalDigit: 8,
    minQuoteAmount: '0.0001',
    maxQuoteAmount: '600',
    minPaymentAmount: '0.0001',
    maxPaymentAmount: divideDecimal(XIN_USD_CEILING, '150', PAYMENT_DECIMALS, 'down'),
    onChainSupported: false,
    chainId: ASSET_IDS.XIN,
    usdPrice: '150',
    addressFormat: 'none',
  },
];

const CHAIN_NAMES: Record<string, { symbol: string; name: string }> = {
  [ASSET_IDS.BTC]: { symbol: 'BTC', name: 'Bitcoin' },
  [ASSET_IDS.ETH]: { symbol: 'ETH', name: 'Ether' },
  [TRX_ID]: { symbol: 'TRX', name: 'TRON' },
  [ASSET_IDS.XIN]: { symbol: 'XIN', name: 'Mixin' },
};

export function findQuoteAsset(id: string): QuoteAsset | undefined {
  const key = id.toLowerCase();
  return FIAT_ASSETS.find((a) => a.id === key) ?? CRYPTO_ASSETS.find((a) => a.id === key);
}

export function findCryptoAsset(id: string): CryptoAsset | undefined {
  const key = id.toLowerCase();
  return CRYPTO_ASSETS.find((a) => a.id === key);
}

export function chainAssetOf(asset: QuoteAsset): ChainAsset {
  if (asset.kind === 'fiat')
    return { id: asset.id, symbol: asset.symbol, name: asset.name, iconUrl: fiatIcon(asset.id) };
  const chain = CHAIN_NAMES[asset.chainId] ?? { symbol: asset.symbol, name: asset.name };
  return { id: asset.chainId, symbol: chain.symbol, name: chain.name, iconUrl: iconFor(chain.symbol) };
}

export function iconUrlOf(asset: QuoteAsset): string {
  return asset.kind === 'fiat'
    ? fiatIcon(asset.id)
    : iconFor(asset.symbol === 'USDT' ? `usdt-${asset.network}` : asset.symbol);
}

/**
 * Converts `amount` of one asset into another through USD. `driftPermille` raises the result by
 * 0.1 % per step, which is how renewed price windows visibly change the amount.
 */
export function convert(
  amount: string,
  from: QuoteAsset,
  to: QuoteAsset,
  digits: number,
  mode: Rounding,
  driftPermille = 0,
): string {
  const numerator = multiplyDecimal(multiplyDecimal(amount, from.usdPrice), String(1000 + driftPermille));
  const denominator = multiplyDecimal(to.usdPrice, '1000');
  return divideDecimal(numerator, denominator, digits, mode);
}

/** What the payer sends in `asset` for a quote, rounded up to 8 decimals. */
export function paymentAmountFor(
  quoteAmount: string,
  quote: QuoteAsset,
  asset: CryptoAsset,
  driftPermille = 0,
): string {
  return convert(quoteAmount, quote, asset, PAYMENT_DECIMALS, 'up', driftPermille);
}

/** What the payee receives in the settlement asset (rounded down: never promise too much). */
export function settlementAmountFor(quoteAmount: string, quote: QuoteAsset, asset: CryptoAsset): string {
  return convert(quoteAmount, quote, asset, PAYMENT_DECIMALS, 'down');
}

export function usdValueOf(amount: string, asset: QuoteAsset): string {
  return normalizeDecimal(multiplyDecimal(amount, asset.usdPrice));
}

/** Whether `asset` can move `usdValue` at all (the XIN ceiling). */
export function withinTransferCeiling(asset: CryptoAsset, usdValue: string): boolean {
  return asset.id !== ASSET_IDS.XIN || compareDecimal(usdValue, XIN_USD_CEILING) <= 0;
}

export function canPay(asset: CryptoAsset, paymentAmount: string, usdValue: string): boolean {
  return (
    withinTransferCeiling(asset, usdValue) &&
    compareDecimal(paymentAmount, asset.minPaymentAmount) >= 0 &&
    compareDecimal(paymentAmount, asset.maxPaymentAmount) <= 0
  );
}

export function quoteAssetView(asset: QuoteAsset): Record<string, unknown> {
  return {
    assetId: asset.id,
    symbol: asset.symbol,
    name: asset.name,
    iconUrl: iconUrlOf(asset),
    decimalDigit: asset.decimalDigit,
    minQuoteAmount: asset.minQuoteAmount,
    maxQuoteAmount: asset.maxQuoteAmount,
    isAsset: asset.kind === 'crypto' ? 1 : 0,
    chainAsset: chainAssetOf(asset),
  };
}

/** Present when the caller asked about a specific amount. */
export interface AmountContext {
  quote: QuoteAsset;
  quoteAmount: string;
}

export function settlementAssetView(asset: CryptoAsset, ctx: AmountContext | null): Record<string, unknown> {
  const view: Record<string, unknown> = {
    assetId: asset.id,
    symbol: asset.symbol,
    name: asset.name,
    network: asset.network,
    iconUrl: iconUrlOf(asset),
    isAsset: 1,
    chainAsset: chainAssetOf(asset),
  };
  if (ctx) view.isAvailable = withinTransferCeiling(asset, usdValueOf(ctx.quoteAmount, ctx.quote));
  return view;
}

export function paymentAssetView(asset: CryptoAsset, ctx: AmountContext | null): Record<string, unknown> {
  let max = asset.maxPaymentAmount;
  if (ctx) {
    const amount = paymentAmountFor(ctx.quoteAmount, ctx.quote, asset);
    if (!canPay(asset, amount, usdValueOf(ctx.quoteAmount, ctx.quote))) max = '0';
  }
  return {
    assetId: asset.id,
    symbol: asset.symbol,
    name: asset.name,
    network: asset.network,
    iconUrl: iconUrlOf(asset),
    onChainSupported: asset.onChainSupported,
    minPaymentAmount: asset.minPaymentAmount,
    maxPaymentAmount: max,
    chainAsset: chainAssetOf(asset),
  };
}

/**
 * The `*AssetVersion` MixPay reports next to an asset id: the token standard of multi-chain
 * tokens ("ERC20", "TRC20"), empty for native coins and fiat.
 */
export function assetVersionOf(asset: QuoteAsset): string {
  if (asset.kind === 'fiat' || asset.chainId === asset.id) return '';
  if (asset.chainId === ASSET_IDS.ETH) return 'ERC20';
  if (asset.chainId === TRX_ID) return 'TRC20';
  return '';
}
