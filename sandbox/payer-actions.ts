/**
 * What a payer (or MixPay, or a test standing in for either) can do to a payment: choose how to
 * pay, pay exactly, pay a different amount, pay too little and top up, send on-chain transfers
 * that need confirmations, confirm them, hold the payment in processing or review, fail it with
 * any code, pin any status string, or switch the trace to the legacy status set. Each action
 * checks the payment's current-lifecycle status first, like the real checkout would.
 */
import { ASSET_IDS, findCryptoAsset, paymentAmountFor, type CryptoAsset } from './assets.ts';
import {
  compareDecimal,
  decimalEquals,
  divideDecimal,
  isDecimalString,
  normalizeDecimal,
} from './decimal.ts';
import {
  FAILURE_REASONS,
  WALLETS,
  confirmTransfer,
  expectedPaymentAsset,
  makeTxid,
  isOnChain,
  quoteOf,
  type Evaluation,
  type LifecycleConfig,
  type LifecycleStatus,
  type Payment,
  type Wallet,
} from './payments.ts';

export class ControlError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Body = Record<string, unknown>;

/** What an action may read besides the payment itself. */
export interface ActionContext {
  nowMs: number;
  config: LifecycleConfig & { autoConfirm: boolean };
  /** The payment's evaluation before the action. */
  ev: Evaluation;
}

export type PayerAction = (p: Payment, body: Body, ctx: ActionContext) => void;

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

function optBool(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 'on' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 'off' || value === 0) return false;
  throw new ControlError(400, `${name} must be true or false`);
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

const HOLD_MS_MAX = 24 * 3_600_000;

function requireStatus(ev: Evaluation, allowed: LifecycleStatus[], what = ''): void {
  if (!allowed.includes(ev.lifecycle)) {
    throw new ControlError(409, `Payment is already ${ev.lifecycle}${what ? `: cannot ${what}` : ''}`);
  }
}

interface TransferOptions {
  confirmations: number;
  autoConfirm: boolean;
}

function transferOptions(body: Body, ctx: ActionContext): TransferOptions {
  return {
    confirmations: optInt(body, 'confirmations', 0, 1000) ?? 0,
    autoConfirm: optBool(body, 'autoConfirm') ?? ctx.config.autoConfirm,
  };
}

function addTransfer(
  p: Payment,
  asset: CryptoAsset,
  amount: string,
  options: TransferOptions,
  nowMs: number,
): void {
  p.transfers.push({
    atMs: nowMs,
    assetId: asset.id,
    amount: normalizeDecimal(amount),
    requiredConfirms: options.confirmations,
    txid: makeTxid(asset, isOnChain(p), p.traceId, String(p.transfers.length), String(nowMs)),
    autoConfirm: options.autoConfirm,
    baseConfirms: 0,
    baseAtMs: nowMs,
    confirmedAtMs: null,
  });
}

function setFailure(
  p: Payment,
  code: string,
  nowMs: number,
  reason?: string,
  paymentAssetId: string | null = null,
): void {
  p.pin = null;
  p.hold = null;
  p.failure = {
    code,
    reason: reason ?? FAILURE_REASONS[code] ?? 'Payment failed',
    atMs: nowMs,
    paymentAssetId,
  };
}

function applyProcessing(p: Payment, body: Body): void {
  const processingMs = optInt(body, 'processingMs', 0, HOLD_MS_MAX);
  if (processingMs !== undefined) p.processingMs = processingMs;
}

/** Statuses in which more money can still arrive on the trace. */
const PAYABLE: LifecycleStatus[] = ['unpaid', 'confirming', 'paid_less'];

/**
 * `POST …/pay`.
 * - No `amount`, nothing paid yet: the payer covers `quoteAmount` (default: the asked amount), so a
 *   different quoteAmount reads back as success with that amount, exactly like an edited paylink.
 * - No `amount`, already partly paid: a top-up of what is left (or worth `quoteAmount`).
 * - `amount`: one transfer of that many payment-asset units (on-chain payments may need several).
 * `confirmations` makes it `confirming` until that many have accrued (one per
 * confirmationIntervalMs, or only through `confirm` with `autoConfirm: false`); a payment that
 * needed confirmations then spends processingMs in `pending` (override with `processingMs`).
 */
export const pay: PayerAction = (p, body, ctx) => {
  const { ev, nowMs } = ctx;
  const options = transferOptions(body, ctx);
  const expected = expectedPaymentAsset(p);
  const chosen = optAsset(body);
  const amount = optAmount(body, 'amount');
  const quoteAmount = optAmount(body, 'quoteAmount');
  requireStatus(ev, PAYABLE, 'pay');
  if (ev.fullyPaid) throw new ControlError(409, 'Payment is already fully paid');
  applyProcessing(p, body);

  if (amount !== undefined) {
    if (chosen && chosen.id !== expected.id) {
      setFailure(p, '40020', nowMs, undefined, chosen.id);
      return;
    }
    addTransfer(p, expected, amount, options, nowMs);
    return;
  }

  if (p.transfers.length > 0) {
    if (chosen && chosen.id !== expected.id) {
      setFailure(p, '40020', nowMs, undefined, chosen.id);
      return;
    }
    const topUp = quoteAmount ? paymentAmountFor(quoteAmount, quoteOf(p), expected) : ev.remaining;
    addTransfer(p, expected, topUp, options, nowMs);
    return;
  }

  const asset = chosen ?? expected;
  const paidQuote = quoteAmount ?? p.params.quoteAmount;
  const exact = decimalEquals(paidQuote, p.params.quoteAmount) && asset.id === expected.id;
  const paymentAmount = exact ? ev.expectedAmount : paymentAmountFor(paidQuote, quoteOf(p), asset);
  addTransfer(p, asset, paymentAmount, options, nowMs);
  p.paidQuoteAmount = paidQuote;
};

/**
 * `POST …/underpay`: one transfer below what is due (worth `quoteAmount`, or `amount` asset units;
 * default half of what is left), so the payment goes `paid_less` once confirmed. Top up with `pay`.
 */
export const underpay: PayerAction = (p, body, ctx) => {
  const { ev, nowMs } = ctx;
  requireStatus(ev, PAYABLE, 'pay');
  if (ev.fullyPaid) throw new ControlError(409, 'Payment is already fully paid');
  const asset = expectedPaymentAsset(p);
  const quoteAmount = optAmount(body, 'quoteAmount');
  const amount =
    optAmount(body, 'amount') ??
    (quoteAmount !== undefined
      ? paymentAmountFor(quoteAmount, quoteOf(p), asset)
      : divideDecimal(ev.remaining, '2', 8, 'down'));
  if (compareDecimal(amount, '0') <= 0) throw new ControlError(409, 'Nothing left to underpay');
  if (compareDecimal(amount, ev.remaining) >= 0) {
    throw new ControlError(
      400,
      `${amount} ${asset.symbol} would pay in full (${ev.remaining} left): use pay`,
    );
  }
  applyProcessing(p, body);
  addTransfer(p, asset, amount, transferOptions(body, ctx), nowMs);
};

/** `POST …/choose`: the payer picks an asset (and wallet) on the checkout page. */
export const choose: PayerAction = (p, body, ctx) => {
  requireStatus(ctx.ev, ['unpaid'], 'choose how to pay');
  if (p.transfers.length > 0) throw new ControlError(409, 'The payer has already paid in an asset');
  const asset =
    optAsset(body) ??
    findCryptoAsset(p.params.paymentAssetId ?? p.params.settlementAssetId) ??
    (findCryptoAsset(ASSET_IDS.USDT_ERC20) as CryptoAsset);
  const rawWallet = optString(body, 'wallet') ?? 'mixin';
  if (!(WALLETS as readonly string[]).includes(rawWallet)) {
    throw new ControlError(400, `wallet must be one of ${WALLETS.join(', ')}`);
  }
  const wallet = rawWallet as Wallet;
  if (wallet === 'on-chain' && !asset.onChainSupported) {
    throw new ControlError(400, `${asset.symbol} cannot be paid on-chain`);
  }
  p.channel = { paymentAssetId: asset.id, wallet, atMs: ctx.nowMs };
};

/** `POST …/confirm`: `count` more confirmations (default: all missing) for every unconfirmed transfer. */
export const confirm: PayerAction = (p, body, ctx) => {
  const count = optInt(body, 'count', 1, 1000);
  const pending = p.transfers.filter((_, i) => ctx.ev.transfers[i]?.confirmedAtMs === null);
  if (pending.length === 0) throw new ControlError(409, 'No transfer is waiting for confirmations');
  for (const t of pending) confirmTransfer(t, ctx.nowMs, ctx.config.confirmationIntervalMs, count);
};

/** Makes sure the payment is fully paid and confirmed (an instant exact payment when nothing was paid). */
function settleFacts(p: Payment, ctx: ActionContext): void {
  const { ev, nowMs } = ctx;
  if (!ev.fullyPaid) {
    if (p.transfers.length === 0) p.paidQuoteAmount = p.params.quoteAmount;
    const amount = p.transfers.length === 0 ? ev.expectedAmount : ev.remaining;
    // Forced facts count as arrived in time, even when a test forces them after the deadline.
    const atMs = Math.min(nowMs, ev.expiredAt * 1000 - 1);
    addTransfer(p, expectedPaymentAsset(p), amount, { confirmations: 0, autoConfirm: true }, atMs);
  }
  for (const t of p.transfers) confirmTransfer(t, nowMs, ctx.config.confirmationIntervalMs);
}

function hold(status: 'pending' | 'auditing'): PayerAction {
  return (p, body, ctx) => {
    if (!p.pin) requireStatus(ctx.ev, ['unpaid', 'confirming', 'paid_less', 'pending', 'auditing'], status);
    const ms = optInt(body, 'ms', 0, HOLD_MS_MAX);
    settleFacts(p, ctx);
    p.pin = null;
    p.hold = { status, untilMs: ms === undefined ? null : ctx.nowMs + ms };
  };
}

/**
 * `POST …/process`: fully paid and confirmed (paying exactly first if needed), and MixPay still
 * processing: `pending` for `ms` (default: until released), then success.
 */
export const processPayment = hold('pending');

/** `POST …/audit`: like process, but in review: `auditing` for `ms` (default: until released). */
export const audit = hold('auditing');

/** `POST …/release`: ends a hold (process/audit) and a pinned status; the facts decide again. */
export const release: PayerAction = (p) => {
  p.hold = null;
  p.pin = null;
};

/** `POST …/wrong-asset`: the payer sent another asset; MixPay fails it with 40020. */
export const payWrongAsset: PayerAction = (p, body, ctx) => {
  requireStatus(ctx.ev, ['unpaid'], 'pay');
  const expected = expectedPaymentAsset(p);
  const chosen = optAsset(body);
  if (chosen && chosen.id === expected.id) throw new ControlError(400, 'That is the right asset');
  const wrong =
    chosen ??
    (expected.id === ASSET_IDS.ETH ? findCryptoAsset(ASSET_IDS.BTC) : findCryptoAsset(ASSET_IDS.ETH));
  setFailure(p, '40020', ctx.nowMs, undefined, wrong?.id ?? null);
};

/**
 * `POST …/fail`: failed with `failureCode` (default 40024, wrong amount paid; e.g. 40032 cancelled,
 * 10095 rejected in review) and an optional `failureReason`. Any open (or pinned) payment.
 */
export const failPayment: PayerAction = (p, body, ctx) => {
  if (!p.pin) requireStatus(ctx.ev, ['unpaid', 'confirming', 'paid_less', 'pending', 'auditing'], 'fail');
  setFailure(p, optFailureCode(body) ?? '40024', ctx.nowMs, optString(body, 'failureReason'));
};

/** `POST …/legacy` `{ legacy: boolean }` (default true): answers use the status set before 2026-08-13. */
export const setLegacy: PayerAction = (p, body) => {
  p.legacy = optBool(body, 'legacy') ?? true;
};

/**
 * `POST …/status`: reaches any status.
 * - `null`/"" releases a pin (and a hold).
 * - unpaid: forgets every transfer and failure; success: pays the rest and confirms it all;
 *   failed: fails (failureCode); pending / auditing: process / audit until released.
 * - anything else (confirming, paid_less, "refunding", …), or any status with `pin: true`: shown
 *   verbatim (with `confirmations`, default -1) until released.
 */
/** The statuses `status` reaches by changing the facts; every other string is pinned. */
const ACTED_ON: readonly LifecycleStatus[] = ['unpaid', 'pending', 'auditing', 'failed', 'success'];

export const setStatus: PayerAction = (p, body, ctx) => {
  const status = optString(body, 'status');
  if (status === undefined) {
    release(p, body, ctx);
    return;
  }
  if (status.length > 64 || !/^[\w.:-]+$/.test(status)) {
    throw new ControlError(400, 'status must be 1-64 letters, digits, "_", "-", "." or ":"');
  }
  if (optBool(body, 'pin') === true || !(ACTED_ON as readonly string[]).includes(status)) {
    p.pin = { status, confirmations: optInt(body, 'confirmations', -1, 1000) ?? -1 };
    return;
  }
  switch (status as LifecycleStatus) {
    case 'unpaid':
      p.transfers = [];
      p.paidQuoteAmount = null;
      p.failure = null;
      p.hold = null;
      p.pin = null;
      return;
    case 'pending':
      processPayment(p, body, ctx);
      return;
    case 'auditing':
      audit(p, body, ctx);
      return;
    case 'failed':
      setFailure(p, optFailureCode(body) ?? '40024', ctx.nowMs, optString(body, 'failureReason'));
      return;
    case 'success':
      p.failure = null;
      p.hold = null;
      p.pin = null;
      p.processingMs = 0;
      settleFacts(p, ctx);
      return;
    default:
      // confirming, paid_less: pinned above.
      return;
  }
};
