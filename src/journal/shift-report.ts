/**
 * A shift's report: every charge created in [openedAt, closedAt), added up per quote currency
 * (amounts in different currencies are never summed together) as exact decimals.
 *
 * Per currency, over the charges that were received (a verified payment, late ones included):
 *   gross      the items before any discount (the subtotals)
 *   discounts  what came off
 *   net        gross − discounts: the sales
 *   tips       put on by customers
 *   collected  net + tips: what MixPay was asked for and paid
 * and, over every charge whatever its status, the count and total amount per status. Received
 * payments are also added up per payment asset (what the customers actually sent).
 *
 * `closeShift` (./journal.ts) builds one in the same transaction that records the close, so the
 * report stays as it was even when the history is cleared later.
 */
import type { ChargeRecord, ChargeStatus } from '@/lifecycle/charge-record';
import { saleOf } from '@/lifecycle/sale';
import { addDecimal, isDecimalString, normalizeDecimal, subtractDecimal } from '@/money/decimal';

export interface StatusTotal {
  count: number;
  total: string;
}

export interface CurrencyReport {
  quoteAssetId: string;
  symbol: string;
  decimals: number;
  isFiat: boolean;
  /** Charges in this currency, any status. */
  count: number;
  received: number;
  gross: string;
  discounts: string;
  net: string;
  tips: string;
  collected: string;
  byStatus: Partial<Record<ChargeStatus, StatusTotal>>;
}

export interface PaymentAssetTotal {
  /** MixPay's asset id, or the symbol when MixPay gave none. */
  assetId: string;
  symbol: string;
  count: number;
  amount: string;
}

export interface ShiftReport {
  /** Start of the shift (the previous close; 0 = since the first charge). */
  openedAt: number;
  closedAt: number;
  count: number;
  currencies: CurrencyReport[];
  paymentAssets: PaymentAssetTotal[];
  /**
   * Set on the reports of shifts closed before reports existed: the journal's migration rebuilt
   * them from the charges still in the history at that time.
   */
  rebuilt?: boolean;
}

/** A shift close as the journal keeps it. */
export interface ShiftRecord {
  closedAt: number;
  report?: ShiftReport;
}

const add = (a: string, b: string) => (isDecimalString(b) ? addDecimal(a, b) : a);

export class ShiftReportBuilder {
  private readonly currencies = new Map<string, CurrencyReport>();
  private readonly assets = new Map<string, PaymentAssetTotal>();
  count = 0;

  add(c: ChargeRecord): void {
    this.count++;
    let cur = this.currencies.get(c.quoteAssetId);
    if (!cur) {
      cur = {
        quoteAssetId: c.quoteAssetId,
        symbol: c.quoteSymbol,
        decimals: c.quoteDecimals,
        isFiat: c.quoteIsFiat,
        count: 0,
        received: 0,
        gross: '0',
        discounts: '0',
        net: '0',
        tips: '0',
        collected: '0',
        byStatus: {},
      };
      this.currencies.set(c.quoteAssetId, cur);
    }
    cur.count++;
    const slot = (cur.byStatus[c.status] ??= { count: 0, total: '0' });
    slot.count++;
    slot.total = add(slot.total, c.quoteAmount);
    if (c.status !== 'received') return;

    const sale = saleOf(c);
    cur.received++;
    cur.gross = add(cur.gross, sale.subtotal);
    cur.discounts = add(cur.discounts, sale.discount?.amount ?? '0');
    cur.tips = add(cur.tips, sale.tip?.amount ?? '0');
    cur.collected = add(cur.collected, sale.total);
    cur.net = subtractDecimal(cur.gross, cur.discounts);

    const r = c.result;
    const paid = r?.paymentAmount;
    if (r && paid && isDecimalString(paid) && (r.paymentAssetId || r.paymentSymbol)) {
      const key = r.paymentAssetId ?? r.paymentSymbol!;
      let asset = this.assets.get(key);
      if (!asset) {
        asset = { assetId: key, symbol: r.paymentSymbol ?? key, count: 0, amount: '0' };
        this.assets.set(key, asset);
      }
      asset.count++;
      asset.amount = addDecimal(asset.amount, paid);
    }
  }

  build(openedAt: number, closedAt: number): ShiftReport {
    const tidy = (s: string) => normalizeDecimal(s);
    const currencies = [...this.currencies.values()]
      .map((c) => ({
        ...c,
        gross: tidy(c.gross),
        discounts: tidy(c.discounts),
        net: tidy(c.net),
        tips: tidy(c.tips),
        collected: tidy(c.collected),
        byStatus: Object.fromEntries(
          Object.entries(c.byStatus).map(([k, v]) => [k, { count: v.count, total: tidy(v.total) }]),
        ) as CurrencyReport['byStatus'],
      }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol));
    const paymentAssets = [...this.assets.values()]
      .map((a) => ({ ...a, amount: tidy(a.amount) }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol));
    return { openedAt, closedAt, count: this.count, currencies, paymentAssets };
  }
}

/** The report of the charges given, for the shift [openedAt, closedAt). */
export function buildShiftReport(
  charges: Iterable<ChargeRecord>,
  openedAt: number,
  closedAt: number,
): ShiftReport {
  const builder = new ShiftReportBuilder();
  for (const c of charges) if (c.createdAt >= openedAt && c.createdAt < closedAt) builder.add(c);
  return builder.build(openedAt, closedAt);
}
