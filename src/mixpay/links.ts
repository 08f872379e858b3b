/**
 * Pure builders for the links a customer's phone opens. No network, no state.
 */
import { isDecimalString } from '@/money/decimal';

function pageOrigin(): string | undefined {
  if (typeof globalThis.location === 'undefined') return undefined;
  const origin = globalThis.location.origin;
  // Opaque origins (file://, sandboxed frames) report the string "null".
  return origin && origin !== 'null' ? origin : undefined;
}

// Not URL.canParse: older tablet browsers still in shops lack it.
function parseUrl(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/**
 * Absolute base URL without trailing slash. A relative `url` (e.g. "/sandbox/v1", which the sandbox
 * build uses) is resolved against `origin`, defaulting to the page's origin.
 */
export function resolveBaseUrl(url: string, origin?: string): string {
  const trimmed = url.trim();
  if (!trimmed) throw new Error('MixPay base URL is empty');
  let resolved = parseUrl(trimmed);
  if (!resolved) {
    const base = origin ?? pageOrigin();
    if (!base) {
      throw new Error(
        `MixPay base URL "${trimmed}" is relative but there is no page origin to resolve it against`,
      );
    }
    resolved = parseUrl(trimmed, base);
    if (!resolved) throw new Error(`MixPay base URL "${trimmed}" is not a valid URL`);
  }
  return resolved.href.replace(/\/+$/, '');
}

type QueryValue = string | number | boolean | undefined;

/** `a=1&b=2` in the given order; undefined and "" are left out, booleans become 1/0. */
export function encodeQuery(params: ReadonlyArray<readonly [string, QueryValue]>): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    if (value === undefined || value === '') continue;
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

function requireText(name: string, value: string): void {
  if (!value) throw new Error(`MixPay link needs a ${name}`);
}

export interface PaylinkParams {
  payeeId: string;
  quoteAssetId: string;
  /** Decimal string, e.g. "10.50". */
  quoteAmount: string;
  settlementAssetId: string;
  traceId: string;
  remark?: string;
  orderId?: string;
  strictMode?: boolean;
  /** Unix seconds. */
  expiredTimestamp?: number;
  settlementMemo?: string;
  returnTo?: string;
  failedReturnTo?: string;
}

/**
 * `{checkout}/pay?…`. The payer can edit these parameters before paying, so a paid result must be
 * checked against the terms (by the charge lifecycle, src/lifecycle); prefer a one-time link when the API is reachable.
 */
export function buildPaylink(checkoutUrl: string, params: PaylinkParams): string {
  requireText('payeeId', params.payeeId);
  requireText('quoteAssetId', params.quoteAssetId);
  requireText('settlementAssetId', params.settlementAssetId);
  requireText('traceId', params.traceId);
  // A link with a malformed amount would only fail on the customer's phone.
  if (!isDecimalString(params.quoteAmount)) {
    throw new Error(`MixPay link needs a decimal quoteAmount, got ${JSON.stringify(params.quoteAmount)}`);
  }
  const query = encodeQuery([
    ['payeeId', params.payeeId],
    ['quoteAssetId', params.quoteAssetId],
    ['quoteAmount', params.quoteAmount],
    ['settlementAssetId', params.settlementAssetId],
    ['traceId', params.traceId],
    ['remark', params.remark],
    ['orderId', params.orderId],
    ['strictMode', params.strictMode],
    ['expiredTimestamp', params.expiredTimestamp],
    ['settlementMemo', params.settlementMemo],
    ['returnTo', params.returnTo],
    ['failedReturnTo', params.failedReturnTo],
  ]);
  return `${resolveBaseUrl(checkoutUrl)}/pay?${query}`;
}

/** `{checkout}/code/{code}` for a code from POST /one_time_payment. */
export function buildOneTimeLink(checkoutUrl: string, code: string): string {
  requireText('code', code);
  return `${resolveBaseUrl(checkoutUrl)}/code/${encodeURIComponent(code)}`;
}

export interface MixinPayLinkParams {
  recipient: string;
  asset: string;
  amount: string;
  memo: string;
  trace: string;
}

/** Opens the payer's Mixin Messenger on the transfer described by a POST /payments answer. */
export function buildMixinPayLink(params: MixinPayLinkParams): string {
  const e = encodeURIComponent;
  return (
    `mixin://pay?recipient=${e(params.recipient)}&asset=${e(params.asset)}` +
    `&amount=${e(params.amount)}&memo=${e(params.memo)}&trace=${e(params.trace)}`
  );
}
