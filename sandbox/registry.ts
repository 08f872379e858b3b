/**
 * Where payments live, keyed by traceId. Paylinks, one-time links and wallet payments share one
 * traceId namespace (an app may switch from a QR paylink to a Mixin wallet quote for the same
 * sale), and `orderId` + `payeeId` is a second, unique key.
 */
import { randomUUID } from 'node:crypto';
import { compareDecimal } from './decimal.ts';
import {
  findQuoteAsset,
  paymentAmountFor,
  usdValueOf,
  withinTransferCeiling,
  type QuoteAsset,
} from './assets.ts';
import {
  evaluate,
  newPayment,
  quoteSession,
  type Evaluation,
  type LifecycleConfig,
  type LifecycleStatus,
  type Payment,
  type PaymentSource,
  type WalletSession,
} from './payments.ts';
import {
  ApiError,
  normalizeUuid,
  parseBoolean,
  requireAmount,
  requireCryptoAsset,
  sameParams,
  validateCreation,
  type CreationParams,
  type Params,
} from './validation.ts';

export interface RegistryClock {
  now(): number;
  lifecycle(): LifecycleConfig;
  priceWindowSeconds(): number;
  /** New payments answer with the status set from before 2026-08-13. */
  legacyLifecycle(): boolean;
}

function orderKey(payeeId: string, orderId: string): string {
  return `${payeeId}|${orderId}`;
}

export class PaymentRegistry {
  private readonly payments = new Map<string, Payment>();
  private readonly orders = new Map<string, string>();
  private readonly clock: RegistryClock;

  constructor(clock: RegistryClock) {
    this.clock = clock;
  }

  clear(): void {
    this.payments.clear();
    this.orders.clear();
  }

  list(): Payment[] {
    return [...this.payments.values()];
  }

  get(traceId: string): Payment | undefined {
    const id = normalizeUuid(traceId);
    return id ? this.payments.get(id) : undefined;
  }

  byOrder(payeeId: string, orderId: string): Payment | undefined {
    const payee = normalizeUuid(payeeId);
    const traceId = payee ? this.orders.get(orderKey(payee, orderId)) : undefined;
    return traceId ? this.payments.get(traceId) : undefined;
  }

  /** One-time codes are the traceId, so a code lookup is a trace lookup limited to one-time payments. */
  byCode(code: string): Payment | undefined {
    const p = this.get(code);
    return p && p.code !== null ? p : undefined;
  }

  evaluate(p: Payment): Evaluation {
    return evaluate(p, this.clock.now(), this.clock.lifecycle());
  }

  /** The current-lifecycle status (what the sandbox's own rules go by, whatever answers show). */
  statusOf(p: Payment): LifecycleStatus {
    return this.evaluate(p).lifecycle;
  }

  private find(params: CreationParams): Payment | undefined {
    if (params.traceId) return this.payments.get(params.traceId);
    return params.orderId ? this.byOrder(params.payeeId, params.orderId) : undefined;
  }

  private checkOrder(params: CreationParams, traceId: string): void {
    if (!params.orderId) return;
    const owner = this.orders.get(orderKey(params.payeeId, params.orderId));
    if (owner !== undefined && owner !== traceId) {
      throw new ApiError(10011, 'The orderId has already been used for another payment of this payee.');
    }
  }

  private create(params: CreationParams, source: PaymentSource): Payment {
    const traceId = params.traceId ?? randomUUID();
    this.checkOrder(params, traceId);
    const p = newPayment(params, source, this.clock.now(), traceId, this.clock.legacyLifecycle());
    this.payments.set(traceId, p);
    if (p.params.orderId) this.orders.set(orderKey(p.params.payeeId, p.params.orderId), traceId);
    return p;
  }

  /** Replaces the parameters of an unpaid payment (an edited link); its wallet quote is stale now. */
  private update(p: Payment, params: CreationParams): void {
    this.checkOrder(params, p.traceId);
    if (p.params.orderId) this.orders.delete(orderKey(p.params.payeeId, p.params.orderId));
    p.params = { ...params, traceId: p.traceId };
    p.session = null;
    if (p.params.orderId) this.orders.set(orderKey(p.params.payeeId, p.params.orderId), p.traceId);
  }

  private validate(
    input: Params,
    onChain: boolean,
    requirePaymentAsset: boolean,
    checkExpiryWindow = true,
  ): CreationParams {
    return validateCreation(input, {
      nowMs: this.clock.now(),
      onChain,
      requirePaymentAsset,
      checkExpiryWindow,
    });
  }

  /** `POST /one_time_payment`. Repeating it with identical parameters is harmless. */
  createOneTime(input: Params): Payment {
    const params = this.validate(input, false, false);
    const existing = this.find(params);
    if (existing) {
      const samePaymentAsset =
        params.paymentAssetId === null || params.paymentAssetId === existing.params.paymentAssetId;
      if (!sameParams(existing.params, params) || !samePaymentAsset) {
        throw new ApiError(10011, 'The traceId has already been used with different parameters.');
      }
      existing.code ??= existing.traceId;
      return existing;
    }
    const p = this.create(params, 'one-time');
    p.code = p.traceId;
    return p;
  }

  /**
   * A payer opening `/pay?…`. The first open registers the payment; opening an unpaid trace with
   * edited parameters makes the edited ones count (that is what MixPay does, and why the app must
   * check the result). One-time payments cannot be edited this way.
   */
  openPaylink(input: Params): Payment {
    const lenient = this.validate(input, false, false, false);
    const existing = this.find(lenient);
    if (!existing) return this.create(this.validate(input, false, false), 'paylink');
    if (this.statusOf(existing) !== 'unpaid' || sameParams(existing.params, lenient)) return existing;
    if (existing.source === 'one-time') {
      throw new ApiError(10011, 'This payment has fixed parameters: pay it through its one-time link.');
    }
    this.update(existing, this.validate(input, false, false));
    return existing;
  }

  /** `POST /payments`: a Mixin-wallet (or, with isChain, on-chain) quote for the payment. */
  createWallet(input: Params): { payment: Payment; session: WalletSession } {
    const isChain = parseBoolean(input.isChain);
    if (isChain === null) throw new ApiError(10011, 'The isChain must be true or false.');
    const params = this.validate(input, isChain, true);
    const asset = requireCryptoAsset(params.paymentAssetId ?? '', 'payment');
    if (isChain && !asset.onChainSupported) {
      throw new ApiError(10002, `${asset.symbol} cannot be paid on-chain; use a Mixin wallet.`);
    }
    const quote = findQuoteAsset(params.quoteAssetId) as QuoteAsset;
    if (!withinTransferCeiling(asset, usdValueOf(params.quoteAmount, quote))) {
      throw new ApiError(10006, 'Transfer exceeds 1000 USDT.');
    }
    const fixedAmount = input.paymentAmount ? requireAmount(input.paymentAmount, 'paymentAmount') : null;
    const amount = fixedAmount ?? paymentAmountFor(params.quoteAmount, quote, asset);
    if (compareDecimal(amount, asset.minPaymentAmount) < 0) {
      throw new ApiError(
        10004,
        `Price too low: ${asset.symbol} payments start at ${asset.minPaymentAmount}.`,
      );
    }
    if (compareDecimal(amount, asset.maxPaymentAmount) > 0) {
      throw new ApiError(10005, `Price too high: ${asset.symbol} payments end at ${asset.maxPaymentAmount}.`);
    }
    let clientId: string | null = null;
    if (input.clientId) {
      clientId = normalizeUuid(input.clientId);
      if (!clientId) throw new ApiError(10011, 'The clientId must be a valid UUID.');
    }

    let payment = this.find(params);
    if (payment) {
      const status = this.statusOf(payment);
      if (status !== 'unpaid') {
        if (payment.session && sameParams(payment.params, params))
          return { payment, session: payment.session };
        throw new ApiError(10011, `This payment is already ${status}.`);
      }
      if (!sameParams(payment.params, params)) {
        if (payment.source === 'one-time') {
          throw new ApiError(10011, 'This payment has fixed parameters: pay it through its one-time link.');
        }
        this.update(payment, params);
      }
    } else {
      payment = this.create(params, 'wallet');
    }
    const session = quoteSession(
      payment,
      { isChain, paymentAsset: asset, clientId, fixedAmount },
      this.clock.now(),
      this.clock.priceWindowSeconds(),
    );
    return { payment, session };
  }
}
