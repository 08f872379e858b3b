/**
 * A local stand-in for MixPay: the API under `/sandbox/v1`, the checkout pages under `/sandbox`
 * (`/pay?…` paylinks, `/code/{code}` one-time links) and a control API under `/sandbox/_control`
 * for tests. `createSandbox().handle` plugs into any `node:http` server or connect middleware.
 *
 * Time comes from `now()` (plus a control-set clock offset) and is only read when answering, so
 * confirmations, price windows and expiry are derived lazily and tests can inject a fake clock.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UNKNOWN_TRACE_MESSAGES, fail, routeApi, type ApiAnswer, type ApiContext } from './api-routes.ts';
import { ASSET_IDS, CRYPTO_ASSETS, findQuoteAsset, type QuoteAsset } from './assets.ts';
import { renderCheckoutPage, renderErrorPage, renderIndexPage, type CheckoutView } from './checkout-page.ts';
import { routeControl, type ControlContext, type SandboxConfig } from './control-routes.ts';
import { FaultSet, rawNumberJson, shapeResult, type FaultRule } from './faults.ts';
import {
  BodyError,
  CORS_HEADERS,
  queryValues,
  readBodyValues,
  send,
  sendHtml,
  sleep,
  toParams,
} from './http-utils.ts';
import { payeeById } from './payees.ts';
import {
  DEFAULT_EXPIRY_SECONDS,
  evaluate,
  expectedPaymentAsset,
  hasChannel,
  newPayment,
  resultData,
  sessionView,
  type Payment,
} from './payments.ts';
import { RateLimiter } from './rate-limit.ts';
import { PaymentRegistry } from './registry.ts';
import { RequestLog } from './request-log.ts';
import { ApiError, normalizeUuid, type Params } from './validation.ts';

export type { SandboxConfig } from './control-routes.ts';
export type { RequestLogEntry } from './request-log.ts';

export interface SandboxOptions {
  now?: () => number;
  rateLimitPerMinute?: number;
  confirmationIntervalMs?: number;
  priceWindowSeconds?: number;
  processingMs?: number;
  defaultExpirySeconds?: number;
}

export interface Sandbox {
  /** Answers requests under `/sandbox`; resolves false, having written nothing, for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Forgets payments, requests, rate counters and faults; restores the configuration. */
  reset(): void;
}

export const SANDBOX_PREFIX = '/sandbox';

/** The payee of placeholder results served by tamper/flap faults for traces never seen. */
const FORGED_PAYEE = 'f0f0f0f0-0000-4000-8000-000000000000';

const GATEWAY_ERROR_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

function checkoutPath(p: Payment): string {
  if (p.code !== null) return `${SANDBOX_PREFIX}/code/${encodeURIComponent(p.code)}`;
  const { params } = p;
  const query = new URLSearchParams({
    payeeId: params.payeeId,
    quoteAssetId: params.quoteAssetId,
    quoteAmount: params.quoteAmount,
    settlementAssetId: params.settlementAssetId,
    traceId: p.traceId,
  });
  const optional: [string, string][] = [
    ['orderId', params.orderId ?? ''],
    ['remark', params.remark],
    ['strictMode', params.strictMode ? '1' : ''],
    ['expiredTimestamp', params.expiredTimestamp === null ? '' : String(params.expiredTimestamp)],
    ['settlementMemo', params.settlementMemo],
    ['returnTo', params.returnTo],
    ['failedReturnTo', params.failedReturnTo],
  ];
  for (const [key, value] of optional) if (value !== '') query.set(key, value);
  return `${SANDBOX_PREFIX}/pay?${query.toString()}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const baseNow = options.now ?? Date.now;
  const defaults = (): SandboxConfig => ({
    rateLimitPerMinute: options.rateLimitPerMinute ?? 60,
    confirmationIntervalMs: options.confirmationIntervalMs ?? 1000,
    priceWindowSeconds: options.priceWindowSeconds ?? 60,
    clockOffsetMs: 0,
    processingMs: options.processingMs ?? 1000,
    defaultExpirySeconds: options.defaultExpirySeconds ?? DEFAULT_EXPIRY_SECONDS,
    autoConfirm: true,
    legacyLifecycle: false,
    unknownTrace: { code: 404, httpStatus: 200, message: UNKNOWN_TRACE_MESSAGES[404] ?? '' },
  });
  const config = defaults();
  const now = () => baseNow() + config.clockOffsetMs;
  const registry = new PaymentRegistry({
    now,
    lifecycle: () => config,
    priceWindowSeconds: () => config.priceWindowSeconds,
    legacyLifecycle: () => config.legacyLifecycle,
  });
  const faults = new FaultSet();
  const requests = new RequestLog();
  const limiter = new RateLimiter();

  const reset = () => {
    registry.clear();
    faults.clear();
    requests.clear();
    limiter.clear();
    Object.assign(config, defaults());
  };

  const apiContext: ApiContext = {
    now,
    registry,
    unknownTrace: () => config.unknownTrace,
  };

  function paymentView(p: Payment): Record<string, unknown> {
    const t = now();
    const ev = evaluate(p, t, config);
    return {
      traceId: p.traceId,
      source: p.source,
      code: p.code,
      checkoutPath: checkoutPath(p),
      params: p.params,
      createdAt: p.createdAtMs,
      openedAt: p.openedAtMs,
      channel: p.channel,
      /** What answers show (legacy mapping and pins applied). */
      status: ev.status,
      /** The current-lifecycle status the facts give. */
      lifecycle: ev.lifecycle,
      confirmations: ev.confirmations,
      legacy: p.legacy,
      pin: p.pin,
      hold: p.hold,
      expiredAt: ev.expiredAt,
      remaining: ev.remaining,
      result: resultData(p, ev, { withPayment: true, withTransactions: true }),
      session: p.session ? sessionView(p, p.session, t) : null,
    };
  }

  function openCheckout(sub: string, query: URLSearchParams): Payment {
    let p: Payment | undefined;
    if (sub === '/pay') {
      p = registry.openPaylink(toParams(Object.fromEntries(query)));
    } else {
      p = registry.byCode(safeDecode(sub.slice('/code/'.length)));
      if (!p) throw new ApiError(404, 'This payment link does not exist or has been removed.', 404);
    }
    p.openedAtMs ??= now();
    return p;
  }

  const controlContext: ControlContext = {
    now,
    config,
    registry,
    faults,
    requests,
    reset,
    openCheckout,
    paymentView,
  };

  function checkoutView(p: Payment, backPath: string): CheckoutView {
    const t = now();
    const ev = evaluate(p, t, config);
    const data = resultData(p, ev, { withPayment: false, withTransactions: false });
    const quote = findQuoteAsset(p.params.quoteAssetId) as QuoteAsset;
    const asset = expectedPaymentAsset(p);
    // Time-driven changes ahead: confirmations, processing, a timed hold.
    const moving =
      ev.lifecycle === 'confirming' ||
      (ev.lifecycle === 'pending' && (ev.successAtMs !== null || p.hold?.untilMs != null)) ||
      (ev.lifecycle === 'auditing' && p.hold?.untilMs != null);
    return {
      traceId: p.traceId,
      payeeName: payeeById(p.params.payeeId)?.name ?? 'MixPay Merchant',
      payeeId: p.params.payeeId,
      amount: String(data.quoteAmount),
      currency: quote.symbol,
      remark: p.params.remark,
      orderId: p.params.orderId ?? '',
      status: ev.status,
      lifecycle: ev.lifecycle,
      legacy: p.legacy,
      pinned: p.pin !== null,
      held: p.hold !== null && ev.lifecycle === p.hold.status,
      confirmations: ev.confirmations,
      failureCode: ev.failureCode,
      failureReason: ev.failureReason,
      paymentHint: `${ev.expectedAmount} ${asset.symbol}`,
      paymentSymbol: asset.symbol,
      paid: ev.totalPaid,
      remaining: ev.remaining,
      chosen: hasChannel(p),
      chosenAssetId: asset.id,
      chosenWallet: p.channel?.wallet ?? (p.session?.isChain ? 'on-chain' : 'mixin'),
      returnTo: p.params.returnTo,
      failedReturnTo: p.params.failedReturnTo,
      expiresAt: new Date(ev.expiredAt * 1000).toISOString(),
      autoRefresh: moving,
      backPath,
      assets: CRYPTO_ASSETS.map((a) => [a.id, `${a.symbol} (${a.network})`]),
    };
  }

  /** A result for a trace the sandbox never saw, so tamper/flap faults still have something to forge. */
  function placeholderResult(params: Params): Record<string, unknown> {
    const traceId =
      (params.traceId && normalizeUuid(params.traceId)) || '00000000-0000-4000-8000-000000000000';
    const p = newPayment(
      {
        payeeId: (params.payeeId && normalizeUuid(params.payeeId)) || FORGED_PAYEE,
        quoteAssetId: 'usd',
        quoteAmount: '1',
        settlementAssetId: ASSET_IDS.USDT_ERC20,
        traceId,
        orderId: params.orderId ?? null,
        strictMode: false,
        paymentAssetId: null,
        remark: '',
        settlementMemo: '',
        returnTo: '',
        failedReturnTo: '',
        expiredTimestamp: null,
      },
      'paylink',
      now(),
    );
    return resultData(p, evaluate(p, now(), config), {
      withPayment: false,
      withTransactions: false,
    });
  }

  function shapeAnswer(answer: ApiAnswer, rule: FaultRule, params: Params): ApiAnswer {
    const { envelope } = answer;
    let data: Record<string, unknown>;
    if (envelope.success && typeof envelope.data === 'object' && envelope.data !== null) {
      data = envelope.data as Record<string, unknown>;
    } else if (answer.unknownTrace) {
      data = placeholderResult(params);
    } else {
      return answer;
    }
    return {
      httpStatus: 200,
      envelope: {
        code: 0,
        success: true,
        message: '',
        data: shapeResult(data, rule),
        timestampMs: envelope.timestampMs,
      },
    };
  }

  function sendEnvelope(
    res: ServerResponse,
    answer: ApiAnswer,
    headers: Record<string, string>,
    text = JSON.stringify(answer.envelope),
  ): void {
    send(res, answer.httpStatus, 'application/json; charset=utf-8', text, headers);
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    sub: string,
    url: URL,
    method: string,
    client: string,
    log: (status: number, code: number | null) => void,
  ): Promise<void> {
    const decision = faults.take(sub);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const rule = decision.rule;
    const limit = config.rateLimitPerMinute;

    const tooMany = (retryAfter: number) => {
      const answer = fail(apiContext, 1429, 'Too Many Attempts.', 429);
      sendEnvelope(res, answer, {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'retry-after': String(retryAfter),
      });
      log(429, 1429);
    };
    // An injected 429 leaves the real budget untouched.
    if (rule?.mode === 'rate-limited') return tooMany(rule.retryAfterSeconds);
    const rate = limiter.take(client, baseNow(), limit);
    if (!rate.allowed) return tooMany(rate.retryAfterSeconds);
    const rateHeaders = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(rate.remaining),
    };

    switch (rule?.mode) {
      case 'drop':
        req.socket.destroy();
        log(0, null);
        return;
      case 'http-500': {
        const answer = fail(apiContext, -1, 'Server error, please try again later.', 500);
        sendEnvelope(res, answer, rateHeaders);
        log(500, -1);
        return;
      }
      case 'http-503': {
        const answer = fail(
          apiContext,
          10008,
          'Payments are suspended for maintenance, please try again later.',
          503,
        );
        sendEnvelope(res, answer, rateHeaders);
        log(503, 10008);
        return;
      }
      case 'html-error':
        sendHtml(res, 502, GATEWAY_ERROR_HTML, rateHeaders);
        log(502, null);
        return;
    }

    let answer: ApiAnswer;
    let params: Params = toParams(queryValues(url));
    try {
      if (method === 'POST') params = toParams(queryValues(url), await readBodyValues(req));
      answer = routeApi(apiContext, method, sub, params);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      answer = fail(apiContext, 10011, error.message);
    }
    if (rule && (rule.mode === 'tamper' || rule.mode === 'flap')) answer = shapeAnswer(answer, rule, params);

    if (rule?.mode === 'malformed-json') {
      const text = JSON.stringify(answer.envelope);
      send(
        res,
        200,
        'application/json; charset=utf-8',
        text.slice(0, Math.max(1, Math.floor(text.length / 2))),
        rateHeaders,
      );
      log(200, null);
      return;
    }
    if (rule?.mode === 'raw-numbers') {
      sendEnvelope(res, answer, rateHeaders, rawNumberJson({ ...answer.envelope }, rule.raw ?? {}));
    } else {
      sendEnvelope(res, answer, rateHeaders);
    }
    log(answer.httpStatus, answer.envelope.code);
  }

  function handleCheckout(res: ServerResponse, sub: string, url: URL, method: string): number {
    if (method !== 'GET' && method !== 'HEAD') {
      sendHtml(res, 405, renderErrorPage('Method not allowed', 'Checkout pages are opened with GET.'), {
        allow: 'GET, HEAD',
      });
      return 405;
    }
    let p: Payment;
    try {
      p = openCheckout(sub, url.searchParams);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const notFound = error.httpStatus === 404;
      const status = notFound ? 404 : 400;
      sendHtml(
        res,
        status,
        renderErrorPage(
          notFound ? 'Payment link not found' : 'Invalid payment link',
          error.message,
          notFound ? null : error.code,
        ),
      );
      return status;
    }
    sendHtml(res, 200, renderCheckoutPage(checkoutView(p, SANDBOX_PREFIX + sub + url.search)));
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path !== SANDBOX_PREFIX && !path.startsWith(`${SANDBOX_PREFIX}/`)) return false;
    const sub = path.slice(SANDBOX_PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const client = req.socket.remoteAddress ?? 'unknown';
    const isApi = sub === '/v1' || sub.startsWith('/v1/');
    const isControl = sub === '/_control' || sub.startsWith('/_control/');
    const log = (status: number, code: number | null) => {
      // The control API is the test's own traffic: keep it out of what tests assert on.
      if (!isControl)
        requests.add({ at: baseNow(), method, path: sub, query: queryValues(url), status, code, client });
    };

    try {
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...CORS_HEADERS, 'content-length': '0' });
        res.end();
        log(204, null);
      } else if (isApi) {
        await handleApi(req, res, sub, url, method, client, log);
      } else if (isControl) {
        await routeControl(controlContext, req, res, sub, url);
      } else if (sub === '/pay' || sub.startsWith('/code/')) {
        log(handleCheckout(res, sub, url, method), null);
      } else if (sub === '/' && (method === 'GET' || method === 'HEAD')) {
        const entries = registry.list().map((p) => ({
          traceId: p.traceId,
          status: registry.evaluate(p).status,
          amount: `${p.params.quoteAmount} ${findQuoteAsset(p.params.quoteAssetId)?.symbol ?? ''}`,
          checkoutPath: checkoutPath(p),
        }));
        sendHtml(res, 200, renderIndexPage(entries));
      } else {
        sendHtml(res, 404, renderErrorPage('Not found', `Nothing at ${SANDBOX_PREFIX}${sub}.`));
        log(404, null);
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
      } else if (isApi) {
        send(
          res,
          500,
          'application/json; charset=utf-8',
          JSON.stringify(fail(apiContext, -1, 'Server error').envelope),
        );
      } else {
        sendHtml(
          res,
          500,
          renderErrorPage('Sandbox error', error instanceof Error ? error.message : String(error)),
        );
      }
      log(500, isApi ? -1 : null);
    }
    return true;
  }

  return { handle, reset };
}
