/**
 * Valibot schemas for MixPay answers. Everything from the network goes through these: unknown fields
 * are stripped, amounts become plain decimal strings (never floats), 0/1 flags become booleans and
 * null optionals become undefined, so the rest of the app sees one clean shape.
 *
 * The client parses answers with every JSON number kept as its literal text (see raw-json.ts), so
 * amounts, integers and flags arrive here as strings such as "9.99999999999999999", "1e1" or "1"
 * and are read from that text. JS numbers are still accepted for callers that build data by hand.
 */
import * as v from 'valibot';
import { isDecimalString, normalizeDecimal } from '@/money/decimal';

// ---------------------------------------------------------------------------------------------
// Scalars

const EXPONENT_RE = /^(-?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i;
// Far beyond any real amount; stops "1e999999" from building a megabyte string. The one amount
// text refused although it is a well-formed number.
const MAX_EXPONENT = 400;
/** A double holds any decimal of up to 15 significant digits exactly. */
const FLOAT_EXACT_DIGITS = 15;

/** "1.5e-7" → "0.00000015" by moving the point in the digit string (no float arithmetic). */
function expandExponent(text: string): string | undefined {
  const match = EXPONENT_RE.exec(text);
  if (!match) return undefined;
  const [, sign, intPart, fracPart = '', expText] = match;
  const exponent = Number(expText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + plain;
}

/**
 * A decimal text (plain or with an exponent, as JSON writes numbers) or a JS number as a canonical
 * decimal string, or undefined when it is not one. Text is read exactly, digit for digit: this is
 * how every MixPay amount arrives. A JS number is only taken when its shortest text has at most 15
 * significant digits: beyond that it may already be a rounded float (0.1 + 0.2, or a literal that
 * `JSON.parse` rounded), which no text can undo.
 */
export function toDecimalString(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    const significant = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
    if (significant.length > FLOAT_EXACT_DIGITS) return undefined;
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const plain = isDecimalString(text) ? text : expandExponent(text);
  return plain !== undefined && isDecimalString(plain) ? normalizeDecimal(plain) : undefined;
}

/** A safe integer from a JS integer or a numeric text whose value is whole ("7", "7.0", "1e3"). */
function toSafeInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const decimal = toDecimalString(value);
  if (decimal === undefined || !/^-?\d+$/.test(decimal)) return undefined;
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Amount: decimal text (or a JS number) in, canonical decimal string out. */
export const DecimalSchema = v.pipe(
  v.union([v.string(), v.number()]),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const decimal = toDecimalString(dataset.value);
    if (decimal === undefined) {
      // eslint-disable-next-line lingui/no-unlocalized-strings -- goes into a MixPayError's message (logs), never on screen
      addIssue({ message: `Expected a decimal amount, got ${JSON.stringify(dataset.value)}` });
      return NEVER;
    }
    return decimal;
  }),
);

/** Whole number sent as a number or a numeric string (timestamps, counts, codes). */
export const IntegerSchema = v.pipe(
  v.union([v.number(), v.string()]),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const n = toSafeInteger(dataset.value);
    if (n === undefined) {
      // eslint-disable-next-line lingui/no-unlocalized-strings -- goes into a MixPayError's message (logs), never on screen
      addIssue({ message: `Expected an integer, got ${JSON.stringify(dataset.value)}` });
      return NEVER;
    }
    return n;
  }),
);

const TRUE_FLAGS: ReadonlySet<unknown> = new Set([true, 1, '1', 'true']);
const FALSE_FLAGS: ReadonlySet<unknown> = new Set([false, 0, '0', 'false']);

/** MixPay mixes true/false, 1/0 and "1"/"0" for the same flag. */
export const FlagSchema = v.pipe(
  v.union([v.boolean(), v.number(), v.string()]),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const raw = dataset.value;
    // A number literal arrives as its text: "1", but also "1.0" or "0e0".
    const value = typeof raw === 'string' ? (toDecimalString(raw) ?? raw) : raw;
    if (TRUE_FLAGS.has(value)) return true;
    if (FALSE_FLAGS.has(value)) return false;
    // eslint-disable-next-line lingui/no-unlocalized-strings -- goes into a MixPayError's message (logs), never on screen
    addIssue({ message: `Expected a 0/1 flag, got ${JSON.stringify(dataset.value)}` });
    return NEVER;
  }),
);

/** Identifier-like text that is sometimes sent as a number (e.g. a Mixin number). */
const TextSchema = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform((x) => String(x)),
);

/** Optional field that may also arrive as null (and, with `emptyIsMissing`, as ""). */
function opt<TSchema extends v.GenericSchema>(schema: TSchema, emptyIsMissing = false) {
  return v.optional(
    v.pipe(
      v.unknown(),
      v.transform((x) => (x === null || (emptyIsMissing && x === '') ? undefined : x)),
      v.optional(schema),
    ),
  );
}

/** Optional nested object: PHP backends encode an empty one as [], so that counts as missing too. */
function optObject<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.optional(
    v.pipe(
      v.unknown(),
      v.transform((x) => (x === null || x === '' || (Array.isArray(x) && x.length === 0) ? undefined : x)),
      v.optional(schema),
    ),
  );
}

/** Required text where MixPay sends "" for "none" and might send null: both become "". */
const TextOrEmpty = v.pipe(
  v.optional(v.nullable(v.string())),
  v.transform((x) => x ?? ''),
);

// ---------------------------------------------------------------------------------------------
// Envelope

export const EnvelopeSchema = v.object({
  code: IntegerSchema,
  success: opt(FlagSchema),
  message: opt(v.string()),
  data: v.optional(v.unknown()),
  timestampMs: opt(IntegerSchema, true),
});
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;

// ---------------------------------------------------------------------------------------------
// Assets

const ChainAssetSchema = v.object({
  id: v.string(),
  symbol: v.string(),
  name: opt(v.string()),
  iconUrl: opt(v.string()),
});
export type ChainAsset = v.InferOutput<typeof ChainAssetSchema>;

// Decoration only: a malformed one is dropped rather than failing the whole asset list.
const OptionalChainAsset = v.fallback(optObject(ChainAssetSchema), undefined);

export const QuoteAssetSchema = v.object({
  assetId: v.string(),
  symbol: v.string(),
  iconUrl: opt(v.string()),
  decimalDigit: IntegerSchema,
  minQuoteAmount: DecimalSchema,
  maxQuoteAmount: DecimalSchema,
  isAsset: FlagSchema,
  chainAsset: OptionalChainAsset,
});
export type QuoteAsset = v.InferOutput<typeof QuoteAssetSchema>;

export const SettlementAssetSchema = v.object({
  assetId: v.string(),
  symbol: v.string(),
  name: v.string(),
  network: v.string(),
  iconUrl: opt(v.string()),
  isAsset: FlagSchema,
  isAvailable: opt(FlagSchema, true),
  chainAsset: OptionalChainAsset,
});
export type SettlementAsset = v.InferOutput<typeof SettlementAssetSchema>;

export const PaymentAssetSchema = v.object({
  assetId: v.string(),
  symbol: v.string(),
  name: v.string(),
  network: v.string(),
  iconUrl: opt(v.string()),
  onChainSupported: FlagSchema,
  minPaymentAmount: DecimalSchema,
  /** "0" means this asset cannot pay the requested amount. */
  maxPaymentAmount: DecimalSchema,
  chainAsset: OptionalChainAsset,
});
export type PaymentAsset = v.InferOutput<typeof PaymentAssetSchema>;

export const QuoteAssetListSchema = v.array(QuoteAssetSchema);
export const SettlementAssetListSchema = v.array(SettlementAssetSchema);
export const PaymentAssetListSchema = v.array(PaymentAssetSchema);

// ---------------------------------------------------------------------------------------------
// Payees and payments

export const MixinUuidSchema = v.object({ payeeId: v.string() });
export type MixinUuid = v.InferOutput<typeof MixinUuidSchema>;

export const OneTimePaymentSchema = v.object({ code: v.string() });
export type OneTimePayment = v.InferOutput<typeof OneTimePaymentSchema>;

/** Answer of POST /payments (Mixin wallet or on-chain), /payments/refresh and GET /payments_info. */
export const PaymentSchema = v.object({
  isChain: FlagSchema,
  /** Unix seconds when the price-tolerance window closes. */
  expire: IntegerSchema,
  seconds: IntegerSchema,
  payeeId: v.string(),
  traceId: v.string(),
  clientId: opt(v.string(), true),
  orderId: opt(v.string(), true),
  paymentAssetId: v.string(),
  paymentAssetSymbol: opt(v.string()),
  paymentAmount: DecimalSchema,
  settlementAssetId: v.string(),
  settlementAssetSymbol: opt(v.string()),
  estimatedSettlementAmount: opt(DecimalSchema, true),
  quoteAssetId: v.string(),
  quoteAssetSymbol: opt(v.string()),
  quoteAmount: DecimalSchema,
  memo: TextOrEmpty,
  /** Mixin wallet payments: who the payer's Messenger transfers to. */
  recipient: TextOrEmpty,
  /** On-chain payments: the address to pay (and `tag` for memo chains). */
  destination: TextOrEmpty,
  tag: TextOrEmpty,
});
export type Payment = v.InferOutput<typeof PaymentSchema>;

/**
 * Statuses MixPay documents for payments_result: the set of payments created since 2026-08-13
 * (unpaid, confirming, paid_less, pending, auditing, success, failed) includes the older one.
 * Only `success` and `failed` are final. MixPay may add statuses: the schema takes any string.
 */
export const KNOWN_PAYMENT_STATUSES = [
  'unpaid',
  'confirming',
  'paid_less',
  'pending',
  'auditing',
  'success',
  'failed',
] as const;
/** Same list under its older name. */
export const PAYMENT_STATUSES = KNOWN_PAYMENT_STATUSES;
export type KnownPaymentStatus = (typeof KNOWN_PAYMENT_STATUSES)[number];
/**
 * A known status or any other string MixPay sends. An unknown one is neither success nor a fault:
 * the payment is still open (show it neutrally and keep polling).
 */
export type PaymentStatus = KnownPaymentStatus | (string & Record<never, never>);

const KNOWN_STATUS_SET: ReadonlySet<string> = new Set(KNOWN_PAYMENT_STATUSES);

export function isKnownPaymentStatus(status: string): status is KnownPaymentStatus {
  return KNOWN_STATUS_SET.has(status);
}

/** Only these two never change again. */
export function isFinalPaymentStatus(status: string): status is 'success' | 'failed' {
  return status === 'success' || status === 'failed';
}

const PaymentStatusSchema = v.pipe(
  v.string(),
  v.transform((status): PaymentStatus => status),
);

/** `with=payment`: how far a payment made in several transfers has got. */
const PaymentSummarySchema = v.object({
  isMultiPay: opt(FlagSchema, true),
  isFullyPaid: FlagSchema,
  totalTransactionsAmount: DecimalSchema,
  paymentAmount: opt(DecimalSchema, true),
});
export type PaymentSummary = v.InferOutput<typeof PaymentSummarySchema>;

/** One transfer of `with=transactions`. MixPay documents `paymentAmount`; `amount` is read too. */
export interface PaymentTransaction {
  paymentAmount: string;
  paymentAssetId?: string;
  paymentAssetSymbol?: string;
  paymentAssetVersion?: string;
  requiredConfirms?: number;
  confirmations?: number;
  txid?: string;
  blockExplorerUrl?: string;
  /** ISO 8601 text, as MixPay sends it. */
  broadcastAt?: string;
  confirmSeconds?: number;
}

const TransactionSchema = v.pipe(
  v.object({
    paymentAmount: opt(DecimalSchema, true),
    amount: opt(DecimalSchema, true),
    paymentAssetId: opt(v.string(), true),
    paymentAssetSymbol: opt(v.string(), true),
    paymentAssetVersion: opt(TextSchema, true),
    requiredConfirms: opt(IntegerSchema, true),
    confirmations: opt(IntegerSchema, true),
    txid: opt(v.string()),
    blockExplorerUrl: opt(v.string()),
    broadcastAt: opt(TextSchema, true),
    confirmSeconds: opt(IntegerSchema, true),
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }): PaymentTransaction => {
    const { paymentAmount, amount, ...rest } = dataset.value;
    const value = paymentAmount ?? amount;
    if (value === undefined) {
      // eslint-disable-next-line lingui/no-unlocalized-strings -- goes into a MixPayError's message (logs), never on screen
      addIssue({ message: 'Expected a transaction paymentAmount' });
      return NEVER;
    }
    const out: PaymentTransaction = { paymentAmount: value };
    for (const [key, field] of Object.entries(rest)) {
      if (field !== undefined) Object.assign(out, { [key]: field });
    }
    return out;
  }),
);

// Nothing in the app relies on the transfer list (the `payment` summary carries the totals), so
// a list MixPay sends in a shape this app cannot read is dropped instead of failing the result.
const OptionalTransactions = v.fallback(opt(v.array(TransactionSchema), true), undefined);

/** Answer of GET /payments_result. */
export const PaymentResultSchema = v.object({
  status: PaymentStatusSchema,
  quoteAmount: DecimalSchema,
  quoteSymbol: opt(v.string()),
  quoteAssetId: v.string(),
  quoteAssetVersion: opt(TextSchema, true),
  /** What has been paid, in the payment asset; undefined until the payer has chosen one. */
  paymentAmount: opt(DecimalSchema, true),
  paymentSymbol: opt(v.string(), true),
  paymentAssetId: opt(v.string(), true),
  paymentAssetVersion: opt(TextSchema, true),
  /** What the payer must pay in the payment asset; undefined until the payer has chosen one. */
  payableAmount: opt(DecimalSchema, true),
  payableSymbol: opt(v.string(), true),
  payableAssetId: opt(v.string(), true),
  payableAssetVersion: opt(TextSchema, true),
  payeeId: v.string(),
  payee: opt(TextSchema),
  payeeMixinNumber: opt(TextSchema),
  txid: opt(v.string()),
  blockExplorerUrl: opt(v.string()),
  /** -1 unless waiting for confirmations. */
  confirmations: opt(IntegerSchema, true),
  surplusAmount: opt(DecimalSchema, true),
  surplusStatus: opt(TextSchema),
  /** MixPay sends "0" for none. */
  failureCode: opt(IntegerSchema, true),
  failureReason: opt(v.string()),
  /** Unix seconds. */
  date: opt(IntegerSchema, true),
  /**
   * Unix seconds: the order's fixed payment deadline (refreshing a quote does not extend it).
   * Reaching it does not mean the order failed: keep polling until success or failed.
   */
  expiredAt: opt(IntegerSchema, true),
  traceId: opt(v.string(), true),
  returnTo: opt(v.string(), true),
  settleStatus: opt(TextSchema),
  settleAmount: opt(DecimalSchema, true),
  settleSymbol: opt(v.string()),
  settleAsset: opt(TextSchema),
  settleAssetVersion: opt(TextSchema, true),
  payment: optObject(PaymentSummarySchema),
  transactions: OptionalTransactions,
});
export type PaymentResult = v.InferOutput<typeof PaymentResultSchema>;

export const PaymentsEstimatedSchema = v.object({
  price: DecimalSchema,
  paymentAmount: DecimalSchema,
  estimatedSettlementAmount: DecimalSchema,
});
export type PaymentsEstimated = v.InferOutput<typeof PaymentsEstimatedSchema>;
