/** Totals per quote currency and status, summed as exact decimals. */
import type { ChargeRecord, ChargeStatus } from '@/journal/journal';
import { addDecimal } from '@/money/decimal';

export interface CurrencyTotals {
  quoteAssetId: string;
  symbol: string;
  decimals: number;
  isFiat: boolean;
  /** Per status: count and summed quote amount. */
  byStatus: Partial<Record<ChargeStatus, { count: number; total: string }>>;
}

export class TotalsAccumulator {
  private readonly map = new Map<string, CurrencyTotals>();
  count = 0;

  add(c: ChargeRecord) {
    this.count++;
    let entry = this.map.get(c.quoteAssetId);
    if (!entry) {
      entry = {
        quoteAssetId: c.quoteAssetId,
        symbol: c.quoteSymbol,
        decimals: c.quoteDecimals,
        isFiat: c.quoteIsFiat,
        byStatus: {},
      };
      this.map.set(c.quoteAssetId, entry);
    }
    const slot = (entry.byStatus[c.status] ??= { count: 0, total: '0' });
    slot.count++;
    slot.total = addDecimal(slot.total, c.quoteAmount);
  }

  result(): CurrencyTotals[] {
    return [...this.map.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }
}

export function summarize(charges: Iterable<ChargeRecord>): CurrencyTotals[] {
  const acc = new TotalsAccumulator();
  for (const c of charges) acc.add(c);
  return acc.result();
}

/** Local-time day bounds [start, end) for a yyyy-mm-dd string or a timestamp. */
export function dayRange(day: string | number): { from: number; to: number } {
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an ISO date-time for the parser, not text
  const d = typeof day === 'number' ? new Date(day) : new Date(`${day}T00:00:00`);
  const from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return { from, to };
}

export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
