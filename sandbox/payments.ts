/**
 * The payment model. A payment stores only facts (parameters, wallet quote, transfers, failure);
 * its status is derived on every read from the sandbox clock, so confirmations rise and links
 * expire without timers.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  addDecimal,
  compareDecimal,
  normalizeDecimal,
  parseDecimal,
  subtractDecimal,
  toFixedDecimal,
} from '../src/money/decimal.ts';
import {
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
export type PaymentStatus = 'unpaid' | 'pending' | 'auditing' | 'failed' | 'success';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'unpaid',
  'pending',
  'auditing',
  'failed',
  'success',
];

export const FAILURE_REASONS: Record<string, string> = {
  '40000': 'Payment overtime',
  '40001': 'Receipt address is invalid. Maybe repeat transfer or timeout.',
  '40020': 'Wrong asset paid',
  '40021': 'Double payment',
  '40022': 'TraceID does not exist',
  '40024': 'Wrong amount paid',
  '40025': 'Too much market volatility',
  '40027': 'Settlement asset restricted',
};

export const ON_CHAIN_WINDOW_SECONDS = 600;

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

export interface Transfer {
  atMs: number;
  assetId: string;
  amount: string;
  requiredConfirms: number;
  txid: string;
}

export interface Failure {
  code: string;
  reason: string;
  atMs: number;
  /** Set when the failure is "wrong asset": the asset the payer actually sent. */
  paymentAssetId: string | null;
}

export interface Payment {
  traceId: string;
  source: PaymentSource;
  code: string | null;
  params: CreationParams;
  createdAtMs: number;
  session: WalletSession | null;
  transfers: Transfer[];
  /** Quote amount the payer actually covered, when paid through the checkout (maybe edited). */
  paidQuoteAmount: string | null;
  failure: Failure | null;
  /** A status pinned through the control API ("auditing", or "pending" that never advances). */
  forced: { status: 'pending' | 'auditing'; confirmations: number } | null;
}

export function newPayment(
  params: CreationParams,
  source: PaymentSource,
  nowMs: number,
  traceId: string = params.traceId ?? randomUUID(),
): Payment {
  return {
    traceId,
    source,
    code: null,
    params: { ...params, traceId },
    createdAtMs: nowMs,
    session: null,
    transfers: [],
    paidQuoteAmount: null,
    failure: null,
    forced: null,
  };
}

function quoteOf(p: Payment): QuoteAsset {
  const quote = findQuoteAsset(p.params.quoteAssetId);
  if (!quote) throw new Error(`Unknown quote asset ${p.params.quoteAssetId}`);
  return quote;
}

function cryptoOf(id: string): CryptoAsset {
  const asset = findCryptoAsset(id);
  if (!asset) throw new Error(`Unknown asset ${id}`);
  return asset;
}

/** The asset the payer is expected to send: the wallet quote's, the requested one, else the settlement asset. */
export function expectedPaymentAsset(p: Payment): CryptoAsset {
  return cryptoOf(p.session?.paymentAssetId ?? p.params.paymentAssetId ?? p.params.settlementAssetId);
}

export function expectedPaymentAmount(p: Payment): string {
  if (p.session) return p.session.paymentAmount;
  return paymentAmountFor(p.params.quoteAmount, quoteOf(p), expectedPaymentAsset(p));
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
  txid: string;
  confirmations: number;
  requiredConfirms: number;
}

export interface Evaluation {
  status: PaymentStatus;
  /** -1 unless pending. */
  confirmations: number;
  failureCode: string;
  failureReason: string;
  totalPaid: string;
  expectedAmount: string;
  fullyPaid: boolean;
  transfers: TransferView[];
  lastTransferAtMs: number | null;
}

function confirmationsOf(t: Transfer, nowMs: number, intervalMs: number): number {
  if (intervalMs <= 0) return t.requiredConfirms;
  return Math.min(t.requiredConfirms, Math.max(0, Math.floor((nowMs - t.atMs) / intervalMs)));
}

export function isExpired(p: Payment, nowMs: number): boolean {
  return p.params.expiredTimestamp !== null && nowMs >= p.params.expiredTimestamp * 1000;
}

export function evaluate(p: Payment, nowMs: number, intervalMs: number): Evaluation {
  const transfers = p.transfers.map((t) => ({
    amount: t.amount,
    txid: t.txid,
    confirmations: confirmationsOf(t, nowMs, intervalMs),
    requiredConfirms: t.requiredConfirms,
  }));
  const totalPaid = p.transfers.reduce((sum, t) => addDecimal(sum, t.amount), '0');
  const expectedAmount = expectedPaymentAmount(p);
  const fullyPaid =
    p.paidQuoteAmount !== null || (p.transfers.length > 0 && compareDecimal(totalPaid, expectedAmount) >= 0);
  const base = {
    confirmations: -1,
    failureCode: '0',
    failureReason: '',
    totalPaid: normalizeDecimal(totalPaid),
    expectedAmount,
    fullyPaid,
    transfers,
    lastTransferAtMs: p.transfers.at(-1)?.atMs ?? null,
  };
  const failed = (code: string, reason = FAILURE_REASONS[code] ?? 'Payment failed') => ({
    ...base,
    status: 'failed' as const,
    failureCode: code,
    failureReason: reason,
  });

  if (p.forced) {
    return {
      ...base,
      status: p.forced.status,
      confirmations: p.forced.status === 'pending' ? p.forced.confirmations : -1,
    };
  }
  if (p.failure) return failed(p.failure.code, p.failure.reason);
  const confirming = transfers.filter((t) => t.confirmations < t.requiredConfirms);
  if (confirming.length > 0) {
    return { ...base, status: 'pending', confirmations: Math.min(...confirming.map((t) => t.confirmations)) };
  }
  if (fullyPaid) return { ...base, status: 'success' };
  if (isExpired(p, nowMs)) return failed('40000');
  return { ...base, status: 'unpaid' };
}

function formatQuote(amount: string, quote: QuoteAsset): string {
  const normalized = normalizeDecimal(amount);
  // Answers show the asset's own precision ("10" reads back as "10.00"), as MixPay does.
  return parseDecimal(normalized).scale <= quote.decimalDigit
    ? toFixedDecimal(normalized, quote.decimalDigit)
    : normalized;
}

export interface ResultOptions {
  withPayment: boolean;
  withTransactions: boolean;
}

/** The `data` of `GET /payments_result`. */
export function resultData(p: Payment, ev: Evaluation, options: ResultOptions): Record<string, unknown> {
  const quote = quoteOf(p);
  const settlement = cryptoOf(p.params.settlementAssetId);
  const payee = payeeById(p.params.payeeId);
  const wrongAssetId = p.failure?.paymentAssetId ?? null;
  const paidAssetId = p.transfers[0]?.assetId ?? wrongAssetId;
  const knowsPaymentAsset = paidAssetId !== null || p.session !== null || p.params.paymentAssetId !== null;
  const paymentAsset = paidAssetId ? cryptoOf(paidAssetId) : expectedPaymentAsset(p);
  const onChain = p.session?.isChain ?? false;
  const txid = p.transfers.at(-1)?.txid ?? '';
  const quoteAmount = p.paidQuoteAmount ?? p.params.quoteAmount;

  let paymentAmount = '0';
  if (p.transfers.length > 0) paymentAmount = ev.totalPaid;
  else if (wrongAssetId) paymentAmount = paymentAmountFor(p.params.quoteAmount, quote, paymentAsset);
  else if (knowsPaymentAsset) paymentAmount = ev.expectedAmount;

  const surplus =
    p.transfers.length > 0 &&
    compareDecimal(ev.totalPaid, ev.expectedAmount) > 0 &&
    p.paidQuoteAmount === null
      ? subtractDecimal(ev.totalPaid, ev.expectedAmount)
      : '0';

  const dateMs = ev.lastTransferAtMs ?? p.failure?.atMs ?? p.createdAtMs;
  const settled = ev.status === 'success';
  const data: Record<string, unknown> = {
    status: ev.status,
    quoteAmount: formatQuote(quoteAmount, quote),
    quoteSymbol: quote.symbol,
    quoteAssetId: quote.id,
    paymentAmount,
    paymentSymbol: knowsPaymentAsset ? paymentAsset.symbol : '',
    paymentAssetId: knowsPaymentAsset ? paymentAsset.id : '',
    payeeId: p.params.payeeId,
    payee: payee?.name ?? 'MixPay Merchant',
    payeeMixinNumber: payee?.mixinNumber ?? '',
    payeeAvatarUrl: `https://mixin-images.zeromesh.net/sandbox-avatar-${p.params.payeeId.slice(0, 8)}=s256`,
    txid,
    blockExplorerUrl: explorerUrl(paymentAsset, onChain, txid),
    confirmations: ev.confirmations,
    payableAmount: knowsPaymentAsset || p.transfers.length > 0 ? ev.expectedAmount : '0',
    surplusAmount: surplus,
    surplusStatus: compareDecimal(surplus, '0') > 0 ? 'pending' : 'no',
    failureCode: ev.failureCode,
    failureReason: ev.failureReason,
    date: Math.floor(dateMs / 1000),
    traceId: p.traceId,
    orderId: p.params.orderId ?? '',
    remark: p.params.remark,
    returnTo:
      ev.status === 'success' ? p.params.returnTo : ev.status === 'failed' ? p.params.failedReturnTo : '',
    settleStatus: settled ? 'success' : ev.status === 'failed' ? 'failed' : 'pending',
    settleAmount: settled ? settlementAmountFor(quoteAmount, quote, settlement) : '0',
    settleSymbol: settlement.symbol,
    settleAsset: settlement.id,
  };
  if (options.withPayment) {
    data.payment = {
      isFullyPaid: ev.fullyPaid,
      totalTransactionsAmount: ev.totalPaid,
      paymentAmount: ev.expectedAmount,
    };
  }
  if (options.withTransactions) data.transactions = ev.transfers;
  return data;
}
