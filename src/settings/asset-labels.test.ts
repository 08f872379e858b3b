import { describe, expect, it } from 'vitest';
import { assetLabels, assetOptions, networkOf, type LabelledAsset } from './asset-labels';

const usd: LabelledAsset = {
  assetId: 'usd',
  symbol: 'USD',
  isAsset: false,
  chainAsset: { symbol: 'USD', name: 'US Dollar' },
};
const btc: LabelledAsset = {
  assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  symbol: 'BTC',
  isAsset: true,
  chainAsset: { symbol: 'BTC', name: 'Bitcoin' },
};
// As the sandbox lists them: the chain asset is ETH ("Ether") and TRX ("TRON").
const usdtErc20: LabelledAsset = {
  assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
  symbol: 'USDT',
  isAsset: true,
  chainAsset: { symbol: 'ETH', name: 'Ether' },
};
const usdtTrc20: LabelledAsset = {
  assetId: 'b91e18ff-a9ae-3dc7-8679-e935d9a4b34b',
  symbol: 'USDT',
  isAsset: true,
  chainAsset: { symbol: 'TRX', name: 'TRON' },
};

describe('asset labels', () => {
  it('keeps a unique symbol plain, with "(crypto)" for crypto', () => {
    const labels = assetLabels([usd, btc, usdtErc20]);
    expect(labels.get('usd')).toBe('USD');
    expect(labels.get(btc.assetId)).toBe('BTC (crypto)');
    expect(labels.get(usdtErc20.assetId)).toBe('USDT (crypto)');
  });

  it('tells the same token on two networks apart by network', () => {
    const labels = assetLabels([usd, btc, usdtErc20, usdtTrc20]);
    expect(labels.get(usdtErc20.assetId)).toBe('USDT · Ethereum (crypto)');
    expect(labels.get(usdtTrc20.assetId)).toBe('USDT · TRON (crypto)');
    expect(labels.get(btc.assetId)).toBe('BTC (crypto)');
    expect(new Set(labels.values()).size).toBe(4);
  });

  it('names the network after the chain asset when it is not a well-known one', () => {
    expect(networkOf({ ...usdtErc20, chainAsset: { symbol: 'XYZ', name: 'Xyz Chain' } })).toBe('Xyz Chain');
    expect(networkOf({ ...usdtErc20, chainAsset: { symbol: 'XYZ' } })).toBe('XYZ');
    expect(networkOf({ ...usdtErc20, chainAsset: undefined })).toBeNull();
  });

  it('falls back to the start of the asset id when the network does not tell them apart', () => {
    const noChain = { ...usdtTrc20, chainAsset: undefined };
    const sameChain = { ...usdtTrc20, chainAsset: usdtErc20.chainAsset };
    expect(assetLabels([usdtErc20, noChain]).get(noChain.assetId)).toBe('USDT · b91e18ff (crypto)');
    const clash = assetLabels([usdtErc20, sameChain]);
    expect(clash.get(usdtErc20.assetId)).toBe('USDT · Ethereum · 4d8c508b (crypto)');
    expect(clash.get(sameChain.assetId)).toBe('USDT · Ethereum · b91e18ff (crypto)');
  });

  it('does not count a fiat currency and a token of the same symbol as a clash', () => {
    const usdToken = { ...usdtErc20, assetId: 'token-usd', symbol: 'USD' };
    const labels = assetLabels([usd, usdToken]);
    expect(labels.get('usd')).toBe('USD');
    expect(labels.get('token-usd')).toBe('USD (crypto)');
  });
});

describe('asset options', () => {
  it('keeps the list order and gives each asset its label', () => {
    expect(assetOptions([usdtTrc20, usd, usdtErc20])).toEqual([
      { assetId: usdtTrc20.assetId, label: 'USDT · TRON (crypto)' },
      { assetId: 'usd', label: 'USD' },
      { assetId: usdtErc20.assetId, label: 'USDT · Ethereum (crypto)' },
    ]);
  });
});
