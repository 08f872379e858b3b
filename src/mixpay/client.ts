/**
 * Typed MixPay API client: the only module that calls `fetch`. Every answer is unwrapped from the
 * MixPay envelope and validated here, and every failure becomes a MixPayError with a `kind`.
 */
import * as v from 'valibot';
import { MixPayError } from './errors';
import type { RequestPriority } from './scheduler';
import { encodeQuery, resolveBaseUrl } from './links';
import { parseJsonKeepingNumbers } from './raw-json';
import {
  EnvelopeSchema,
  MixinUuidSchema,
  OneTimePaymentSchema,
  PaymentAssetListSchema,
  PaymentResultSchema,
  PaymentSchema,
  PaymentsEstimatedSchema,
  QuoteAssetListSchema,
  SettlementAssetListSchema,
} from './schemas';
import type {
  Envelope,
  MixinUuid,
  OneTimePayment,
  Payment,
  PaymentAsset,
  PaymentResult,
  PaymentsEstimated,
  QuoteAsset,
  SettlementAsset,
} from './schemas';

export interface MixPayClientOptions {
  /** e.g. "https://api.mixpay.me/v1", or relative to the page such as "/sandbox/v1". */
  apiUrl: string;
  fetch?: typeof fetch;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * For the shop-wide scheduler (scheduled-client.ts): how this request ranks, and whether a cashier
   * is waiting on it right now. The plain client ignores both.
   */
  priority?: RequestPriority;
  urgent?: boolean;
  /** A payment is likely right now: see the scheduler's RunOptions.eager. */
  eager?: boolean;
  /** Nice to have: waits for a quiet moment of the shop (the scheduler's RunOptions.optional). */
  optional?: boolean;
  /** Start by then whatever pacing is owed (the scheduler's RunOptions.dueBy). */
  dueBy?: number;
}

export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
}

export interface MixPayResponse<T> {
  data: T;
  rateLimit: RateLimitInfo;
  timestampMs: number | null;
}

export interface AssetListParams {
  payeeId?: string;
  quoteAssetId?: string;
  /** Decimal string. */
  quoteAmount?: string;
}

export interface OneTimePaymentParams {
  payeeId: string;
  /** Decimal string. */
  quoteAmount: string;
  quoteAssetId: string;
  settlementAssetId: string;
  traceId?: string;
  orderId?: string;
  strictMode?: boolean;
  paymentAssetId?: string;
  remark?: string;
  settlementMemo?: string;
  returnTo?: string;
  failedReturnTo?: string;
  callbackUrl?: string;
  callbackEvent?: string;
  /** Unix seconds. */
  expiredTimestamp?: number;
  isTemp?: boolean;
}

export interface CreatePaymentParams extends OneTimePaymentParams {
  paymentAssetId: string;
  clientId?: string;
  /** Decimal string; when set MixPay ignores quoteAmount. */
  paymentAmount?: string;
  note?: string;
}

export type PaymentResultRef = { traceId: string } | { orderId: string; payeeId: string };

export type PaymentResultExtra = 'payment' | 'transactions';

export interface PaymentResultOptions extends RequestOptions {
  with?: PaymentResultExtra[];
}

export interface PaymentsEstimatedParams {
  paymentAssetId: string;
  settlementAssetId: string;
  quoteAssetId: string;
  /** Decimal string. */
  quoteAmount: string;
}

export interface MixPayClient {
  quoteAssets(params?: { payeeId?: string }, options?: RequestOptions): Promise<MixPayResponse<QuoteAsset[]>>;
  settlementAssets(
    params?: AssetListParams,
    options?: RequestOptions,
  ): Promise<MixPayResponse<SettlementAsset[]>>;
  paymentAssets(params?: AssetListParams, options?: RequestOptions): Promise<MixPayResponse<PaymentAsset[]>>;
  /** Numeric Mixin ID → payee UUID (MixPay users only). */
  mixinUuid(mixinId: string, options?: RequestOptions): Promise<MixPayResponse<MixinUuid>>;
  createOneTimePayment(
    params: OneTimePaymentParams,
    options?: RequestOptions,
  ): Promise<MixPayResponse<OneTimePayment>>;
  /** Payment through the payer's Mixin wallet (isChain 0). */
  createPayment(params: CreatePaymentParams, options?: RequestOptions): Promise<MixPayResponse<Payment>>;
  /** Payment from an on-chain wallet (isChain 1): pay `destination` (+ `tag`). */
  createChainPayment(params: CreatePaymentParams, options?: RequestOptions): Promise<MixPayResponse<Payment>>;
  /** Renews an on-chain payment's window; the amount may change. */
  refreshPayment(params: { traceId: string }, options?: RequestOptions): Promise<MixPayResponse<Payment>>;
  paymentResult(
    ref: PaymentResultRef,
    options?: PaymentResultOptions,
  ): Promise<MixPayResponse<PaymentResult>>;
  paymentsInfo(params: { traceId: string }, options?: RequestOptions): Promise<MixPayResponse<Payment>>;
  paymentsEstimated(
    params: PaymentsEstimatedParams,
    options?: RequestOptions,
  ): Promise<MixPayResponse<PaymentsEstimated>>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout overflows above this and would fire at once.
const MAX_TIMEOUT_MS = 2_147_483_647;
const RATE_LIMITED_CODE = 1429;

type Params = ReadonlyArray<readonly [string, string | number | boolean | undefined]>;

interface Raw {
  response: Response;
  text: string;
}

function headerInt(headers: Headers, name: string): number | null {
  const value = headers.get(name)?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/** `retry-after` is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Form body: undefined params omitted, booleans as 1/0 (what MixPay's PHP side expects). */
function formBody(params: Params): string {
  const body = new URLSearchParams();
  for (const [key, value] of params) {
    if (value === undefined) continue;
    body.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return body.toString();
}

/** For a MixPayError's message (logs); the cashier reads describeError's words instead. */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  // eslint-disable-next-line lingui/no-unlocalized-strings -- part of an Error message for logs
  if (!issue) return 'unknown problem';
  return `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`;
}

function envelopeSucceeded(envelope: Envelope): boolean {
  return envelope.success ?? envelope.code === 0;
}

function clampTimeout(ms: number | undefined, fallback: number): number {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return fallback;
  return Math.min(ms, MAX_TIMEOUT_MS);
}

function oneTimeFields(p: OneTimePaymentParams): Params {
  return [
    ['payeeId', p.payeeId],
    ['quoteAmount', p.quoteAmount],
    ['quoteAssetId', p.quoteAssetId],
    ['settlementAssetId', p.settlementAssetId],
    ['traceId', p.traceId],
    ['orderId', p.orderId],
    ['strictMode', p.strictMode],
    ['paymentAssetId', p.paymentAssetId],
    ['remark', p.remark],
    ['settlementMemo', p.settlementMemo],
    ['returnTo', p.returnTo],
    ['failedReturnTo', p.failedReturnTo],
    ['callbackUrl', p.callbackUrl],
    ['callbackEvent', p.callbackEvent],
    ['expiredTimestamp', p.expiredTimestamp],
    ['isTemp', p.isTemp],
  ];
}

function paymentFields(p: CreatePaymentParams, isChain: boolean): Params {
  return [
    ...oneTimeFields(p),
    ['clientId', p.clientId],
    ['paymentAmount', p.paymentAmount],
    ['note', p.note],
    ['isChain', isChain],
  ];
}

export function createMixPayClient(options: MixPayClientOptions): MixPayClient {
  const { apiUrl } = options;
  const defaultTimeoutMs = clampTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  // Wrapped so the browser's fetch is never called detached from window ("Illegal invocation").
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(label: string, url: string, init: RequestInit, opts?: RequestOptions): Promise<Raw> {
    const callerSignal = opts?.signal;
    // A caller's cancellation surfaces as its own AbortError so React Query recognises it.
    callerSignal?.throwIfAborted();

    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = clampTimeout(opts?.timeoutMs, defaultTimeoutMs);
    const timer = setTimeout(() => {
      timedOut = true;
      // eslint-disable-next-line lingui/no-unlocalized-strings -- the abort reason, for logs (it becomes a 'timeout' MixPayError)
      controller.abort(new DOMException(`${label} timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    // Raced against the request so a fetch (or body) that ignores its signal still gets cut off.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });

    try {
      const exchange = (async () => {
        const response = await fetchImpl(url, { ...init, signal: controller.signal });
        const text = await response.text();
        return { response, text };
      })();
      return await Promise.race([exchange, aborted]);
    } catch (error) {
      if (timedOut) {
        throw new MixPayError('timeout', `${label}: no answer within ${timeoutMs} ms`, { cause: error });
      }
      if (callerSignal?.aborted) throw error;
      throw new MixPayError('network', `${label}: request failed`, { cause: error });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** The single place where the envelope is unwrapped and HTTP/API failures are classified. */
  function decode<T>(
    label: string,
    { response, text }: Raw,
    schema: v.GenericSchema<unknown, T>,
  ): MixPayResponse<T> {
    const rateLimit: RateLimitInfo = {
      limit: headerInt(response.headers, 'x-ratelimit-limit'),
      remaining: headerInt(response.headers, 'x-ratelimit-remaining'),
    };
    const status = response.status;

    let json: unknown;
    let isJson = true;
    try {
      // Numbers stay their literal text ("9.99999999999999999" must not become 10): the schemas
      // read amounts, integers and flags from it.
      json = parseJsonKeepingNumbers(text);
    } catch (error) {
      isJson = false;
      json = error;
    }
    const parsedEnvelope = isJson ? v.safeParse(EnvelopeSchema, json) : undefined;
    const envelope = parsedEnvelope?.success ? parsedEnvelope.output : undefined;
    const details = {
      status,
      code: envelope?.code,
      apiMessage: envelope?.message || undefined,
      rateLimitRemaining: rateLimit.remaining,
    };

    if (status === 429 || envelope?.code === RATE_LIMITED_CODE) {
      throw new MixPayError('rate-limited', `${label}: rate limited`, {
        ...details,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      });
    }
    if (!response.ok) {
      if (envelope && !envelopeSucceeded(envelope)) {
        throw new MixPayError('api', `${label}: HTTP ${status}, MixPay code ${envelope.code}`, details);
      }
      throw new MixPayError('http', `${label}: HTTP ${status}`, {
        status,
        rateLimitRemaining: rateLimit.remaining,
      });
    }
    if (!isJson) {
      throw new MixPayError('invalid-response', `${label}: answer is not JSON`, { status, cause: json });
    }
    if (!envelope) {
      const problem =
        // eslint-disable-next-line lingui/no-unlocalized-strings -- part of an Error message for logs
        parsedEnvelope?.success === false ? firstIssue(parsedEnvelope.issues) : 'unknown problem';
      throw new MixPayError('invalid-response', `${label}: not a MixPay envelope (${problem})`, { status });
    }
    if (!envelopeSucceeded(envelope)) {
      throw new MixPayError('api', `${label}: MixPay code ${envelope.code}`, details);
    }
    const data = v.safeParse(schema, envelope.data);
    if (!data.success) {
      throw new MixPayError('invalid-response', `${label}: unexpected data (${firstIssue(data.issues)})`, {
        status,
        cause: data.issues,
      });
    }
    return { data: data.output, rateLimit, timestampMs: envelope.timestampMs ?? null };
  }

  // GETs carry no custom headers so the browser sends them without a CORS preflight.
  async function get<T>(
    path: string,
    query: Params,
    schema: v.GenericSchema<unknown, T>,
    opts?: RequestOptions,
  ): Promise<MixPayResponse<T>> {
    const label = `GET ${path}`;
    const search = encodeQuery(query);
    const url = `${resolveBaseUrl(apiUrl)}${path}${search ? `?${search}` : ''}`;
    return decode(label, await send(label, url, { method: 'GET' }, opts), schema);
  }

  // A form-encoded POST is a CORS "simple request": no preflight round trip before creating a link.
  async function post<T>(
    path: string,
    params: Params,
    schema: v.GenericSchema<unknown, T>,
    opts?: RequestOptions,
  ): Promise<MixPayResponse<T>> {
    const label = `POST ${path}`;
    const init: RequestInit = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody(params),
    };
    return decode(label, await send(label, `${resolveBaseUrl(apiUrl)}${path}`, init, opts), schema);
  }

  return {
    quoteAssets: (params = {}, opts) =>
      get('/setting/quote_assets', [['payeeId', params.payeeId]], QuoteAssetListSchema, opts),

    settlementAssets: (params = {}, opts) =>
      get(
        '/setting/settlement_assets',
        [
          ['payeeId', params.payeeId],
          ['quoteAssetId', params.quoteAssetId],
          ['quoteAmount', params.quoteAmount],
        ],
        SettlementAssetListSchema,
        opts,
      ),

    paymentAssets: (params = {}, opts) =>
      get(
        '/setting/payment_assets',
        [
          ['payeeId', params.payeeId],
          ['quoteAssetId', params.quoteAssetId],
          ['quoteAmount', params.quoteAmount],
        ],
        PaymentAssetListSchema,
        opts,
      ),

    mixinUuid: (mixinId, opts) =>
      get(`/user/mixin_uuid/${encodeURIComponent(mixinId.trim())}`, [], MixinUuidSchema, opts),

    createOneTimePayment: (params, opts) =>
      post('/one_time_payment', oneTimeFields(params), OneTimePaymentSchema, opts),

    createPayment: (params, opts) => post('/payments', paymentFields(params, false), PaymentSchema, opts),

    createChainPayment: (params, opts) => post('/payments', paymentFields(params, true), PaymentSchema, opts),

    refreshPayment: (params, opts) =>
      post('/payments/refresh', [['traceId', params.traceId]], PaymentSchema, opts),

    paymentResult: (ref, opts) => {
      const refParams: Params =
        'traceId' in ref
          ? [['traceId', ref.traceId]]
          : [
              ['orderId', ref.orderId],
              ['payeeId', ref.payeeId],
            ];
      const extras = opts?.with ? [...new Set(opts.with)].join(',') : undefined;
      return get('/payments_result', [...refParams, ['with', extras]], PaymentResultSchema, opts);
    },

    paymentsInfo: (params, opts) => get('/payments_info', [['traceId', params.traceId]], PaymentSchema, opts),

    paymentsEstimated: (params, opts) =>
      get(
        '/payments_estimated',
        [
          ['paymentAssetId', params.paymentAssetId],
          ['settlementAssetId', params.settlementAssetId],
          ['quoteAssetId', params.quoteAssetId],
          ['quoteAmount', params.quoteAmount],
        ],
        PaymentsEstimatedSchema,
        opts,
      ),
  };
}
