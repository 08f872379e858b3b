/**
 * The payment model. A payment stores only facts (parameters, the payer's chosen channel, wallet
 * quote, transfers, failure, holds the control API placed); its status is derived on every read
 * from the sandbox clock, so confirmations rise, processing ends and deadlines pass without timers.
 *
 * Lifecycle (MixPay since 2026-08-13): unpaid → confirming (transfers seen, waiting for
 * confirmations) → paid_less (confirmed, below payableAmount; top-ups on the same trace) or
 * pending (fully paid and confirmed, MixPay still processing) → success. auditing is a review
 * hold; failed carries a failureCode. Only success and failed are final. A trace switched to the
 * legacy status set (before 2026-08-13) shows confirming and paid_less as `pending`.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  addDecimal,
  compareDecimal,
  fractionDigits,
  normalizeDecimal,
  subtractDecimal,
  toFixedDecimal,
} from './decimal.ts';
import {
  assetVersionOf,
  findCryptoAsset,
  findQuoteAsset,
  paymentAmountFor,
  settlementAmountFor,
  type CryptoAsset,
  type QuoteAsset,
} from './assets.ts';
import { MIXPAY_RECIPIENT, payeeById } from './payees.ts';
import type { CreationParams } from './validation.ts';

export type PaymentSource = 'paylink' | 'one-time' | 'wallet';

/** The statuses of the current lifecycle, as derived from a payment's facts. */
export type LifecycleStatus =
  'unpaid' | 'confirming' | 'paid_less' | 'pending' | 'auditing' | 'failed' | 'success';
export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = [
  'unpaid',
  'confirming',
  'paid_less',
  'pending',
  'auditing',
  'failed',
  'success',
];
/** The status set before 2026-08-13 (still used by older payments). */
export const LEGACY_STATUSES: readonly string[] = ['unpaid', 'pending', 'auditing', 'failed', 'success'];
export const FINAL_STATUSES: readonly LifecycleStatus[] = ['success', 'failed'];

export const FAILURE_REASONS: Record<string, string> = {
  '40000': 'Payment overtime',
  '40001': 'Receipt address is invalid. Maybe repeat transfer or timeout.',
  '40020': 'Wrong asset paid',
  '40021': 'Double payment',
  '40022': 'TraceID does not exist',
  '40024': 'Wrong amount paid',
  '40025': 'Too much market volatility',
  '40027': 'Settlement asset restricted',
  '40032': 'Payment cancelled',
  '10095': 'Rejected in review',
};

export const ON_CHAIN_WINDOW_SECONDS = 600;

/** The deadline of a payment created without expiredTimestamp: 30 minutes after creation. */
export const DEFAULT_EXPIRY_SECONDS = 1800;

/** What the sandbox's configuration contributes to deriving a status. */
export interface LifecycleConfig {
  /** One confirmation per this many ms for auto-confirming transfers; 0 = confirmed at once. */
  confirmationIntervalMs: number;
  /** How long a payment that needed confirmations stays `pending` (processing) once confirmed. */
  processingMs: number;
  /** The deadline of a payment created without expiredTimestamp: creation + this. */
  defaultExpirySeconds: number;
}

export interface WalletSession {
  isChain: boolean;
  paymentAssetId: string;
  clientId: string;
  windowSeconds: number;
  firstQuotedAtMs: number;
  windowStartMs: number;
  /** Price drift in 0.1 % steps: one step per price window elapsed since the first quote. */
  driftPermille: number;
  paymentAmount: string;
  /** The caller fixed paymentAmount itself, so renewals keep it. */
  fixedAmount: boolean;
  memo: string;
  recipient: string;
  destination: string;
  tag: string;
}

export type Wallet = 'mixin' | 'wallet' | 'on-chain';
export const WALLETS: readonly Wallet[] = ['mixin', 'wallet', 'on-chain'];

/** How the payer chose to pay on the checkout page. */
export interface Channel {
  paymentAssetId: string;
  wallet: Wallet;
  atMs: number;
}

export interface Transfer {
  atMs: number;
  assetId: string;
  amount: string;
  requiredConfirms: number;
  txid: string;
  /** Confirmations accrue with the clock; otherwise only through `confirm`. */
  autoConfirm: boolean;
  /** Confirmations counted at `baseAtMs` (a manual confirm materialises the count here). */
  baseConfirms: number;
  baseAtMs: number;
  /** When a manual confirm completed it. */
  confirmedAtMs: number | null;
}

export interface Failure {
  code: string;
  reason: string;
  atMs: number;
  /** Set when the failure is "wrong asset": the asset the payer actually sent. */
  paymentAssetId: string | null;
}

/** MixPay holding a fully paid payment: processing (`pending`) or review (`auditing`). */
export interface Hold {
  status: 'pending' | 'auditing';
  /** null = until released. */
  untilMs: number | null;
}

/** A status shown verbatim until released, whatever the facts say (e.g. "refunding"). */
export interface Pin {
  status: string;
  confirmations: number;
}

export interface Payment {
  traceId: string;
  source: PaymentSource;
  code: string | null;
  params: CreationParams;
  createdAtMs: number;
  /** When a payer first opened the checkout page. */
  openedAtMs: number | null;
  /** The payer's choice on the checkout page; until then the channel fields read "". */
  channel: Channel | null;
  session: WalletSession | null;
  transfers: Transfer[];
  /** Quote amount the payer covered by paying "exactly" (an edited paylink pays its edited amount). */
  paidQuoteAmount: string | null;
  failure: Failure | null;
  hold: Hold | null;
  pin: Pin | null;
  /** Answers use the status set from before 2026-08-13. */
  legacy: boolean;
  /** Overrides the configured processing time of this payment. */
  processingMs: number | null;
}

export function newPayment(
  params: CreationParams,
  source: PaymentSource,
  nowMs: number,
  traceId: string = params.traceId ?? randomUUID(),
  legacy = false,
): Payment {
  return {
    traceId,
    source,
    code: null,
    params: { ...params, traceId },
    createdAtMs: nowMs,
    openedAtMs: null,
    channel: null,
    session: null,
    transfers: [],
    paidQuoteAmount: null,
    failure: null,
    hold: null,
    pin: null,
    legacy,
    processingMs: null,
  };
}

export function quoteOf(p: Payment): QuoteAsset {
  const quote = findQuoteAsset(p.params.quoteAssetId);
  if (!quote) throw new Error(`Unknown quote asset ${p.params.quoteAssetId}`);
  return quote;
}

export function cryptoOf(id: string): CryptoAsset {
  const asset = findCryptoAsset(id);
  if (!asset) throw new Error(`Unknown asset ${id}`);
  return asset;
}

/**
 * The asset the payer is expected to send: the one already sent, else the payer's choice on the
 * checkout page, else the wallet quote's, else the requested one, else the settlement asset.
 */
export function expectedPaymentAsset(p: Payment): CryptoAsset {
  return cryptoOf(
    p.transfers[0]?.assetId ??
      p.channel?.paymentAssetId ??
      p.session?.paymentAssetId ??
      p.params.paymentAssetId ??
      p.params.settlementAssetId,
  );
}

/** Whether the payer has picked how to pay (or paid, or the app made a wallet quote). */
export function hasChannel(p: Payment): boolean {
  return (
    p.channel !== null || p.session !== null || p.transfers.length > 0 || p.failure?.paymentAssetId != null
  );
}

export function isOnChain(p: Payment): boolean {
  return p.channel ? p.channel.wallet === 'on-chain' : (p.session?.isChain ?? false);
}

/** The quote amount the order stands for now (an edited paylink's paid amount counts). */
export function effectiveQuoteAmount(p: Payment): string {
  return p.paidQuoteAmount ?? p.params.quoteAmount;
}

/** What the payer must send in the expected asset (payableAmount). */
export function expectedPaymentAmount(p: Payment): string {
  const asset = expectedPaymentAsset(p);
  const quoteAmount = effectiveQuoteAmount(p);
  if (
    p.session &&
    p.session.paymentAssetId === asset.id &&
    compareDecimal(quoteAmount, p.params.quoteAmount) === 0
  ) {
    return p.session.paymentAmount;
  }
  return paymentAmountFor(quoteAmount, quoteOf(p), asset);
}

/** The order's fixed deadline in unix seconds (expiredTimestamp, else creation + the default window). */
export function expiredAtOf(p: Payment, cfg: LifecycleConfig): number {
  return p.params.expiredTimestamp ?? Math.floor(p.createdAtMs / 1000) + cfg.defaultExpirySeconds;
}

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('|')).digest();
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function pick(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length];
  return out;
}

/** A realistic-looking deposit address for the asset's network, stable per trace. */
export function depositAddress(asset: CryptoAsset, traceId: string): string {
  const bytes = digest('address', traceId, asset.id);
  switch (asset.addressFormat) {
    case 'bitcoin':
      return `bc1q${pick(bytes, BECH32, 38)}`;
    case 'ethereum':
      return `0x${bytes.subarray(0, 20).toString('hex')}`;
    case 'tron':
      return `T${pick(bytes, BASE58, 33)}`;
    case 'none':
      return '';
  }
}

export function makeTxid(asset: CryptoAsset, onChain: boolean, ...seed: string[]): string {
  const hex = digest('tx', ...seed).toString('hex');
  return onChain && asset.addressFormat === 'ethereum' ? `0x${hex}` : hex;
}

function explorerUrl(asset: CryptoAsset, onChain: boolean, txid: string): string {
  if (!txid) return '';
  if (!onChain) return `https://viewblock.io/mixin/tx/${txid}`;
  switch (asset.addressFormat) {
    case 'bitcoin':
      return `https://blockstream.info/tx/${txid}`;
    case 'ethereum':
      return `https://etherscan.io/tx/${txid}`;
    case 'tron':
      return `https://tronscan.org/#/transaction/${txid}`;
    case 'none':
      return `https://viewblock.io/mixin/tx/${txid}`;
  }
}

function memoFor(traceId: string, drift: number): string {
  return Buffer.from(JSON.stringify({ t: traceId, w: drift, s: 'mixpay-sandbox' })).toString('base64');
}

export interface SessionRequest {
  isChain: boolean;
  paymentAsset: CryptoAsset;
  clientId: string | null;
  fixedAmount: string | null;
}

function priceSession(p: Payment, s: WalletSession, nowMs: number): void {
  const windowMs = Math.max(1, s.windowSeconds * 1000);
  s.driftPermille = Math.floor((nowMs - s.firstQuotedAtMs) / windowMs);
  s.windowStartMs = nowMs;
  if (!s.fixedAmount) {
    s.paymentAmount = paymentAmountFor(
      p.params.quoteAmount,
      quoteOf(p),
      cryptoOf(s.paymentAssetId),
      s.driftPermille,
    );
  }
  if (!s.isChain) s.memo = memoFor(p.traceId, s.driftPermille);
}

/**
 * Returns the wallet quote for a `POST /payments`: the same quote while its window is open,
 * a re-priced one after it (repeating the request is how MixPay renews a window).
 */
export function quoteSession(
  p: Payment,
  req: SessionRequest,
  nowMs: number,
  priceWindowSeconds: number,
): WalletSession {
  const existing = p.session;
  if (
    existing &&
    existing.isChain === req.isChain &&
    existing.paymentAssetId === req.paymentAsset.id &&
    existing.fixedAmount === (req.fixedAmount !== null) &&
    (req.fixedAmount === null || compareDecimal(req.fixedAmount, existing.paymentAmount) === 0)
  ) {
    if (req.clientId) existing.clientId = req.clientId;
    if (nowMs >= existing.windowStartMs + existing.windowSeconds * 1000) priceSession(p, existing, nowMs);
    return existing;
  }
  const session: WalletSession = {
    isChain: req.isChain,
    paymentAssetId: req.paymentAsset.id,
    clientId: req.clientId ?? randomUUID(),
    windowSeconds: req.isChain ? ON_CHAIN_WINDOW_SECONDS : priceWindowSeconds,
    firstQuotedAtMs: nowMs,
    windowStartMs: nowMs,
    driftPermille: 0,
    paymentAmount: req.fixedAmount ?? '0',
    fixedAmount: req.fixedAmount !== null,
    memo: '',
    recipient: req.isChain ? '' : MIXPAY_RECIPIENT,
    destination: req.isChain ? depositAddress(req.paymentAsset, p.traceId) : '',
    tag: '',
  };
  priceSession(p, session, nowMs);
  p.session = session;
  // The newest choice of asset wins: a wallet quote replaces a choice made on the checkout page.
  p.channel = null;
  return session;
}

/** `POST /payments/refresh`: a new window starting now, re-priced. */
export function refreshSession(p: Payment, s: WalletSession, nowMs: number): void {
  priceSession(p, s, nowMs);
}

export function sessionView(p: Payment, s: WalletSession, nowMs: number): Record<string, unknown> {
  const quote = quoteOf(p);
  const settlement = cryptoOf(p.params.settlementAssetId);
  const payment = cryptoOf(s.paymentAssetId);
  const endMs = s.windowStartMs + s.windowSeconds * 1000;
  return {
    isChain: s.isChain,
    expire: Math.floor(endMs / 1000),
    seconds: Math.max(0, Math.ceil((endMs - nowMs) / 1000)),
    payeeId: p.params.payeeId,
    traceId: p.traceId,
    clientId: s.clientId,
    orderId: p.params.orderId ?? '',
    paymentAssetId: payment.id,
    paymentAssetSymbol: payment.symbol,
    paymentAmount: s.paymentAmount,
    settlementAssetId: settlement.id,
    settlementAssetSymbol: settlement.symbol,
    estimatedSettlementAmount: settlementAmountFor(p.params.quoteAmount, quote, settlement),
    quoteAssetId: quote.id,
    quoteAssetSymbol: quote.symbol,
    quoteAmount: p.params.quoteAmount,
    memo: s.memo,
    recipient: s.recipient,
    destination: s.destination,
    tag: s.tag,
  };
}

export interface TransferView {
  amount: string;
  assetId: string;
  txid: string;
  atMs: number;
  confirmations: number;
  requiredConfirms: number;
  /** When it reached requiredConfirms (null while it has not, or may never without a manual confirm). */
  confirmedAtMs: number | null;
}

export interface Evaluation {
  /** What answers show: the lifecycle status, mapped to the legacy set or replaced by a pin. */
  status: string;
  /** The current-lifecycle status the facts give (before legacy mapping and pins). */
  lifecycle: LifecycleStatus;
  /** -1 unless waiting for confirmations. */
  confirmations: number;
  failureCode: string;
  failureReason: string;
  failedAtMs: number | null;
  /** Every recognised transfer, confirmed or not. */
  totalPaid: string;
  confirmedPaid: string;
  expectedAmount: string;
  /** max(expectedAmount − totalPaid, 0). */
  remaining: string;
  fullyPaid: boolean;
  transfers: TransferView[];
  lastTransferAtMs: number | null;
  /** The order's deadline, unix seconds. */
  expiredAt: number;
  /** When processing ends (success) for a fully paid, confirmed payment; null otherwise. */
  successAtMs: number | null;
}

/** Confirmations of a transfer at `nowMs`. */
export function confirmationsOf(t: Transfer, nowMs: number, intervalMs: number): number {
  let count = t.baseConfirms;
  if (t.autoConfirm) {
    if (intervalMs <= 0) count = t.requiredConfirms;
    else count += Math.max(0, Math.floor((nowMs - t.baseAtMs) / intervalMs));
  }
  return Math.min(t.requiredConfirms, count);
}

/** When the transfer is (or will be) fully confirmed; null if only a manual confirm can do it. */
export function confirmedAtOf(t: Transfer, intervalMs: number): number | null {
  if (t.confirmedAtMs !== null) return t.confirmedAtMs;
  if (t.baseConfirms >= t.requiredConfirms) return t.baseAtMs;
  if (!t.autoConfirm) return null;
  if (intervalMs <= 0) return t.baseAtMs;
  return t.baseAtMs + (t.requiredConfirms - t.baseConfirms) * intervalMs;
}

/** Adds `count` confirmations (default: all that are missing) to a transfer, from now on. */
export function confirmTransfer(t: Transfer, nowMs: number, intervalMs: number, count?: number): void {
  const current = confirmationsOf(t, nowMs, intervalMs);
  if (current >= t.requiredConfirms) return;
  const next = count === undefined ? t.requiredConfirms : Math.min(t.requiredConfirms, current + count);
  t.baseConfirms = next;
  t.baseAtMs = nowMs;
  if (next >= t.requiredConfirms) t.confirmedAtMs = nowMs;
}

function sum(amounts: string[]): string {
  return amounts.reduce((total, a) => addDecimal(total, a), '0');
}

function processingOf(p: Payment, cfg: LifecycleConfig): number {
  if (p.processingMs !== null) return p.processingMs;
  // Instant (Mixin) transfers settle at once; chain payments spend a moment in processing.
  return p.transfers.some((t) => t.requiredConfirms > 0) ? cfg.processingMs : 0;
}

export function isHoldActive(p: Payment, nowMs: number): boolean {
  return p.hold !== null && (p.hold.untilMs === null || nowMs < p.hold.untilMs);
}

/** The legacy (before 2026-08-13) status for a lifecycle status. */
export function legacyStatus(status: LifecycleStatus): string {
  return status === 'confirming' || status === 'paid_less' ? 'pending' : status;
}

export function evaluate(p: Payment, nowMs: number, cfg: LifecycleConfig): Evaluation {
  const interval = cfg.confirmationIntervalMs;
  const transfers: TransferView[] = p.transfers.map((t) => {
    const confirmedAt = confirmedAtOf(t, interval);
    return {
      amount: t.amount,
      assetId: t.assetId,
      txid: t.txid,
      atMs: t.atMs,
      confirmations: confirmationsOf(t, nowMs, interval),
      requiredConfirms: t.requiredConfirms,
      confirmedAtMs: confirmedAt !== null && confirmedAt <= nowMs ? confirmedAt : null,
    };
  });
  const expectedAmount = expectedPaymentAmount(p);
  const totalPaid = normalizeDecimal(sum(transfers.map((t) => t.amount)));
  const confirmedPaid = normalizeDecimal(
    sum(transfers.filter((t) => t.confirmedAtMs !== null).map((t) => t.amount)),
  );
  const coversDue = (amount: string) => compareDecimal(amount, expectedAmount) >= 0;
  const fullyPaid = transfers.length > 0 && (p.paidQuoteAmount !== null || coversDue(totalPaid));
  const remaining = fullyPaid ? '0' : normalizeDecimal(subtractDecimal(expectedAmount, totalPaid));
  const expiredAt = expiredAtOf(p, cfg);
  const deadlineMs = expiredAt * 1000;

  let lifecycle: LifecycleStatus;
  let confirmations = -1;
  let failure: { code: string; reason: string; atMs: number } | null = null;
  let successAtMs: number | null = null;

  const beforeDeadline = transfers.filter((t) => t.atMs < deadlineMs);
  const recognisedByDeadline =
    beforeDeadline.length > 0 &&
    (p.paidQuoteAmount !== null || coversDue(sum(beforeDeadline.map((t) => t.amount))));
  const unconfirmed = transfers.filter((t) => t.confirmedAtMs === null);

  if (p.failure) {
    lifecycle = 'failed';
    failure = p.failure;
  } else if (p.hold && isHoldActive(p, nowMs)) {
    lifecycle = p.hold.status;
  } else if (nowMs >= deadlineMs && !recognisedByDeadline) {
    // Nothing recognised by the deadline: overtime; too little: wrong amount. A payment fully
    // recognised in time goes on confirming past the deadline.
    const code = beforeDeadline.length === 0 ? '40000' : '40024';
    lifecycle = 'failed';
    failure = { code, reason: FAILURE_REASONS[code] ?? 'Payment failed', atMs: deadlineMs };
  } else if (transfers.length === 0) {
    lifecycle = 'unpaid';
  } else if (unconfirmed.length > 0) {
    lifecycle = 'confirming';
    confirmations = Math.min(...unconfirmed.map((t) => t.confirmations));
  } else if (!fullyPaid) {
    lifecycle = 'paid_less';
  } else {
    const confirmedAt = Math.max(...transfers.map((t) => t.confirmedAtMs ?? t.atMs));
    successAtMs = confirmedAt + processingOf(p, cfg);
    lifecycle = nowMs < successAtMs ? 'pending' : 'success';
  }

  let status: string = p.legacy ? legacyStatus(lifecycle) : lifecycle;
  if (p.pin) {
    status = p.pin.status;
    confirmations = p.pin.confirmations;
  }
  return {
    status,
    lifecycle,
    confirmations,
    failureCode: failure?.code ?? '0',
    failureReason: failure?.reason ?? '',
    failedAtMs: failure?.atMs ?? null,
    totalPaid,
    confirmedPaid,
    expectedAmount,
    remaining: compareDecimal(remaining, '0') > 0 ? remaining : '0',
    fullyPaid,
    transfers,
    lastTransferAtMs: p.transfers.at(-1)?.atMs ?? null,
    expiredAt,
    successAtMs,
  };
}

function formatQuote(amount: string, quote: QuoteAsset): string {
  const normalized = normalizeDecimal(amount);
  // Answers show the asset's own precision ("10" reads back as "10.00"), as MixPay does.
  return fractionDigits(normalized) <= quote.decimalDigit
    ? toFixedDecimal(normalized, quote.decimalDigit)
    : normalized;
}

/** "2023-06-25T13:47:23.000000Z", the microsecond ISO form of MixPay's `broadcastAt`. */
export function broadcastAtOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface ResultOptions {
  withPayment: boolean;
  withTransactions: boolean;
}

/** The `data` of `GET /payments_result`, with the field set of MixPay's documented example. */
export function resultData(p: Payment, ev: Evaluation, options: ResultOptions): Record<string, unknown> {
  const quote = quoteOf(p);
  const settlement = cryptoOf(p.params.settlementAssetId);
  const payee = payeeById(p.params.payeeId);
  const wrongAssetId = p.failure?.paymentAssetId ?? null;
  const channel = hasChannel(p);
  const expected = expectedPaymentAsset(p);
  const paidAssetId = p.transfers[0]?.assetId ?? wrongAssetId;
  const paymentAsset = paidAssetId ? cryptoOf(paidAssetId) : expected;
  const onChain = isOnChain(p);
  const txid = p.transfers.at(-1)?.txid ?? '';
  const quoteAmount = effectiveQuoteAmount(p);

  let paymentAmount = '0';
  if (p.transfers.length > 0) paymentAmount = ev.totalPaid;
  else if (wrongAssetId) paymentAmount = paymentAmountFor(p.params.quoteAmount, quote, paymentAsset);
  else if (channel) paymentAmount = ev.expectedAmount;

  const surplus =
    p.transfers.length > 0 &&
    compareDecimal(ev.totalPaid, ev.expectedAmount) > 0 &&
    p.paidQuoteAmount === null
      ? normalizeDecimal(subtractDecimal(ev.totalPaid, ev.expectedAmount))
      : '0';

  const dateMs = ev.failedAtMs ?? ev.lastTransferAtMs ?? p.createdAtMs;
  const settled = ev.lifecycle === 'success';
  const data: Record<string, unknown> = {
    status: ev.status,
    quoteAmount: formatQuote(quoteAmount, quote),
    quoteSymbol: quote.symbol,
    quoteAssetId: quote.id,
    quoteAssetVersion: assetVersionOf(quote),
    paymentAmount,
    paymentSymbol: channel ? paymentAsset.symbol : '',
    paymentAssetId: channel ? paymentAsset.id : '',
    paymentAssetVersion: channel ? assetVersionOf(paymentAsset) : '',
    payee: payee?.name ?? 'MixPay Merchant',
    payeeId: p.params.payeeId,
    payeeMixinNumber: payee?.mixinNumber ?? '',
    payeeAvatarUrl: `https://mixin-images.zeromesh.net/sandbox-avatar-${p.params.payeeId.slice(0, 8)}=s256`,
    txid,
    blockExplorerUrl: explorerUrl(paymentAsset, onChain, txid),
    date: Math.floor(dateMs / 1000),
    surplusAmount: surplus,
    surplusStatus: compareDecimal(surplus, '0') > 0 ? 'pending' : 'no',
    confirmations: ev.confirmations,
    payableAmount: channel ? ev.expectedAmount : '',
    payableSymbol: channel ? expected.symbol : '',
    payableAssetId: channel ? expected.id : '',
    payableAssetVersion: channel ? assetVersionOf(expected) : '',
    failureCode: ev.failureCode,
    failureReason: ev.failureReason,
    returnTo:
      ev.lifecycle === 'success'
        ? p.params.returnTo
        : ev.lifecycle === 'failed'
          ? p.params.failedReturnTo
          : '',
    traceId: p.traceId,
    orderId: p.params.orderId ?? '',
    remark: p.params.remark,
    expiredAt: ev.expiredAt,
    settleStatus: settled ? 'success' : 'pending',
    settleAmount: settled ? settlementAmountFor(quoteAmount, quote, settlement) : '0',
    settleSymbol: settlement.symbol,
    settleAsset: settlement.id,
    settleAssetVersion: assetVersionOf(settlement),
  };
  if (options.withTransactions) {
    data.transactions = ev.transfers.map((t) => {
      const asset = cryptoOf(t.assetId);
      return {
        paymentAmount: t.amount,
        paymentAssetId: asset.id,
        paymentAssetSymbol: asset.symbol,
        paymentAssetVersion: assetVersionOf(asset),
        requiredConfirms: t.requiredConfirms,
        confirmations: t.confirmations,
        txid: t.txid,
        blockExplorerUrl: explorerUrl(asset, onChain, t.txid),
        broadcastAt: broadcastAtOf(t.atMs),
        confirmSeconds: t.confirmedAtMs === null ? 0 : Math.round((t.confirmedAtMs - t.atMs) / 1000),
      };
    });
  }
  if (options.withPayment) {
    data.payment = {
      isMultiPay: p.transfers.length > 1,
      isFullyPaid: ev.fullyPaid,
      totalTransactionsAmount: ev.totalPaid,
    };
  }
  return data;
}
