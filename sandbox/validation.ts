/**
 * Parameter checks shared by every way of creating a payment (paylink, one-time link, Mixin and
 * on-chain wallets), with MixPay's error codes: 10011 parameter error, 10002 unknown asset,
 * 10003 unsupported quote asset, 10004/10005 amount out of range.
 */
import { compareDecimal, fractionDigits, isDecimalString } from './decimal.ts';
import { findCryptoAsset, findQuoteAsset, type CryptoAsset, type QuoteAsset } from './assets.ts';

export class ApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;

  constructor(code: number, message: string, httpStatus = 200) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/** Request parameters flattened to strings (query string, form body or JSON body). */
export type Params = Record<string, string>;

const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_UUID = /^[0-9a-f]{32}$/i;
const ORDER_ID = /^[A-Za-z0-9_-]{6,36}$/;

/** Canonical dashed lower-case UUID, or null when `value` is not a UUID (dashes optional). */
export function normalizeUuid(value: string): string | null {
  if (DASHED_UUID.test(value)) return value.toLowerCase();
  if (!PLAIN_UUID.test(value)) return null;
  const v = value.toLowerCase();
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}

/** MixPay accepts 1/0/true/false in any of their string forms; null means "not a boolean". */
export function parseBoolean(value: string | undefined): boolean | null {
  if (value === undefined || value === '') return false;
  const v = value.toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return null;
}

export function isValidOrderId(value: string): boolean {
  return ORDER_ID.test(value);
}

function param(input: Params, name: string): string {
  return input[name] ?? '';
}

function required(input: Params, name: string): string {
  const value = param(input, name);
  if (value === '') throw new ApiError(10011, `The ${name} field is required.`);
  return value;
}

export function requireUuid(input: Params, name: string): string {
  const value = normalizeUuid(required(input, name));
  if (!value) throw new ApiError(10011, `The ${name} must be a valid UUID.`);
  return value;
}

export function requireQuoteAsset(id: string): QuoteAsset {
  const asset = findQuoteAsset(id);
  if (!asset) throw new ApiError(10003, `Quote asset not supported: ${id}`);
  return asset;
}

export function requireCryptoAsset(id: string, role: string): CryptoAsset {
  const asset = findCryptoAsset(id);
  if (!asset) throw new ApiError(10002, `The ${role} asset does not exist or is not exchangeable: ${id}`);
  return asset;
}

/** A positive plain decimal string ("12.30"); anything else is a parameter error. */
export function requireAmount(value: string, name: string): string {
  if (!isDecimalString(value) || value.startsWith('-')) {
    throw new ApiError(10011, `The ${name} must be a positive decimal number.`);
  }
  return value;
}

/** Checks decimals and min/max of a quote amount for its quote asset. */
export function checkQuoteAmount(amount: string, asset: QuoteAsset): void {
  if (fractionDigits(amount) > asset.decimalDigit) {
    throw new ApiError(
      10011,
      `The quoteAmount may have at most ${asset.decimalDigit} decimals for ${asset.symbol}.`,
    );
  }
  if (compareDecimal(amount, asset.minQuoteAmount) < 0) {
    throw new ApiError(10004, `Price too low: the minimum is ${asset.minQuoteAmount} ${asset.symbol}.`);
  }
  if (compareDecimal(amount, asset.maxQuoteAmount) > 0) {
    throw new ApiError(10005, `Price too high: the maximum is ${asset.maxQuoteAmount} ${asset.symbol}.`);
  }
}

export interface CreationParams {
  payeeId: string;
  quoteAssetId: string;
  quoteAmount: string;
  settlementAssetId: string;
  traceId: string | null;
  orderId: string | null;
  strictMode: boolean;
  paymentAssetId: string | null;
  remark: string;
  settlementMemo: string;
  returnTo: string;
  failedReturnTo: string;
  expiredTimestamp: number | null;
}

export interface CreationOptions {
  nowMs: number;
  onChain: boolean;
  requirePaymentAsset: boolean;
  /**
   * Whether expiredTimestamp must lie in the allowed window from now. Off when a payer merely
   * re-opens a link already registered: a link shown 5 s before it expires is still that link.
   */
  checkExpiryWindow?: boolean;
}

const MIN_EXPIRY_SECONDS = 10;
const MAX_EXPIRY_MINUTES = 2880;
const MAX_CHAIN_EXPIRY_MINUTES = 240;

function checkLength(input: Params, name: string, max: number): string {
  const value = param(input, name);
  if ([...value].length > max)
    throw new ApiError(10011, `The ${name} may not be greater than ${max} characters.`);
  return value;
}

function checkExpiry(raw: string, options: CreationOptions): number | null {
  if (raw === '') return null;
  if (!/^\d{1,12}$/.test(raw)) throw new ApiError(10011, 'The expiredTimestamp must be unix seconds.');
  const value = Number(raw);
  if (options.checkExpiryWindow === false) return value;
  const maxMinutes = options.onChain ? MAX_CHAIN_EXPIRY_MINUTES : MAX_EXPIRY_MINUTES;
  const nowSeconds = options.nowMs / 1000;
  if (value <= nowSeconds + MIN_EXPIRY_SECONDS || value >= nowSeconds + maxMinutes * 60) {
    throw new ApiError(
      10011,
      `The expiredTimestamp must be more than ${MIN_EXPIRY_SECONDS} seconds and less than ${maxMinutes} minutes from now.`,
    );
  }
  return value;
}

export function validateCreation(input: Params, options: CreationOptions): CreationParams {
  for (const name of ['payeeId', 'quoteAssetId', 'quoteAmount', 'settlementAssetId']) required(input, name);
  if (options.requirePaymentAsset) required(input, 'paymentAssetId');

  const payeeId = requireUuid(input, 'payeeId');
  const quote = requireQuoteAsset(required(input, 'quoteAssetId'));
  const settlement = requireCryptoAsset(required(input, 'settlementAssetId'), 'settlement');
  const quoteAmount = requireAmount(required(input, 'quoteAmount'), 'quoteAmount');
  checkQuoteAmount(quoteAmount, quote);

  const rawTrace = param(input, 'traceId');
  const traceId = rawTrace === '' ? null : normalizeUuid(rawTrace);
  if (rawTrace !== '' && !traceId) throw new ApiError(10011, 'The traceId must be a valid UUID.');

  const orderId = param(input, 'orderId');
  if (orderId !== '' && !isValidOrderId(orderId)) {
    throw new ApiError(10011, 'The orderId must be 6-36 letters, numbers, dashes or underscores.');
  }

  const remark = checkLength(input, 'remark', 50);
  const settlementMemo = checkLength(input, 'settlementMemo', 200);
  checkLength(input, 'note', 50);

  const strictMode = parseBoolean(input.strictMode);
  if (strictMode === null) throw new ApiError(10011, 'The strictMode must be true or false.');

  const callbackUrl = param(input, 'callbackUrl');
  if (callbackUrl !== '' && !callbackUrl.startsWith('https://')) {
    throw new ApiError(10011, 'The callbackUrl must be an HTTPS URL.');
  }

  const expiredTimestamp = checkExpiry(param(input, 'expiredTimestamp'), options);

  const rawPaymentAsset = param(input, 'paymentAssetId');
  const paymentAssetId = rawPaymentAsset === '' ? null : requireCryptoAsset(rawPaymentAsset, 'payment').id;

  return {
    payeeId,
    quoteAssetId: quote.id,
    quoteAmount,
    settlementAssetId: settlement.id,
    traceId,
    orderId: orderId === '' ? null : orderId,
    strictMode,
    paymentAssetId,
    remark,
    settlementMemo,
    returnTo: param(input, 'returnTo'),
    failedReturnTo: param(input, 'failedReturnTo'),
    expiredTimestamp,
  };
}

/** Whether two creations describe the same payment ("10" and "10.00" are the same amount). */
export function sameParams(a: CreationParams, b: CreationParams): boolean {
  return (
    a.payeeId === b.payeeId &&
    a.quoteAssetId === b.quoteAssetId &&
    compareDecimal(a.quoteAmount, b.quoteAmount) === 0 &&
    a.settlementAssetId === b.settlementAssetId &&
    a.orderId === b.orderId &&
    a.strictMode === b.strictMode &&
    a.remark === b.remark &&
    a.settlementMemo === b.settlementMemo &&
    a.returnTo === b.returnTo &&
    a.failedReturnTo === b.failedReturnTo &&
    a.expiredTimestamp === b.expiredTimestamp
  );
}
