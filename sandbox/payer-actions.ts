/**
 * What a payer (or a test standing in for one) can do to a payment: pay exactly, pay a different
 * amount, send on-chain transfers, pay the wrong asset, fail, or pin a status. Each action checks
 * the payment's current status first, like the real checkout would.
 */
import {
  compareDecimal,
  decimalEquals,
  isDecimalString,
  normalizeDecimal,
  subtractDecimal,
} from '../src/money/decimal.ts';
import {
  ASSET_IDS,
  findCryptoAsset,
  findQuoteAsset,
  paymentAmountFor,
  type CryptoAsset,
  type QuoteAsset,
} from './assets.ts';
import {
  FAILURE_REASONS,
  PAYMENT_STATUSES,
  expectedPaymentAsset,
  makeTxid,
  type Evaluation,
  type Payment,
  type PaymentStatus,
} from './payments.ts';

export class ControlError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Body = Record<string, unknown>;

function optString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ControlError(400, `${name} must be a string`);
}

function optInt(body: Body, name: string, min: number, max: number): number | undefined {
  const raw = optString(body, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ControlError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

function optAmount(body: Body, name: string): string | undefined {
  const raw = optString(body, name);
  if (raw === undefined) return undefined;
  if (!isDecimalString(raw) || compareDecimal(raw, '0') <= 0)
    throw new ControlError(400, `${name} must be a positive decimal`);
  return normalizeDecimal(raw);
}

function optAsset(body: Body): CryptoAsset | undefined {
  const raw = optString(body, 'paymentAssetId');
  if (raw === undefined) return undefined;
  const asset = findCryptoAsset(raw);
  if (!asset) throw new ControlError(400, `Unknown payment asset ${raw}`);
  return asset;
}

function optFailureCode(body: Body): string | undefined {
  const raw = optString(body, 'failureCode');
  if (raw !== undefined && !/^\d{1,9}$/.test(raw)) throw new ControlError(400, 'failureCode must be numeric');
  return raw;
}

function requireStatus(ev: Evaluation, allowed: PaymentStatus[]): void {
  if (!allowed.includes(ev.status)) throw new ControlError(409, `Payment is already ${ev.status}`);
}

function quoteOf(p: Payment): QuoteAsset {
  return findQuoteAsset(p.params.quoteAssetId) as QuoteAsset;
}

function addTransfer(
  p: Payment,
  asset: CryptoAsset,
  amount: string,
  requiredConfirms: number,
  nowMs: number,
): void {
  const onChain = p.session?.isChain ?? false;
  p.transfers.push({
    atMs: nowMs,
    assetId: asset.id,
    amount,
    requiredConfirms,
    txid: makeTxid(asset, onChain, p.traceId, String(p.transfers.length), String(nowMs)),
  });
}

function setFailure(
  p: Payment,
  code: string,
  nowMs: number,
  reason?: string,
  paymentAssetId: string | null = null,
): void {
  p.forced = null;
  p.failure = {
    code,
    reason: reason ?? FAILURE_REASONS[code] ?? 'Payment failed',
    atMs: nowMs,
    paymentAssetId,
  };
}

/**
 * `POST …/pay`. Without `amount`: the payer covers `quoteAmount` (default: the asked amount), so
 * a different quoteAmount reads back as success with that amount, exactly like an edited paylink.
 * With `amount`: one transfer of that many payment-asset units (on-chain payments may need several).
 * `confirmations` makes the payment pending until that many confirmations have accrued.
 */
export function pay(p: Payment, ev: Evaluation, body: Body, nowMs: number): void {
  const confirmations = optInt(body, 'confirmations', 0, 1000) ?? 0;
  const expected = expectedPaymentAsset(p);
  const chosen = optAsset(body);
  const amount = optAmount(body, 'amount');

  if (amount !== undefined) {
    if (ev.fullyPaid) throw new ControlError(409, 'Payment is already fully paid');
    requireStatus(ev, ['unpaid', 'pending']);
    if (chosen && chosen.id !== expected.id) {
      setFailure(p, '40020', nowMs, undefined, chosen.id);
      return;
    }
    addTransfer(p, expected, amount, confirmations, nowMs);
    return;
  }

  requireStatus(ev, ['unpaid']);
  const asset = chosen ?? expected;
  const quoteAmount = optAmount(body, 'quoteAmount') ?? p.params.quoteAmount;
  const exact = decimalEquals(quoteAmount, p.params.quoteAmount) && asset.id === expected.id;
  const remaining = subtractDecimal(ev.expectedAmount, ev.totalPaid);
  const paymentAmount = exact
    ? normalizeDecimal(remaining)
    : paymentAmountFor(quoteAmount, quoteOf(p), asset);
  addTransfer(p, asset, paymentAmount, confirmations, nowMs);
  p.paidQuoteAmount = quoteAmount;
}

/** `POST …/wrong-asset`: the payer sent another asset; MixPay fails it with 40020. */
export function payWrongAsset(p: Payment, ev: Evaluation, body: Body, nowMs: number): void {
  requireStatus(ev, ['unpaid']);
  const expected = expectedPaymentAsset(p);
  const chosen = optAsset(body);
  if (chosen && chosen.id === expected.id) throw new ControlError(400, 'That is the right asset');
  const wrong =
    chosen ??
    (expected.id === ASSET_IDS.ETH ? findCryptoAsset(ASSET_IDS.BTC) : findCryptoAsset(ASSET_IDS.ETH));
  setFailure(p, '40020', nowMs, undefined, wrong?.id ?? null);
}

/** `POST …/fail`: failed with `failureCode` (default 40024, wrong amount paid). */
export function failPayment(p: Payment, ev: Evaluation, body: Body, nowMs: number): void {
  requireStatus(ev, ['unpaid', 'pending', 'auditing']);
  setFailure(p, optFailureCode(body) ?? '40024', nowMs, optString(body, 'failureReason'));
}

/** `POST …/status`: pins any status, for states the other actions cannot reach (auditing). */
export function setStatus(p: Payment, ev: Evaluation, body: Body, nowMs: number): void {
  const status = optString(body, 'status');
  if (!status || !(PAYMENT_STATUSES as readonly string[]).includes(status)) {
    throw new ControlError(400, `status must be one of ${PAYMENT_STATUSES.join(', ')}`);
  }
  const confirmations = optInt(body, 'confirmations', 0, 1000) ?? 0;
  switch (status as PaymentStatus) {
    case 'unpaid':
      p.transfers = [];
      p.paidQuoteAmount = null;
      p.failure = null;
      p.forced = null;
      return;
    case 'pending':
    case 'auditing':
      p.failure = null;
      p.forced = { status: status as 'pending' | 'auditing', confirmations };
      return;
    case 'failed':
      setFailure(p, optFailureCode(body) ?? '40024', nowMs, optString(body, 'failureReason'));
      return;
    case 'success':
      p.failure = null;
      p.forced = null;
      for (const t of p.transfers) t.requiredConfirms = 0;
      if (!ev.fullyPaid) {
        const remaining = subtractDecimal(ev.expectedAmount, ev.totalPaid);
        addTransfer(p, expectedPaymentAsset(p), normalizeDecimal(remaining), 0, nowMs);
        p.paidQuoteAmount = p.params.quoteAmount;
      }
      return;
  }
}
