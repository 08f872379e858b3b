/**
 * How a currency is named in the lists the shop owner and the cashier pick from. MixPay lists one
 * entry per asset, and the same token on two networks (USDT on Ethereum and on TRON) has the same
 * symbol: two identical "USDT (crypto)" lines that cannot be told apart. Only such a symbol gets
 * its network ("USDT · Ethereum (crypto)"); every other asset keeps its plain symbol ("USD",
 * "BTC (crypto)").
 *
 * Labels are worded while rendering (Lingui's `t`): "(crypto)" reads in the active language.
 */
import { t } from '@lingui/core/macro';

/** What the labels need of a quote asset (MixPay's quote-asset list gives this and more). */
export interface LabelledAsset {
  assetId: string;
  symbol: string;
  /** A crypto asset (false: a fiat currency). */
  isAsset: boolean;
  /** The asset of the chain it lives on (ETH for an ERC-20 token); MixPay may leave it out. */
  chainAsset?: { symbol: string; name?: string };
}

/**
 * Networks named after their chain asset's symbol: a quote asset carries no network name, only
 * its chain asset, whose name is the coin's ("Ether") rather than the network's ("Ethereum").
 */
const NETWORK_BY_CHAIN_SYMBOL: Record<string, string> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum',
  TRX: 'TRON',
  BNB: 'BNB Chain',
  SOL: 'Solana',
  MATIC: 'Polygon',
  POL: 'Polygon',
  XIN: 'Mixin',
};

/** The network an asset lives on, in words ("Ethereum", "TRON"); null when MixPay does not say. */
export function networkOf(asset: LabelledAsset): string | null {
  const chain = asset.chainAsset;
  if (!chain) return null;
  const symbol = chain.symbol.trim().toUpperCase();
  return NETWORK_BY_CHAIN_SYMBOL[symbol] ?? (chain.name?.trim() || chain.symbol.trim() || null);
}

/** A label with the asset's kind: "BTC (crypto)"; a fiat currency's label stays as it is. */
function withKind(base: string, asset: LabelledAsset): string {
  return asset.isAsset
    ? t({ message: `${base} (crypto)`, comment: 'A crypto asset in a currency list: BTC (crypto)' })
    : base;
}
// "(crypto)" already tells a currency from a token of the same symbol: only same-kind ones clash.
const kindKey = (asset: LabelledAsset) => (asset.isAsset ? 'c' : 'f');
const symbolKey = (asset: LabelledAsset) => `${kindKey(asset)}:${asset.symbol.trim().toUpperCase()}`;

/**
 * Every asset's label, by asset id, each one different from the others: a symbol shared by
 * several assets adds the network, and where even that is shared (or unknown) the start of the
 * asset id, which is what support would ask for anyway.
 */
export function assetLabels(assets: readonly LabelledAsset[]): Map<string, string> {
  const bySymbol = new Map<string, number>();
  for (const a of assets) bySymbol.set(symbolKey(a), (bySymbol.get(symbolKey(a)) ?? 0) + 1);

  // Labels without the kind first ("USDT · Ethereum"), compared within a kind.
  const first = new Map<string, string>();
  for (const a of assets) {
    const shared = (bySymbol.get(symbolKey(a)) ?? 0) > 1;
    const network = shared ? (networkOf(a) ?? a.assetId.slice(0, 8)) : null;
    first.set(a.assetId, network ? `${a.symbol} · ${network}` : a.symbol);
  }

  const labelKey = (a: LabelledAsset) => `${kindKey(a)}:${first.get(a.assetId) ?? a.symbol}`;
  const uses = new Map<string, number>();
  for (const a of assets) uses.set(labelKey(a), (uses.get(labelKey(a)) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const a of assets) {
    const base = first.get(a.assetId) ?? a.symbol;
    const clash = (uses.get(labelKey(a)) ?? 0) > 1;
    labels.set(a.assetId, withKind(clash ? `${base} · ${a.assetId.slice(0, 8)}` : base, a));
  }
  return labels;
}

/** The assets as a picker's options, in the list's order, each with its label. */
export function assetOptions(assets: readonly LabelledAsset[]): { assetId: string; label: string }[] {
  const labels = assetLabels(assets);
  return assets.map((a) => ({ assetId: a.assetId, label: labels.get(a.assetId) ?? withKind(a.symbol, a) }));
}
