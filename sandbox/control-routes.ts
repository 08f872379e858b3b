/**
 * `/sandbox/_control/…`: the test-facing API. JSON in and out; form posts (from the checkout
 * page's buttons) get a 303 back to the page they came from instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderErrorPage } from './checkout-page.ts';
import { FaultInputError, type FaultSet } from './faults.ts';
import { BodyError, isFormRequest, readBodyValues, redirect, sendHtml, sendJson } from './http-utils.ts';
import { UNKNOWN_TRACE_MESSAGES, type UnknownTraceAnswer } from './api-routes.ts';
import {
  ControlError,
  audit,
  choose,
  confirm,
  failPayment,
  pay,
  payWrongAsset,
  processPayment,
  release,
  setLegacy,
  setStatus,
  underpay,
  type PayerAction,
} from './payer-actions.ts';
import type { Payment } from './payments.ts';
import type { PaymentRegistry } from './registry.ts';
import type { RequestLog } from './request-log.ts';
import { ApiError } from './validation.ts';

export interface SandboxConfig {
  rateLimitPerMinute: number;
  /** One confirmation per this many ms (0: transfers are confirmed at once). */
  confirmationIntervalMs: number;
  priceWindowSeconds: number;
  clockOffsetMs: number;
  /** How long a payment that needed confirmations stays `pending` once confirmed. */
  processingMs: number;
  /** Deadline of a payment created without expiredTimestamp: creation + this. */
  defaultExpirySeconds: number;
  /** Confirmations accrue with the clock; false: only through the confirm action. */
  autoConfirm: boolean;
  /** Payments created from now on answer with the status set from before 2026-08-13. */
  legacyLifecycle: boolean;
  /** The error envelope for a trace nobody has opened. */
  unknownTrace: UnknownTraceAnswer;
}

type NumericKey = {
  [K in keyof SandboxConfig]: SandboxConfig[K] extends number ? K : never;
}[keyof SandboxConfig];
type BooleanKey = {
  [K in keyof SandboxConfig]: SandboxConfig[K] extends boolean ? K : never;
}[keyof SandboxConfig];

export interface ControlContext {
  now(): number;
  config: SandboxConfig;
  registry: PaymentRegistry;
  faults: FaultSet;
  requests: RequestLog;
  reset(): void;
  /** Opens a checkout URL as a payer would (path below `/sandbox`, e.g. `/pay?…`). */
  openCheckout(sub: string, query: URLSearchParams): Payment;
  paymentView(p: Payment): Record<string, unknown>;
}

const CONFIG_LIMITS: Record<NumericKey, [number, number]> = {
  rateLimitPerMinute: [1, 1_000_000],
  confirmationIntervalMs: [0, 3_600_000],
  priceWindowSeconds: [1, 86_400],
  clockOffsetMs: [-10 * 365 * 86_400_000, 10 * 365 * 86_400_000],
  processingMs: [0, 86_400_000],
  defaultExpirySeconds: [11, 2880 * 60],
};
const CONFIG_FLAGS: readonly BooleanKey[] = ['autoConfirm', 'legacyLifecycle'];

function toInt(raw: unknown, name: string, min: number, max: number): number {
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ControlError(400, `${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

function toFlag(raw: unknown, name: string): boolean {
  if (raw === true || raw === 'true' || raw === '1' || raw === 1) return true;
  if (raw === false || raw === 'false' || raw === '0' || raw === 0) return false;
  throw new ControlError(400, `${name} must be true or false`);
}

/**
 * `unknownTrace: { code?, httpStatus?, message? }`: code any integer (documented ones: 404, 40022,
 * 10062; the message defaults to the documented text), httpStatus 200 or 400-499.
 */
function unknownTraceFrom(raw: unknown, current: UnknownTraceAnswer): UnknownTraceAnswer {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ControlError(400, 'unknownTrace must be { code?, httpStatus?, message? }');
  }
  const input = raw as Record<string, unknown>;
  const code =
    input.code === undefined ? current.code : toInt(input.code, 'unknownTrace.code', -1, 999_999_999);
  const httpStatus =
    input.httpStatus === undefined ? 200 : toInt(input.httpStatus, 'unknownTrace.httpStatus', 200, 499);
  if (httpStatus !== 200 && httpStatus < 400) {
    throw new ControlError(400, 'unknownTrace.httpStatus must be 200 or 400-499');
  }
  if (input.message !== undefined && typeof input.message !== 'string') {
    throw new ControlError(400, 'unknownTrace.message must be a string');
  }
  const message =
    input.message ??
    (input.code === undefined
      ? current.message
      : (UNKNOWN_TRACE_MESSAGES[code] ?? 'The payment does not exist.'));
  return { code, httpStatus, message };
}

function updateConfig(config: SandboxConfig, body: Record<string, unknown>): void {
  const next = { ...config };
  for (const key of Object.keys(CONFIG_LIMITS) as NumericKey[]) {
    const raw = body[key];
    if (raw === undefined || raw === '') continue;
    const [min, max] = CONFIG_LIMITS[key];
    next[key] = toInt(raw, key, min, max);
  }
  for (const key of CONFIG_FLAGS) {
    const raw = body[key];
    if (raw === undefined || raw === '') continue;
    next[key] = toFlag(raw, key);
  }
  if (body.unknownTrace !== undefined)
    next.unknownTrace = unknownTraceFrom(body.unknownTrace, config.unknownTrace);
  Object.assign(config, next);
}

/** Where a form post returns to: the Referer's path, else the form's `_back`, else the sandbox index. */
function backLocation(req: IncomingMessage, body: Record<string, unknown>): string {
  const referer = req.headers.referer;
  if (referer) {
    try {
      const url = new URL(referer);
      return url.pathname + url.search;
    } catch {
      // fall through to _back
    }
  }
  const back = body._back;
  return typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') ? back : '/sandbox/';
}

function optionalNumber(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new ControlError(400, `Not a number: ${value}`);
  return n;
}

const PAYER_ACTIONS: Record<string, PayerAction> = {
  pay,
  underpay,
  choose,
  confirm,
  process: processPayment,
  audit,
  release,
  'wrong-asset': payWrongAsset,
  fail: failPayment,
  status: setStatus,
  legacy: setLegacy,
};

function payerAction(name: string): PayerAction | undefined {
  return Object.hasOwn(PAYER_ACTIONS, name) ? PAYER_ACTIONS[name] : undefined;
}

function findPayment(ctx: ControlContext, traceId: string): Payment {
  const p = ctx.registry.get(traceId);
  if (!p) throw new ControlError(404, `Payment not found: ${traceId}`);
  return p;
}

async function dispatch(
  ctx: ControlContext,
  req: IncomingMessage,
  sub: string,
  url: URL,
  body: () => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const method = req.method ?? 'GET';
  const route = sub.slice('/_control'.length).replace(/\/+$/, '');
  const key = `${method} ${route}`;

  switch (key) {
    case 'POST /reset':
      ctx.reset();
      return { ok: true };
    case 'GET /config':
      return { config: ctx.config };
    case 'POST /config':
      updateConfig(ctx.config, await body());
      return { config: ctx.config };
    case 'GET /requests':
      return {
        requests: ctx.requests.query({
          path: url.searchParams.get('path') ?? undefined,
          since: optionalNumber(url.searchParams.get('since')),
          method: url.searchParams.get('method') ?? undefined,
        }),
      };
    case 'DELETE /requests':
      ctx.requests.clear();
      return { ok: true };
    case 'GET /faults':
      return { rules: ctx.faults.list() };
    case 'POST /faults':
      ctx.faults.add(await body());
      return { rules: ctx.faults.list() };
    case 'DELETE /faults':
      ctx.faults.clear();
      return { rules: [] };
    case 'POST /open':
      return openUrl(ctx, await body());
    case 'GET /payments':
      return { payments: ctx.registry.list().map((p) => ctx.paymentView(p)) };
  }

  const paymentRoute = /^\/payments\/([^/]+)(?:\/([a-z-]+))?$/.exec(route);
  if (paymentRoute) {
    const [, traceId = '', action] = paymentRoute;
    if (method === 'GET' && action === undefined) return ctx.paymentView(findPayment(ctx, traceId));
    const act = action === undefined ? undefined : payerAction(action);
    if (method === 'POST' && act) {
      const values = await body();
      const p = findPayment(ctx, traceId);
      act(p, values, { nowMs: ctx.now(), config: ctx.config, ev: ctx.registry.evaluate(p) });
      return ctx.paymentView(p);
    }
  }
  throw new ControlError(404, `No control route ${method} ${sub}`);
}

function openUrl(ctx: ControlContext, body: Record<string, unknown>): unknown {
  if (typeof body.url !== 'string' || body.url === '') throw new ControlError(400, 'url is required');
  let url: URL;
  try {
    url = new URL(body.url, 'http://sandbox.invalid');
  } catch {
    throw new ControlError(400, `Not a URL: ${body.url}`);
  }
  const path = url.pathname;
  if (path !== '/sandbox/pay' && !path.startsWith('/sandbox/code/')) {
    throw new ControlError(400, 'url must point at /sandbox/pay or /sandbox/code/{code}');
  }
  try {
    const p = ctx.openCheckout(path.slice('/sandbox'.length), url.searchParams);
    // `choose: true` (the default asset) or an asset id: the payer also picks how to pay at once.
    const chosen = body.choose;
    if (chosen !== undefined && chosen !== false && chosen !== '' && chosen !== 'false') {
      const values: Record<string, unknown> = { wallet: body.wallet };
      if (typeof chosen === 'string' && chosen !== 'true') values.paymentAssetId = chosen;
      if (typeof body.paymentAssetId === 'string') values.paymentAssetId = body.paymentAssetId;
      choose(p, values, { nowMs: ctx.now(), config: ctx.config, ev: ctx.registry.evaluate(p) });
    }
    return { traceId: p.traceId, payment: ctx.paymentView(p) };
  } catch (error) {
    if (error instanceof ApiError) {
      throw new ControlError(error.httpStatus === 404 ? 404 : 400, `${error.message} (code ${error.code})`);
    }
    throw error;
  }
}

export async function routeControl(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  sub: string,
  url: URL,
): Promise<void> {
  const form = isFormRequest(req);
  let values: Record<string, unknown> | null = null;
  const body = async () => (values ??= await readBodyValues(req));
  try {
    const result = await dispatch(ctx, req, sub, url, body);
    if (form) redirect(res, backLocation(req, values ?? {}));
    else sendJson(res, 200, result);
  } catch (error) {
    let status: number;
    if (error instanceof ControlError) status = error.status;
    else if (error instanceof FaultInputError || error instanceof BodyError) status = 400;
    else throw error;
    const message = (error as Error).message;
    if (form) {
      sendHtml(
        res,
        status,
        renderErrorPage('That did not work', message, null, backLocation(req, values ?? {})),
      );
    } else {
      sendJson(res, status, { error: message });
    }
  }
}
