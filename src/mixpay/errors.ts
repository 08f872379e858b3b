/**
 * One error type for everything that can go wrong talking to MixPay, so callers branch on `kind`
 * (retry or not, what to tell the cashier) instead of parsing messages. An error's own `message` is
 * for logs (English, technical); what the cashier reads comes from describeError and
 * failureReasonText, in the active language.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, t } from '@lingui/core/macro';

export type MixPayErrorKind = 'network' | 'timeout' | 'http' | 'api' | 'rate-limited' | 'invalid-response';

export interface MixPayErrorDetails {
  status?: number;
  code?: number;
  apiMessage?: string;
  retryAfterMs?: number;
  rateLimitRemaining?: number | null;
  cause?: unknown;
}

export class MixPayError extends Error {
  readonly kind: MixPayErrorKind;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** MixPay envelope `code`, when the answer carried one. */
  readonly code?: number;
  /** MixPay envelope `message`, verbatim. */
  readonly apiMessage?: string;
  /** From the `retry-after` header. */
  readonly retryAfterMs?: number;
  readonly rateLimitRemaining?: number | null;
  override readonly cause: unknown;

  constructor(kind: MixPayErrorKind, message: string, details: MixPayErrorDetails = {}) {
    super(message);
    this.name = 'MixPayError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimitRemaining = details.rateLimitRemaining;
    this.cause = details.cause;
  }
}

export function isMixPayError(e: unknown): e is MixPayError {
  return e instanceof MixPayError;
}

/**
 * MixPay error codes for a trace it does not know: 404 "The payment link you visited does not
 * exist", 40022 "TraceId does not exist." and (newer docs) 10062 "The requested order does not
 * exist.". For a charge this means "nobody has opened the link yet", i.e. still waiting.
 */
export const UNKNOWN_PAYMENT_CODES: readonly number[] = [404, 40022, 10062];

function isSuccessOrClientStatus(status: number | undefined): boolean {
  return status === undefined || (status >= 200 && status < 300) || (status >= 400 && status < 500);
}

/**
 * A MixPay error envelope (kind 'api') saying it does not know this trace, answered with HTTP 2xx
 * or any 4xx status: for the app, "still waiting". An answer that is not a MixPay envelope (an
 * HTML 404 page from a wrong API URL: kind 'http') stays a connection problem, so a misconfigured
 * URL shows as such instead of as a charge that silently waits and expires.
 */
export function isUnknownPayment(e: unknown): boolean {
  return (
    isMixPayError(e) &&
    e.kind === 'api' &&
    e.code !== undefined &&
    UNKNOWN_PAYMENT_CODES.includes(e.code) &&
    isSuccessOrClientStatus(e.status)
  );
}

/** Worth retrying later with the same request. */
export function isTransient(e: unknown): boolean {
  if (!isMixPayError(e)) return false;
  switch (e.kind) {
    case 'network':
    case 'timeout':
    case 'rate-limited':
    case 'invalid-response':
      return true;
    case 'http':
      return e.status !== undefined && e.status >= 500;
    case 'api':
      return e.code === -1 || e.code === 10008;
  }
}

// Translated where shown (describeError), so a language switch needs no reload.
const UNKNOWN_PAYMENT_TEXT = msg`MixPay does not know this payment yet`;
const REJECTED_DETAILS_TEXT = msg`MixPay rejected the payment details`;
const RATE_LIMITED_TEXT = msg`MixPay is limiting requests; retrying shortly`;

const API_CODE_TEXT: Readonly<Record<number, MessageDescriptor>> = {
  [-1]: msg`MixPay had a server error; try again shortly`,
  404: UNKNOWN_PAYMENT_TEXT,
  40022: UNKNOWN_PAYMENT_TEXT,
  10062: UNKNOWN_PAYMENT_TEXT,
  1017: REJECTED_DETAILS_TEXT,
  10011: REJECTED_DETAILS_TEXT,
  1429: RATE_LIMITED_TEXT,
  10001: msg`That payee does not exist on MixPay`,
  10002: msg`This asset is not available on MixPay`,
  10003: msg`This currency is not supported by MixPay`,
  10004: msg`The amount is too low for MixPay`,
  10005: msg`The amount is too high for MixPay`,
  10006: msg`MixPay does not accept transfers above 1000 USDT`,
  10008: msg`MixPay payments are paused for maintenance; try again later`,
};

/** Server text goes into a one-line UI slot: collapse whitespace and keep it short. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A one-line message a cashier can act on, in the active language. */
export function describeError(e: unknown): string {
  if (!isMixPayError(e)) {
    if (e instanceof DOMException && e.name === 'AbortError') return t`The request to MixPay was cancelled`;
    return t`Something went wrong talking to MixPay`;
  }
  switch (e.kind) {
    case 'network':
      return t`No connection to MixPay`;
    case 'timeout':
      return t`MixPay did not answer in time`;
    case 'rate-limited':
      return i18n._(RATE_LIMITED_TEXT);
    case 'invalid-response':
      return t`MixPay sent an answer the app could not read`;
    case 'http': {
      const status = e.status ?? '?';
      return e.status !== undefined && e.status >= 500
        ? t`MixPay is having server trouble (HTTP ${status})`
        : t`MixPay refused the request (HTTP ${status})`;
    }
    case 'api': {
      const known = e.code !== undefined ? API_CODE_TEXT[e.code] : undefined;
      if (known) return i18n._(known);
      // MixPay's own words (English), as it sent them.
      const detail = e.apiMessage ? oneLine(e.apiMessage) : '';
      if (detail) return t`MixPay refused the request: ${detail}`;
      const code = e.code ?? '?';
      return t`MixPay refused the request (code ${code})`;
    }
  }
}
