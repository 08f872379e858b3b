/**
 * The `/v1` endpoints, answering MixPay's envelope `{ code, success, message, data, timestampMs }`.
 * Business errors are HTTP 200 with a non-zero code, as on the live API; an unknown route is a 404.
 */
import { divideDecimal, normalizeDecimal } from './decimal.ts';
import {
  CRYPTO_ASSETS,
  FIAT_ASSETS,
  PAYMENT_DECIMALS,
  paymentAmountFor,
  paymentAssetView,
  quoteAssetView,
  settlementAmountFor,
  settlementAssetView,
  usdValueOf,
  withinTransferCeiling,
  type AmountContext,
} from './assets.ts';
import { payeeByMixinNumber } from './payees.ts';
import { refreshSession, resultData, sessionView, type Payment } from './payments.ts';
import type { PaymentRegistry } from './registry.ts';
import {
  ApiError,
  isValidOrderId,
  normalizeUuid,
  requireAmount,
  requireCryptoAsset,
  requireQuoteAsset,
  type Params,
} from './validation.ts';

export interface Envelope {
  code: number;
  success: boolean;
  message: string;
  data: unknown;
  timestampMs: number;
}

export interface ApiAnswer {
  httpStatus: number;
  envelope: Envelope;
  /** The answer is about a trace (or order) nobody has opened: fault modes may forge one. */
  unknownTrace?: boolean;
}

/** How the API answers about a trace it does not know (undocumented; MixPay has used several). */
export interface UnknownTraceAnswer {
  code: number;
  httpStatus: number;
  message: string;
}

export const UNKNOWN_TRACE_MESSAGES: Record<number, string> = {
  404: 'The payment link you visited does not exist',
  40022: 'TraceId does not exist.',
  10062: 'The requested order does not exist.',
};

export interface ApiContext {
  now(): number;
  registry: PaymentRegistry;
  unknownTrace(): UnknownTraceAnswer;
}

export function ok(ctx: ApiContext, data: unknown): ApiAnswer {
  return { httpStatus: 200, envelope: { code: 0, success: true, message: '', data, timestampMs: ctx.now() } };
}

export function fail(ctx: ApiContext, code: number, message: string, httpStatus = 200): ApiAnswer {
  return { httpStatus, envelope: { code, success: false, message, data: [], timestampMs: ctx.now() } };
}

function unknownTrace(ctx: ApiContext): ApiAnswer {
  const { code, httpStatus, message } = ctx.unknownTrace();
  return { ...fail(ctx, code, message, httpStatus), unknownTrace: true };
}

function optionalPayee(params: Params): void {
  if (params.payeeId && !normalizeUuid(params.payeeId))
    throw new ApiError(10011, 'The payeeId must be a valid UUID.');
}

function amountContext(params: Params): AmountContext | null {
  optionalPayee(params);
  const quote = params.quoteAssetId ? requireQuoteAsset(params.quoteAssetId) : null;
  if (!params.quoteAmount) return null;
  if (!quote) throw new ApiError(10011, 'The quoteAssetId field is required with quoteAmount.');
  return { quote, quoteAmount: requireAmount(params.quoteAmount, 'quoteAmount') };
}

/** The payment a `traceId`, or `orderId` + `payeeId`, points at; null when unknown. */
function lookup(ctx: ApiContext, params: Params): Payment | null {
  if (params.traceId) {
    if (!normalizeUuid(params.traceId)) throw new ApiError(10011, 'The traceId must be a valid UUID.');
    return ctx.registry.get(params.traceId) ?? null;
  }
  if (params.orderId) {
    if (!isValidOrderId(params.orderId)) {
      throw new ApiError(10011, 'The orderId must be 6-36 letters, numbers, dashes or underscores.');
    }
    if (!params.payeeId) throw new ApiError(10011, 'The payeeId field is required with orderId.');
    if (!normalizeUuid(params.payeeId)) throw new ApiError(10011, 'The payeeId must be a valid UUID.');
    return ctx.registry.byOrder(params.payeeId, params.orderId) ?? null;
  }
  throw new ApiError(10011, 'The traceId field is required when orderId is not present.');
}

function paymentsResult(ctx: ApiContext, params: Params): ApiAnswer {
  const p = lookup(ctx, params);
  if (!p) return unknownTrace(ctx);
  const extras = new Set((params.with ?? '').split(',').map((s) => s.trim()));
  const ev = ctx.registry.evaluate(p);
  return ok(
    ctx,
    resultData(p, ev, { withPayment: extras.has('payment'), withTransactions: extras.has('transactions') }),
  );
}

function paymentsInfo(ctx: ApiContext, params: Params): ApiAnswer {
  const p = lookup(ctx, params);
  if (!p) return unknownTrace(ctx);
  const { status } = ctx.registry.evaluate(p);
  if (p.session) return ok(ctx, { ...sessionView(p, p.session, ctx.now()), status });
  // A paylink nobody has quoted in a wallet yet: the same shape, with the quote fields empty.
  return ok(ctx, {
    isChain: false,
    expire: 0,
    seconds: 0,
    payeeId: p.params.payeeId,
    traceId: p.traceId,
    clientId: '',
    orderId: p.params.orderId ?? '',
    paymentAssetId: p.channel?.paymentAssetId ?? '',
    paymentAssetSymbol: p.channel ? requireCryptoAsset(p.channel.paymentAssetId, 'payment').symbol : '',
    paymentAmount: '0',
    settlementAssetId: p.params.settlementAssetId,
    settlementAssetSymbol: requireCryptoAsset(p.params.settlementAssetId, 'settlement').symbol,
    estimatedSettlementAmount: '0',
    quoteAssetId: p.params.quoteAssetId,
    quoteAssetSymbol: requireQuoteAsset(p.params.quoteAssetId).symbol,
    quoteAmount: p.params.quoteAmount,
    memo: '',
    recipient: '',
    destination: '',
    tag: '',
    status,
  });
}

function paymentsEstimated(ctx: ApiContext, params: Params): ApiAnswer {
  for (const name of ['paymentAssetId', 'settlementAssetId', 'quoteAssetId', 'quoteAmount']) {
    if (!params[name]) throw new ApiError(10011, `The ${name} field is required.`);
  }
  const quote = requireQuoteAsset(params.quoteAssetId ?? '');
  const payment = requireCryptoAsset(params.paymentAssetId ?? '', 'payment');
  const settlement = requireCryptoAsset(params.settlementAssetId ?? '', 'settlement');
  const quoteAmount = requireAmount(params.quoteAmount ?? '', 'quoteAmount');
  if (!withinTransferCeiling(payment, usdValueOf(quoteAmount, quote))) {
    throw new ApiError(10006, 'Transfer exceeds 1000 USDT.');
  }
  return ok(ctx, {
    price: normalizeDecimal(divideDecimal(payment.usdPrice, quote.usdPrice, PAYMENT_DECIMALS)),
    paymentAmount: paymentAmountFor(quoteAmount, quote, payment),
    estimatedSettlementAmount: settlementAmountFor(quoteAmount, quote, settlement),
    paymentAssetId: payment.id,
    paymentAssetSymbol: payment.symbol,
    settlementAssetId: settlement.id,
    settlementAssetSymbol: settlement.symbol,
    quoteAssetId: quote.id,
    quoteAssetSymbol: quote.symbol,
    quoteAmount,
  });
}

function paymentsRefresh(ctx: ApiContext, params: Params): ApiAnswer {
  const p = lookup(ctx, params);
  if (!p) return unknownTrace(ctx);
  if (!p.session)
    throw new ApiError(10011, 'This payment has no wallet quote to refresh; create it with POST /payments.');
  if (ctx.registry.statusOf(p) === 'unpaid') refreshSession(p, p.session, ctx.now());
  return ok(ctx, sessionView(p, p.session, ctx.now()));
}

function mixinUuid(ctx: ApiContext, mixinId: string): ApiAnswer {
  if (!/^\d{1,20}$/.test(mixinId)) throw new ApiError(10011, 'The mixinId must be a numeric Mixin ID.');
  const payee = payeeByMixinNumber(mixinId);
  if (!payee) throw new ApiError(10001, 'User does not exist');
  return ok(ctx, { payeeId: payee.payeeId });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Answers one `/v1` request; `sub` is the path below `/sandbox`. */
export function routeApi(ctx: ApiContext, method: string, sub: string, params: Params): ApiAnswer {
  try {
    return dispatch(ctx, method, sub, params);
  } catch (error) {
    if (error instanceof ApiError) return fail(ctx, error.code, error.message, error.httpStatus);
    throw error;
  }
}

function dispatch(ctx: ApiContext, method: string, sub: string, params: Params): ApiAnswer {
  const mixin = /^\/v1\/user\/mixin_uuid\/([^/]+)$/.exec(sub);
  if (method === 'GET' && mixin) return mixinUuid(ctx, safeDecode(mixin[1] ?? ''));
  const key = `${method} ${sub.replace(/\/+$/, '')}`;
  switch (key) {
    case 'GET /v1/setting/quote_assets':
      optionalPayee(params);
      return ok(ctx, [...FIAT_ASSETS, ...CRYPTO_ASSETS].map(quoteAssetView));
    case 'GET /v1/setting/settlement_assets': {
      const amount = amountContext(params);
      return ok(
        ctx,
        CRYPTO_ASSETS.map((a) => settlementAssetView(a, amount)),
      );
    }
    case 'GET /v1/setting/payment_assets': {
      const amount = amountContext(params);
      return ok(
        ctx,
        CRYPTO_ASSETS.map((a) => paymentAssetView(a, amount)),
      );
    }
    case 'POST /v1/one_time_payment':
      return ok(ctx, { code: ctx.registry.createOneTime(params).code });
    case 'POST /v1/payments': {
      const { payment, session } = ctx.registry.createWallet(params);
      return ok(ctx, sessionView(payment, session, ctx.now()));
    }
    case 'POST /v1/payments/refresh':
      return paymentsRefresh(ctx, params);
    case 'GET /v1/payments_info':
      return paymentsInfo(ctx, params);
    case 'GET /v1/payments_estimated':
      return paymentsEstimated(ctx, params);
    case 'GET /v1/payments_result':
      return paymentsResult(ctx, params);
    default:
      return fail(ctx, 404, `Route not found: ${method} /v1${sub.slice(3)}`, 404);
  }
}
