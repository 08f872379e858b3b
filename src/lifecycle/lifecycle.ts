/**
 * A charge's life, as pure functions: the one place that decides how a charge changes. Hooks and
 * screens turn what happened (MixPay answered, the cashier cancelled, a one-time link arrived) into
 * an event; `transition` gives the next record; the journal stores it. Nothing else builds a
 * changed charge.
 *
 * The rules that live here and nowhere else:
 * - Verification: a `success` counts as received only when payee, quote asset and quote amount
 *   match the charge (decimal compare); the trace, an extended deadline (an edited paylink) and,
 *   in strict mode, the settlement asset are checked too. Anything else is "does not match".
 * - Read again before believing: an answer that would end a charge (success or failed) is
 *   believed only when two consecutive reads agree; a disagreeing read becomes the new candidate.
 * - Expiry: the countdown reaching zero ends a charge only when an answer given after the deadline
 *   shows nothing paid. While MixPay shows money arriving (confirming, paid_less, pending,
 *   auditing, or a status we do not know) the charge stays open until `success` or `failed`.
 *   MixPay's own deadline (`expiredAt`) is used when it is given and not later than the charge's.
 * - Late payments: a cancelled or expired charge keeps being checked until its deadline plus a
 *   grace (a day when MixPay already saw money moving); a verified payment then raises an alert.
 *
 * MixPay's status sets (../shared/mixpay-api.md): since 2026-08-13 unpaid, confirming, paid_less,
 * pending (= paid, processing), auditing, success, failed; older payments keep unpaid, pending
 * (= waiting for confirmations; underpaid when payment.isFullyPaid is false), auditing, success,
 * failed. Only success and failed are final.
 */
import type { PaymentResult } from '@/mixpay/schemas';
import { compareDecimal, isDecimalString, normalizeDecimal, subtractDecimal } from '@/money/decimal';
import { checkedSale, type SaleTerms } from './sale';
import type {
  ChargeLink,
  ChargeRecord,
  ChargeStatus,
  FieldMismatch,
  OpenPhase,
  ResultSnapshot,
  WalletMode,
} from './charge-record';

export const OVERTIME_FAILURE_CODE = 40000;
export const UNDERPAID_FAILURE_CODE = 40024;
/** How long after its deadline a cancelled or expired charge is still checked for a payment. */
export const LATE_GRACE_S = 600;
/** ... and how long when MixPay already saw money moving (confirmations can take hours). */
export const LATE_IN_FLIGHT_S = 24 * 3600;
/** A result screen comes back after a reload for this long after the charge ended. */
export const RESULT_RESUME_MS = 2 * 60_000;

// ---------------------------------------------------------------------------------------------
// Creating

export interface NewChargeTerms {
  traceId: string;
  shopName: string;
  payeeId: string;
  settlementAssetId: string;
  strictMode: boolean;
  quoteAssetId: string;
  quoteSymbol: string;
  quoteDecimals: number;
  quoteIsFiat: boolean;
  quoteAmount: string;
  remark?: string;
  expiredTimestamp: number;
  /** The paylink, built on the device: the charge is usable (and journalled) before any request. */
  paylink: string;
  /** A one-time link will be asked for; until it arrives (or fails) the link is not final. */
  wantsOneTimeLink: boolean;
  /**
   * The items, discount and tip behind quoteAmount (which stays the total sent to MixPay). They
   * must add up to it: createCharge throws otherwise. Absent: one item of quoteAmount.
   */
  sale?: SaleTerms;
  /** The charge this one follows ("Charge the difference", "Charge again"). */
  linkedTo?: ChargeLink;
  /** The till making the sale (its id and name), when the till has one. */
  till?: { tillId: string; tillName: string };
}

/** created: the record that is journalled before any QR is shown. */
export function createCharge(terms: NewChargeTerms, now: number): ChargeRecord {
  const { paylink, wantsOneTimeLink, sale, linkedTo, till, ...rest } = terms;
  return {
    ...rest,
    ...(till ? { tillId: till.tillId, tillName: till.tillName } : {}),
    ...(sale ? checkedSale(sale, terms.quoteAmount, terms.quoteDecimals) : {}),
    ...(linkedTo ? { linkedTo: { traceId: linkedTo.traceId, reason: linkedTo.reason } } : {}),
    createdAt: now,
    updatedAt: now,
    linkMode: 'paylink',
    linkFellBack: false,
    linkReady: !wantsOneTimeLink,
    link: paylink,
    status: 'open',
    phase: 'waiting',
  };
}

// ---------------------------------------------------------------------------------------------
// Verification

/** UUIDs are written with and without dashes, in either case. */
export function sameUuid(a: string, b: string): boolean {
  const canon = (id: string) => id.replace(/-/g, '').toLowerCase();
  return canon(a) === canon(b);
}

/** Asset ids: Mixin UUIDs, or lowercase ISO codes for fiat ("usd"). */
export function sameAssetId(a: string, b: string): boolean {
  return sameUuid(a.trim(), b.trim());
}

/** Decimal comparison that never throws: anything that is not a decimal string is different. */
export function sameAmount(a: string, b: string): boolean {
  return isDecimalString(a) && isDecimalString(b) && compareDecimal(a, b) === 0;
}

export interface ChargeTerms {
  traceId: string;
  payeeId: string;
  quoteAssetId: string;
  quoteAmount: string;
  expiredTimestamp?: number;
  strictMode?: boolean;
  settlementAssetId?: string;
}

/** What in a result differs from the terms the cashier asked for ([] when it is this charge's). */
export function termsMismatches(
  terms: ChargeTerms,
  result: Pick<
    PaymentResult,
    'payeeId' | 'quoteAssetId' | 'quoteAmount' | 'traceId' | 'expiredAt' | 'settleAsset'
  >,
): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  const check = (field: FieldMismatch['field'], expected: string, actual: string, same: boolean) => {
    if (!same) out.push({ field, expected, actual });
  };
  check('payeeId', terms.payeeId, result.payeeId, sameUuid(terms.payeeId, result.payeeId));
  check(
    'quoteAssetId',
    terms.quoteAssetId,
    result.quoteAssetId,
    sameAssetId(terms.quoteAssetId, result.quoteAssetId),
  );
  check('quoteAmount', terms.quoteAmount, result.quoteAmount, sameAmount(terms.quoteAmount, result.quoteAmount));
  // Older answers omit traceId; the request was made by traceId, so absence is not a mismatch.
  if (result.traceId !== undefined) {
    check('traceId', terms.traceId, result.traceId, sameUuid(terms.traceId, result.traceId));
  }
  // An edited paylink can push the deadline out; MixPay's own links never do.
  if (terms.expiredTimestamp !== undefined && result.expiredAt !== undefined) {
    check(
      'expiredAt',
      String(terms.expiredTimestamp),
      String(result.expiredAt),
      result.expiredAt <= terms.expiredTimestamp,
    );
  }
  if (terms.strictMode && terms.settlementAssetId && result.settleAsset) {
    check(
      'settlementAssetId',
      terms.settlementAssetId,
      result.settleAsset,
      sameAssetId(terms.settlementAssetId, result.settleAsset),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading MixPay's answers

export type PollAnswer = { kind: 'unknown' } | { kind: 'result'; result: PaymentResult };

/** What one answer says, in the app's terms (old and new status sets alike). */
export type Reading =
  | { kind: 'not-opened' }
  | { kind: 'unpaid'; channel: boolean }
  | { kind: 'confirming' }
  | { kind: 'paid-less' }
  | { kind: 'processing' }
  | { kind: 'auditing' }
  | { kind: 'reported'; status: string }
  | { kind: 'success' }
  | { kind: 'failed' };

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

export function readAnswer(answer: PollAnswer): Reading {
  if (answer.kind === 'unknown') return { kind: 'not-opened' };
  const r = answer.result;
  switch (r.status) {
    case 'unpaid':
      // The payer picked how to pay (asset or wallet): a payment is likely soon.
      return { kind: 'unpaid', channel: hasText(r.paymentAssetId) || hasText(r.payableAmount) };
    case 'confirming':
      return { kind: 'confirming' };
    case 'paid_less':
      return { kind: 'paid-less' };
    case 'pending':
      // Old status set: pending also meant "waiting for confirmations", and an underpayment
      // showed as pending with payment.isFullyPaid false. Since 2026-08-13: paid, processing.
      if (r.payment?.isFullyPaid === false) return { kind: 'paid-less' };
      if (r.confirmations !== undefined && r.confirmations >= 0) return { kind: 'confirming' };
      return { kind: 'processing' };
    case 'auditing':
      return { kind: 'auditing' };
    case 'success':
      return { kind: 'success' };
    case 'failed':
      return { kind: 'failed' };
    default:
      return { kind: 'reported', status: r.status };
  }
}

const PHASE_OF_READING: Partial<Record<Reading['kind'], OpenPhase>> = {
  confirming: 'confirming',
  'paid-less': 'paid-less',
  processing: 'processing',
  auditing: 'auditing',
  reported: 'reported',
};

/** Money is moving: the countdown no longer ends the charge, and a stopped one is watched longer. */
function inFlight(reading: Reading): boolean {
  return PHASE_OF_READING[reading.kind] !== undefined;
}

const REQUIRED_SNAPSHOT_KEYS: ReadonlySet<string> = new Set(['status', 'quoteAmount', 'quoteAssetId', 'payeeId']);

export function snapshotOf(result: PaymentResult): ResultSnapshot {
  const snap: ResultSnapshot = {
    status: result.status,
    quoteAmount: result.quoteAmount,
    quoteAssetId: result.quoteAssetId,
    payeeId: result.payeeId,
    traceId: result.traceId,
    paymentAmount: result.paymentAmount,
    paymentSymbol: result.paymentSymbol,
    paymentAssetId: result.paymentAssetId,
    payableAmount: result.payableAmount,
    confirmations: result.confirmations,
    failureCode: result.failureCode,
    failureReason: result.failureReason,
    txid: result.txid,
    blockExplorerUrl: result.blockExplorerUrl,
    date: result.date,
    expiredAt: result.expiredAt,
    settleAsset: result.settleAsset,
    isFullyPaid: result.payment?.isFullyPaid,
    totalTransactionsAmount: result.payment?.totalTransactionsAmount,
  };
  // Keep the journal lean: no keys for what MixPay did not say ("" is MixPay's "none").
  for (const key of Object.keys(snap) as Array<keyof ResultSnapshot>) {
    if (REQUIRED_SNAPSHOT_KEYS.has(key)) continue;
    if (snap[key] === undefined || snap[key] === '') delete snap[key];
  }
  return snap;
}

/** Two final answers agree when everything that decides the verdict is the same. */
export function fingerprintOf(result: PaymentResult): string {
  const amount = isDecimalString(result.quoteAmount) ? normalizeDecimal(result.quoteAmount) : result.quoteAmount;
  return JSON.stringify([
    result.status,
    result.failureCode ?? null,
    result.payeeId.replace(/-/g, '').toLowerCase(),
    result.quoteAssetId.toLowerCase(),
    amount,
    result.traceId?.replace(/-/g, '').toLowerCase() ?? null,
    result.expiredAt ?? null,
    result.settleAsset?.toLowerCase() ?? null,
    result.txid ?? null,
  ]);
}

/** The deadline that counts (unix s): MixPay's `expiredAt` when given and not later than ours. */
export function deadlineOf(charge: Pick<ChargeRecord, 'expiredTimestamp' | 'result'>): number {
  const theirs = charge.result?.expiredAt;
  return theirs !== undefined && theirs > 0 && theirs < charge.expiredTimestamp ? theirs : charge.expiredTimestamp;
}

// ---------------------------------------------------------------------------------------------
// Transitions

export type ChargeEvent =
  /** The one-time link arrived: its checkout URL replaces the paylink. */
  | { type: 'link-ready'; link: string }
  /** The one-time link failed or was slow: the journalled paylink stays. */
  | { type: 'link-fell-back' }
  | { type: 'wallet-chosen'; wallet: WalletMode }
  | { type: 'wallet-asset-chosen'; assetId: string }
  /** MixPay refused the (deprecated) Raw API: back to the checkout link, with the reason. */
  | { type: 'wallet-fell-back'; reason: string }
  /** An answer to payments_result; `at` is when the request started (ms). */
  | { type: 'answer'; answer: PollAnswer; at: number }
  | { type: 'cancel'; at: number }
  /** The cashier left the result screen ("New sale"). */
  | { type: 'acknowledge'; at: number }
  /** The cashier dismissed the late-payment alert. */
  | { type: 'acknowledge-late' };

export function isFinal(status: ChargeStatus): boolean {
  return status !== 'open';
}

function endWith(c: ChargeRecord, result: PaymentResult, at: number): ChargeRecord {
  const { candidate: _candidate, phase: _phase, ...rest } = c;
  const base = { ...rest, endedAt: at, result: snapshotOf(result) };
  if (result.status === 'failed') {
    const status: ChargeStatus = result.failureCode === OVERTIME_FAILURE_CODE ? 'expired' : 'failed';
    return { ...base, status, mismatches: undefined };
  }
  const mismatches = termsMismatches(c, result);
  return mismatches.length
    ? { ...base, status: 'mismatch', mismatches }
    : { ...base, status: 'received', mismatches: undefined };
}

function answerOpen(c: ChargeRecord, answer: PollAnswer, at: number): ChargeRecord {
  const reading = readAnswer(answer);
  if (reading.kind === 'success' || reading.kind === 'failed') {
    const result = (answer as { result: PaymentResult }).result;
    const print = fingerprintOf(result);
    if (c.candidate === print) return endWith(c, result, at);
    return { ...c, candidate: print };
  }
  const result = answer.kind === 'result' ? snapshotOf(answer.result) : c.result;
  let phase: OpenPhase = PHASE_OF_READING[reading.kind] ?? 'waiting';
  if (reading.kind === 'unpaid') {
    // A paylink's trace is unknown until the customer opens it; a one-time link exists from
    // creation, so there only a chosen payment channel says someone is paying.
    const checkoutPaylink = c.linkMode === 'paylink' && (c.wallet ?? 'any') === 'any';
    phase = reading.channel || checkoutPaylink ? 'opened' : 'waiting';
  }
  const { candidate: _candidate, ...rest } = c;
  const next: ChargeRecord = { ...rest, phase, result };
  if (!inFlight(reading) && at >= deadlineOf(next) * 1000) {
    return { ...next, status: 'expired', endedAt: at, phase: undefined };
  }
  return next;
}

function answerStopped(c: ChargeRecord, answer: PollAnswer, at: number): ChargeRecord {
  if (answer.kind === 'unknown' || c.latePayment) return c;
  const reading = readAnswer(answer);
  const result = answer.result;
  if (reading.kind === 'success') {
    const print = fingerprintOf(result);
    if (c.candidate !== print) return { ...c, candidate: print };
    const ended = endWith(c, result, at);
    return { ...ended, endedAt: c.endedAt, latePayment: { seenAt: at, acknowledged: false } };
  }
  const { candidate: _candidate, ...rest } = c;
  // A failure, money in flight or a new deadline: remember it, which decides how long to watch.
  return { ...rest, result: snapshotOf(result) };
}

/** The next record after `event`; the same object when nothing changes. */
export function transition(c: ChargeRecord, event: ChargeEvent): ChargeRecord {
  switch (event.type) {
    case 'link-ready':
      return c.status === 'open'
        ? { ...c, linkMode: 'one-time', linkFellBack: false, linkReady: true, link: event.link }
        : c;
    case 'link-fell-back':
      return c.status === 'open' ? { ...c, linkMode: 'paylink', linkFellBack: true, linkReady: true } : c;
    case 'wallet-chosen':
      return c.status === 'open' && (c.wallet ?? 'any') !== event.wallet
        ? { ...c, wallet: event.wallet, walletFellBack: undefined }
        : c;
    case 'wallet-asset-chosen':
      return c.status === 'open' && c.walletAssetId !== event.assetId ? { ...c, walletAssetId: event.assetId } : c;
    case 'wallet-fell-back':
      return c.status === 'open' ? { ...c, wallet: 'any', walletFellBack: event.reason } : c;
    case 'answer':
      if (c.status === 'open') return answerOpen(c, event.answer, event.at);
      if (c.status === 'cancelled' || c.status === 'expired') return answerStopped(c, event.answer, event.at);
      return c;
    case 'cancel': {
      if (c.status !== 'open') return c;
      const { candidate: _candidate, phase: _phase, ...rest } = c;
      return { ...rest, status: 'cancelled', endedAt: event.at };
    }
    case 'acknowledge':
      return isFinal(c.status) && c.acknowledgedAt === undefined ? { ...c, acknowledgedAt: event.at } : c;
    case 'acknowledge-late':
      return c.latePayment && !c.latePayment.acknowledged
        ? { ...c, latePayment: { ...c.latePayment, acknowledged: true } }
        : c;
  }
}

/** A final answer was seen once: read again soon rather than on the normal schedule. */
export function awaitsSecondRead(c: ChargeRecord): boolean {
  return c.candidate !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Late payments

/**
 * Until when (unix s) a stopped charge is still checked for a payment; undefined when it is not
 * (open, paid, failed for good, or already flagged late).
 */
export function watchUntilOf(c: ChargeRecord): number | undefined {
  if ((c.status !== 'cancelled' && c.status !== 'expired') || c.latePayment) return undefined;
  const r = c.result;
  // A failed trace can never be paid again.
  if (r?.status === 'failed') return undefined;
  // An edited paylink may have pushed MixPay's deadline past ours: watch until MixPay's.
  const deadline = Math.max(c.expiredTimestamp, r?.expiredAt ?? 0);
  const moving = r !== undefined && inFlight(readAnswer({ kind: 'result', result: r as PaymentResult }));
  return deadline + (moving ? LATE_IN_FLIGHT_S : LATE_GRACE_S);
}

// ---------------------------------------------------------------------------------------------
// What the screens show

export type OpenView =
  | { kind: 'waiting' }
  | { kind: 'opened' }
  | { kind: 'confirming'; confirmations: number | null }
  | {
      kind: 'paid-less';
      /** In the payment asset (`symbol`); null when MixPay did not say. */
      paid: string | null;
      due: string | null;
      remaining: string | null;
      symbol: string | null;
    }
  | { kind: 'processing' }
  | { kind: 'auditing' }
  | { kind: 'reported'; status: string };

/** remaining = max(payableAmount − paid, 0), as MixPay defines it for paid_less. */
function remainingOf(r: ResultSnapshot | undefined) {
  const paid = r?.totalTransactionsAmount ?? r?.paymentAmount ?? null;
  const due = r?.payableAmount ?? null;
  if (!paid || !due || !isDecimalString(paid) || !isDecimalString(due)) return { paid, due, remaining: null };
  const left = subtractDecimal(due, paid);
  return { paid, due, remaining: compareDecimal(left, '0') > 0 ? normalizeDecimal(left) : '0' };
}

export function openViewOf(c: ChargeRecord): OpenView {
  const r = c.result;
  switch (c.phase ?? 'waiting') {
    case 'waiting':
      return { kind: 'waiting' };
    case 'opened':
      return { kind: 'opened' };
    case 'confirming':
      return {
        kind: 'confirming',
        confirmations: r?.confirmations !== undefined && r.confirmations >= 0 ? r.confirmations : null,
      };
    case 'paid-less':
      return { kind: 'paid-less', ...remainingOf(r), symbol: r?.paymentSymbol ?? null };
    case 'processing':
      return { kind: 'processing' };
    case 'auditing':
      return { kind: 'auditing' };
    case 'reported':
      return { kind: 'reported', status: r?.status ?? 'unknown' };
  }
}

export type Outcome = 'received' | 'mismatch' | 'underpaid' | 'failed' | 'expired' | 'cancelled';

/** How an ended charge reads on its result screen. */
export function outcomeOf(c: ChargeRecord): Outcome | null {
  switch (c.status) {
    case 'open':
      return null;
    case 'failed':
      return c.result?.failureCode === UNDERPAID_FAILURE_CODE ? 'underpaid' : 'failed';
    default:
      return c.status;
  }
}

/** A charge whose result screen should come back after a reload (ended moments ago, not left). */
export function resumesResult(c: ChargeRecord, now: number): boolean {
  return (
    isFinal(c.status) &&
    c.status !== 'cancelled' &&
    c.acknowledgedAt === undefined &&
    !c.latePayment &&
    c.endedAt !== undefined &&
    now - c.endedAt <= RESULT_RESUME_MS
  );
}
