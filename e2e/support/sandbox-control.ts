/**
 * Drives the sandbox's control API the way a paying customer, MixPay itself (confirmations,
 * processing, review, failures) or a failing network would. Every step is explicit, so a test can
 * walk a payment through its lifecycle deterministically:
 *
 *   unpaid → choose → pay({ confirmations: 3, autoConfirm: false }) → confirming (0)
 *          → confirm(t, 1) → confirming (1) → confirm(t) → pending (processing) → success
 *   underpay(t, { quoteAmount: '6.00' }) → paid_less → pay(t) (top-up of the rest) → success
 */

export type FailureCode = 40000 | 40020 | 40021 | 40024 | 40025 | 40027 | 40032 | 10095 | number;

export interface UnknownTraceConfig {
  /** Envelope code: 404 (default), 40022 or 10062 (the message defaults to the documented text). */
  code?: number;
  /** HTTP status: 200 (default) or 400-499. */
  httpStatus?: number;
  message?: string;
}

export interface SandboxConfigOptions {
  rateLimitPerMinute?: number;
  /** One confirmation per this many ms (default 1000; 0 = confirmed at once). */
  confirmationIntervalMs?: number;
  priceWindowSeconds?: number;
  clockOffsetMs?: number;
  /** How long a payment that needed confirmations stays `pending` once confirmed (default 1000). */
  processingMs?: number;
  /** Deadline for payments created without expiredTimestamp (default 1800 s after creation). */
  defaultExpirySeconds?: number;
  /** false: confirmations only rise through confirm() (default true). */
  autoConfirm?: boolean;
  /** Payments created from now on answer with the status set from before 2026-08-13 (default false). */
  legacyLifecycle?: boolean;
  /** How payments_result answers for a trace nobody has opened (default HTTP 200, code 404). */
  unknownTrace?: UnknownTraceConfig;
}

export interface PayOptions {
  /** Quote amount covered (unpaid: an edited link paying this instead; partly paid: a top-up worth it). */
  quoteAmount?: string;
  /** One transfer of this many payment-asset units. */
  amount?: string;
  /** Pay in this asset (another asset than the expected one with `amount`: failed 40020). */
  paymentAssetId?: string;
  /** Confirmations the transfer needs: `confirming` until then (default 0: instant). */
  confirmations?: number;
  /** false: confirmations only rise through confirm() (default: the config's autoConfirm). */
  autoConfirm?: boolean;
  /** Time in `pending` (processing) once fully paid and confirmed, for this payment. */
  processingMs?: number;
}

export interface UnderpayOptions {
  /** Worth this quote amount (default: half of what is left). */
  quoteAmount?: string;
  /** Or this many payment-asset units. */
  amount?: string;
  confirmations?: number;
  autoConfirm?: boolean;
  processingMs?: number;
}

export interface ChooseOptions {
  /** Default: the link's paymentAssetId, else its settlement asset. */
  paymentAssetId?: string;
  /** Default 'mixin'. */
  wallet?: 'mixin' | 'wallet' | 'on-chain';
}

/** What the control API says about one payment (see `paymentView` in sandbox/mixpay-sandbox.ts). */
export interface PaymentView extends Record<string, unknown> {
  traceId: string;
  source: 'paylink' | 'one-time' | 'wallet';
  code: string | null;
  checkoutPath: string;
  openedAt: number | null;
  channel: { paymentAssetId: string; wallet: string; atMs: number } | null;
  /** What payments_result shows (legacy mapping and pins applied). */
  status: string;
  /** The current-lifecycle status the facts give. */
  lifecycle: string;
  confirmations: number;
  legacy: boolean;
  expiredAt: number;
  remaining: string;
  /** payments_result `data` with payment and transactions. */
  result: Record<string, unknown>;
  /** The wallet quote (POST /payments answer) or null. */
  session: unknown;
}

export class SandboxControl {
  constructor(private readonly origin: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(`sandbox/_control/${path}`, this.origin), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private act(traceId: string, action: string, body: Record<string, unknown> = {}) {
    return this.call<PaymentView>('POST', `payments/${encodeURIComponent(traceId)}/${action}`, body);
  }

  /** Forgets payments, requests, rate counters and faults; restores the default configuration. */
  reset() {
    return this.call('POST', 'reset');
  }
  config(options: SandboxConfigOptions) {
    return this.call<{ config: Required<SandboxConfigOptions> }>('POST', 'config', options);
  }
  /**
   * A customer opening the scanned link on their phone (a paylink's trace exists from then on).
   * `choose`: also pick how to pay at once (true: the default asset; or an asset id).
   */
  open(url: string, options: { choose?: boolean | string; wallet?: ChooseOptions['wallet'] } = {}) {
    return this.call<{ traceId: string; payment: PaymentView }>('POST', 'open', { url, ...options });
  }
  /** The payer picks an asset / wallet: paymentAssetId, paymentSymbol, payableAmount fill in. */
  choose(traceId: string, options: ChooseOptions = {}) {
    return this.act(traceId, 'choose', { ...options });
  }
  /**
   * Pays. Unpaid, no options: exactly (instant success). Partly paid, no options: tops up the rest.
   * With confirmations: confirming (count rising per confirmationIntervalMs, or per confirm()),
   * then pending for processingMs, then success.
   */
  pay(traceId: string, options: PayOptions = {}) {
    return this.act(traceId, 'pay', { ...options });
  }
  /** Pays too little: paid_less once confirmed (top up with pay()); 40024 at the deadline. */
  underpay(traceId: string, options: UnderpayOptions = {}) {
    return this.act(traceId, 'underpay', { ...options });
  }
  /** `count` more confirmations (default: all missing) for every transfer still confirming. */
  confirm(traceId: string, count?: number) {
    return this.act(traceId, 'confirm', count === undefined ? {} : { count });
  }
  /** Fully paid (pays exactly first if needed) and processing: `pending` for `ms`, or until release(). */
  process(traceId: string, ms?: number) {
    return this.act(traceId, 'process', ms === undefined ? {} : { ms });
  }
  /** Fully paid and in review: `auditing` for `ms`, or until release() / fail(t, 10095). */
  audit(traceId: string, ms?: number) {
    return this.act(traceId, 'audit', ms === undefined ? {} : { ms });
  }
  /** Ends a process/audit hold and a pinned status: the facts decide again (usually success). */
  release(traceId: string) {
    return this.act(traceId, 'release');
  }
  /** Failed with any code (default 40024), e.g. 40032 cancelled, 10095 rejected in review. */
  fail(traceId: string, failureCode?: FailureCode, failureReason?: string) {
    return this.act(traceId, 'fail', {
      ...(failureCode ? { failureCode } : {}),
      ...(failureReason ? { failureReason } : {}),
    });
  }
  wrongAsset(traceId: string, paymentAssetId?: string) {
    return this.act(traceId, 'wrong-asset', paymentAssetId ? { paymentAssetId } : {});
  }
  /**
   * Pins any status string (e.g. 'refunding', 'confirming') verbatim until setStatus(t, null) or
   * release(); `unpaid` / `success` / `failed` / `pending` / `auditing` act on the facts instead,
   * unless `pin: true`.
   */
  setStatus(traceId: string, status: string | null, options: { confirmations?: number; pin?: boolean } = {}) {
    return this.act(traceId, 'status', { status: status ?? '', ...options });
  }
  /** Old status set for this trace: confirming and paid_less read `pending` (isFullyPaid false when short). */
  legacy(traceId: string, on = true) {
    return this.act(traceId, 'legacy', { legacy: on });
  }
  payment(traceId: string) {
    return this.call<PaymentView>('GET', `payments/${encodeURIComponent(traceId)}`);
  }
  /** Every payment the sandbox knows (one per traceId). */
  async payments() {
    return (await this.call<{ payments: PaymentView[] }>('GET', 'payments')).payments;
  }
  requests(path?: string) {
    return this.call<{
      requests: Array<{
        at: number;
        method: string;
        path: string;
        query: Record<string, string>;
        status: number;
        code?: number;
      }>;
    }>('GET', `requests${path ? `?path=${encodeURIComponent(path)}` : ''}`);
  }
  /**
   * Adds a fault rule: { path?, mode?, count?, latencyMs?, jitterMs?, tamper?, raw?, retryAfterSeconds? }.
   * Modes: http-500, http-503, rate-limited, drop, html-error, malformed-json, tamper, flap,
   * raw-numbers (raw: { quoteAmount?: '9.99999999999999999', paymentAmount?: '1e1' }).
   */
  faults(rule: Record<string, unknown>) {
    return this.call('POST', 'faults', rule);
  }
  clearFaults() {
    return this.call('DELETE', 'faults');
  }
}
