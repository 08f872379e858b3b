/**
 * What the journal stores for a charge. The lifecycle (./lifecycle.ts) is the only code that makes
 * a changed record; the journal stores what it is given.
 */

/** `open` until MixPay's answer (or the cashier) ends it; everything else is final. */
export type ChargeStatus = 'open' | 'received' | 'mismatch' | 'failed' | 'expired' | 'cancelled';
export type LinkMode = 'one-time' | 'paylink';
/** Which wallet the QR screen offers the customer: the checkout link, Mixin Messenger or a chain. */
export type WalletMode = 'any' | 'mixin' | 'on-chain';

/**
 * Where an open charge stands, from MixPay's last answer:
 * - waiting: nothing known yet (a paylink nobody opened, or a one-time link nobody chose a way to pay);
 * - opened: the customer opened the page (paylink) or picked how to pay (payment channel filled in);
 * - confirming: transactions seen, waiting for confirmations;
 * - paid-less: a confirmed payment below what is due; a top-up on the same trace is possible;
 * - processing: fully paid, MixPay still processing (the `pending` status since 2026-08-13);
 * - auditing: under review by MixPay;
 * - reported: a status this app does not know; shown as it is, never as a success.
 */
export type OpenPhase =
  | 'waiting'
  | 'opened'
  | 'confirming'
  | 'paid-less'
  | 'processing'
  | 'auditing'
  | 'reported';

/** The part of MixPay's last answer the journal keeps with a charge. */
export interface ResultSnapshot {
  status: string;
  quoteAmount: string;
  quoteAssetId: string;
  payeeId: string;
  traceId?: string;
  paymentAmount?: string;
  paymentSymbol?: string;
  paymentAssetId?: string;
  payableAmount?: string;
  confirmations?: number;
  failureCode?: number;
  failureReason?: string;
  txid?: string;
  blockExplorerUrl?: string;
  /** Unix seconds. */
  date?: number;
  /** MixPay's fixed deadline for the order (unix s). */
  expiredAt?: number;
  settleAsset?: string;
  /** From `with=payment`: false while part of the amount is still missing. */
  isFullyPaid?: boolean;
  totalTransactionsAmount?: string;
}

export type MismatchField = 'payeeId' | 'quoteAssetId' | 'quoteAmount' | 'traceId' | 'expiredAt' | 'settlementAssetId';

export interface FieldMismatch {
  field: MismatchField;
  expected: string;
  actual: string;
}

/** One item of a sale: an amount added with the keypad's "+" (Add). */
export interface SaleLine {
  amount: string;
  label?: string;
}

/**
 * A discount or a tip, kept apart from the items. `amount` is what it came to (in the quote
 * currency, rounded by the rule in src/money/totals.ts); `percent` when it was given as one.
 */
export interface SaleAdjustment {
  kind: 'percent' | 'amount';
  percent?: string;
  amount: string;
}

/** Why a charge was made from another one: the rest of an underpayment, or a retry. */
export interface ChargeLink {
  traceId: string;
  reason: 'difference' | 'again';
}

export interface ChargeRecord {
  traceId: string;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  shopName: string;
  payeeId: string;
  settlementAssetId: string;
  strictMode: boolean;
  quoteAssetId: string;
  quoteSymbol: string;
  quoteDecimals: number;
  quoteIsFiat: boolean;
  /** What MixPay is asked for: the sale's total (subtotal − discount + tip). */
  quoteAmount: string;
  /**
   * The sale behind the total (absent on records from before itemised sales: those read as one
   * line of quoteAmount, no discount, no tip; see saleOf in ./sale.ts).
   */
  lines?: SaleLine[];
  subtotal?: string;
  discount?: SaleAdjustment;
  tip?: SaleAdjustment;
  /** The charge this one was made from ("Charge the difference", "Charge again"). */
  linkedTo?: ChargeLink;
  remark?: string;
  /** Unix seconds, as sent to MixPay. */
  expiredTimestamp: number;
  linkMode: LinkMode;
  /** True when a one-time link was asked for but the paylink was used instead. */
  linkFellBack: boolean;
  /** False while a one-time link is being asked for (the paylink is already journalled). */
  linkReady?: boolean;
  link: string;
  /** The QR screen's wallet choice (absent: "any", the checkout link); same traceId in every mode. */
  wallet?: WalletMode;
  /** Payment asset the cashier picked for the Mixin or on-chain wallet. */
  walletAssetId?: string;
  /** Why the Mixin / on-chain wallet was given up for the one-time link (MixPay refused it). */
  walletFellBack?: string;
  status: ChargeStatus;
  /** Open charges only: what MixPay last said (absent on records from before phases existed). */
  phase?: OpenPhase;
  result?: ResultSnapshot;
  mismatches?: FieldMismatch[];
  /**
   * A final answer seen once and not yet confirmed by a second, agreeing read (its fingerprint).
   * Two reads must agree before a charge ends: a flapping answer keeps it reading.
   */
  candidate?: string;
  /** A cancelled/expired charge that MixPay later reported paid: the cashier must be told. */
  latePayment?: { seenAt: number; acknowledged: boolean };
  /** When the cashier moved on from this charge's result screen ("New sale"). */
  acknowledgedAt?: number;
  /**
   * The till that made the sale (its random id and its name at the time), for a shop whose tills
   * share a ledger (src/ledger). Absent on records from before till identity: those are the own
   * till's ("This till" is `!tillId || tillId === ownTillId`).
   */
  tillId?: string;
  tillName?: string;
  /**
   * Index keys the journal derives on every write (never set by callers), so the late-payment
   * watch and alert read a handful of rows instead of scanning a busy till's whole history.
   * watchUntil: unix s until which a cancelled/expired charge may still be paid.
   * lateAlert: 1 while a late payment waits for the cashier to dismiss it.
   */
  watchUntil?: number;
  lateAlert?: 1;
}
