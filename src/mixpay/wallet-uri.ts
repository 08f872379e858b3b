/**
 * Pure builders for the URIs an on-chain wallet opens from a QR code: BIP-21 for Bitcoin and
 * EIP-681 for Ether and ERC-20 tokens. Amounts are converted to base units with exact decimal
 * arithmetic; an amount the unit cannot express exactly throws (a rounded amount would under- or
 * overpay, and MixPay matches on-chain transfers by amount).
 */
import { t } from '@lingui/core/macro';
import { isDecimalString, normalizeDecimal, parseDecimal } from '@/money/decimal';
import type { Payment } from './schemas';

export const BTC_ASSET_ID = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const ETH_ASSET_ID = '43d61dcd-e413-450d-80b8-101d5e903357';

const BTC_DECIMALS = 8;
const ETH_DECIMALS = 18;
export const ETHEREUM_MAINNET = 1;

export interface KnownToken {
  symbol: string;
  /** ERC-20 contract address. */
  contract: string;
  decimals: number;
  chainId: number;
}

/** ERC-20 tokens by Mixin asset id: the contract and decimals an EIP-681 transfer needs. */
export const KNOWN_ERC20_TOKENS: Readonly<Record<string, KnownToken>> = {
  '4d8c508b-91c5-375b-92b0-ee702ed2dac5': {
    symbol: 'USDT',
    contract: '0xdAC17F958D2ee523a2206206994597C13D831ec7',
    decimals: 6,
    chainId: ETHEREUM_MAINNET,
  },
  '9b180ab6-6abe-3dc0-a13f-04169eb34bfa': {
    symbol: 'USDC',
    contract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
    decimals: 6,
    chainId: ETHEREUM_MAINNET,
  },
};

const ETH_ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
// Base58 (legacy, P2SH) and bech32 addresses are plain alphanumerics; anything else is not an address.
const BTC_ADDRESS_RE = /^[A-Za-z0-9]{14,90}$/;

/**
 * `amount` (a positive decimal string) in integer base units, e.g. ("1.5", 18) → "1500000000000000000".
 * Throws a RangeError when the amount has more significant decimals than the unit allows.
 */
export function toBaseUnits(amount: string, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`Bad decimals: ${decimals}`);
  if (!isDecimalString(amount)) throw new RangeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  const { units, scale } = parseDecimal(normalizeDecimal(amount));
  if (units <= 0n) throw new RangeError(`Amount must be positive, got ${amount}`);
  if (scale > decimals) {
    throw new RangeError(`${amount} has more than ${decimals} decimals`);
  }
  return (units * 10n ** BigInt(decimals - scale)).toString();
}

/** The amount as plain decimal text with at most `decimals` digits; throws rather than rounding. */
function exactDecimal(amount: string, decimals: number): string {
  toBaseUnits(amount, decimals);
  return normalizeDecimal(amount);
}

function requireEthAddress(name: string, address: string): void {
  if (!ETH_ADDRESS_RE.test(address)) {
    throw new Error(`${name} is not an Ethereum address: ${JSON.stringify(address)}`);
  }
}

function requireChainId(chainId: number): void {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new RangeError(`Bad chain id: ${chainId}`);
}

/** BIP-21: `bitcoin:<address>?amount=<decimal BTC>[&label=…]`. */
export function buildBip21(address: string, amountBtc: string, label?: string): string {
  if (!BTC_ADDRESS_RE.test(address)) {
    throw new Error(`Not a Bitcoin address: ${JSON.stringify(address)}`);
  }
  let uri = `bitcoin:${address}?amount=${exactDecimal(amountBtc, BTC_DECIMALS)}`;
  if (label) uri += `&label=${encodeURIComponent(label)}`;
  return uri;
}

/** EIP-681 native transfer: `ethereum:<address>@<chainId>?value=<wei>` (an integer, never 1.5e18). */
export function buildEip681Native(address: string, amountEth: string, chainId = ETHEREUM_MAINNET): string {
  // eslint-disable-next-line lingui/no-unlocalized-strings -- names the address in an Error message (walletUriFor catches it)
  requireEthAddress('Recipient', address);
  requireChainId(chainId);
  return `ethereum:${address}@${chainId}?value=${toBaseUnits(amountEth, ETH_DECIMALS)}`;
}

/** EIP-681 ERC-20 transfer: `ethereum:<contract>@<chainId>/transfer?address=<recipient>&uint256=<units>`. */
export function buildEip681Token(
  tokenContract: string,
  recipient: string,
  amount: string,
  decimals: number,
  chainId = ETHEREUM_MAINNET,
): string {
  // eslint-disable-next-line lingui/no-unlocalized-strings -- names the address in an Error message (walletUriFor catches it)
  requireEthAddress('Token contract', tokenContract);
  // eslint-disable-next-line lingui/no-unlocalized-strings -- as above
  requireEthAddress('Recipient', recipient);
  requireChainId(chainId);
  return (
    `ethereum:${tokenContract}@${chainId}/transfer` +
    `?address=${recipient}&uint256=${toBaseUnits(amount, decimals)}`
  );
}

/**
 * What the QR shows for an on-chain payment: a wallet URI carrying the exact amount where a
 * standard exists (BIP-21 for BTC, EIP-681 for ETH and known ERC-20 tokens), else the bare
 * destination. When the standard URI cannot be built (an address in an unexpected form, an amount
 * finer than the unit) the bare destination is the safe answer: the exact amount is shown and
 * copyable beside the QR, while a rounded amount in the URI would be wrong. With no destination at
 * all it throws an Error whose message the QR screen shows (hence in the active language).
 */
export function walletUriFor(
  payment: Pick<Payment, 'paymentAssetId' | 'paymentAmount' | 'destination'>,
): string {
  const { destination, paymentAmount } = payment;
  if (!destination) throw new Error(t`This payment has no on-chain destination`);
  const assetId = payment.paymentAssetId.toLowerCase();
  const token = KNOWN_ERC20_TOKENS[assetId];
  try {
    if (assetId === BTC_ASSET_ID) return buildBip21(destination, paymentAmount);
    if (assetId === ETH_ASSET_ID) return buildEip681Native(destination, paymentAmount);
    if (token)
      return buildEip681Token(token.contract, destination, paymentAmount, token.decimals, token.chainId);
  } catch {
    return destination;
  }
  return destination;
}
