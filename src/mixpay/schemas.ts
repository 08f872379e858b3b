/**
 * Valibot schemas for MixPay answers. Everything from the network goes through these: unknown fields
 * are stripped, amounts become plain decimal strings (never floats), 0/1 flags become booleans and
 * null optionals become undefined, so the rest of the app sees one clean shape.
 */
import * as v from 'valibot';
import { isDecimalString, normalizeDecimal } from '@/money/decimal';

// ---------------------------------------------------------------------------------------------
// Scalars

const EXPONENT_RE = /^(-?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i;
// Far beyond any real amount; stops "1e999999" from building a megabyte string.
const MAX_EXPONENT = 400;

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

/** A JSON string or number as a canonical decimal string, or undefined when it is not one. */
export function toDecimalString(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // String(n) is the shortest text that round-trips, i.e. what the JSON most likely said. A
    // double holds any decimal of up to 15 significant digits exactly; beyond that JSON.parse may
    // already have rounded (9.99999999999999999 arrives as 10), so such a number is refused.
    text = String(value);
    if (text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').length > 15)
      return undefined;
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const plain = isDecimalString(text) ? text : expandExponent(text);
  return plain !== undefined && isDecimalString(plain) ? normalizeDecimal(plain) : undefined;
}

/** Amount: string or number in, canonical decimal string out. */
export const DecimalSchema = v.pipe(
  v.union([v.string(), v.number()]),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const decimal = toDecimalString(dataset.value);
    if (decimal === undefined) {
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
    const raw = dataset.value;
    const n = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) {
      addIssue({ message: `Expected an integer, got ${JSON.stringify(raw)}` });
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
    if (TRUE_FLAGS.has(dataset.value)) return true;
    if (FALSE_FLAGS.has(dataset.value)) return false;
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

export const PAYMENT_STATUSES = ['unpaid', 'pending', 'auditing', 'failed', 'success'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const PaymentSummarySchema = v.object({
  isFullyPaid: FlagSchema,
  totalTransactionsAmount: DecimalSchema,
  paymentAmount: opt(DecimalSchema, true),
});

const TransactionSchema = v.object({
  amount: DecimalSchema,
  txid: opt(v.string()),
  confirmations: opt(IntegerSchema, true),
  requiredConfirms: opt(IntegerSchema, true),
});

/** Answer of GET /payments_result. */
export const PaymentResultSchema = v.object({
  status: v.picklist(PAYMENT_STATUSES),
  quoteAmount: DecimalSchema,
  quoteSymbol: opt(v.string()),
  quoteAssetId: v.string(),
  paymentAmount: opt(DecimalSchema, true),
  paymentSymbol: opt(v.string()),
  paymentAssetId: opt(v.string()),
  payeeId: v.string(),
  payee: opt(TextSchema),
  payeeMixinNumber: opt(TextSchema),
  txid: opt(v.string()),
  blockExplorerUrl: opt(v.string()),
  /** > -1 only while pending. */
  confirmations: opt(IntegerSchema, true),
  payableAmount: opt(DecimalSchema, true),
  surplusAmount: opt(DecimalSchema, true),
  surplusStatus: opt(TextSchema),
  failureCode: opt(IntegerSchema, true),
  failureReason: opt(v.string()),
  /** Unix seconds. */
  date: opt(IntegerSchema, true),
  traceId: opt(v.string(), true),
  settleStatus: opt(TextSchema),
  settleAmount: opt(DecimalSchema, true),
  settleSymbol: opt(v.string()),
  settleAsset: opt(TextSchema),
  payment: optObject(PaymentSummarySchema),
  transactions: opt(v.array(TransactionSchema)),
});
export type PaymentResult = v.InferOutput<typeof PaymentResultSchema>;

export const PaymentsEstimatedSchema = v.object({
  price: DecimalSchema,
  paymentAmount: DecimalSchema,
  estimatedSettlementAmount: DecimalSchema,
});
export type PaymentsEstimated = v.InferOutput<typeof PaymentsEstimatedSchema>;
