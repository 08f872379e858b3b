/** CSV export of charges (RFC 4180: CRLF line ends, fields with , " CR or LF quoted, quotes doubled). */
import type { ChargeRecord } from '@/journal/journal';

export function csvField(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  // A leading = + - @ would run as a formula in spreadsheet apps: prefix with a quote.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  'created_at',
  'trace_id',
  'status',
  'quote_amount',
  'quote_currency',
  'paid_amount',
  'paid_asset',
  'note',
  'link_mode',
  'ended_at',
  'late_payment',
] as const;

export function csvRow(c: ChargeRecord): string {
  return [
    new Date(c.createdAt).toISOString(),
    c.traceId,
    c.status,
    c.quoteAmount,
    c.quoteSymbol,
    c.result?.paymentAmount,
    c.result?.paymentSymbol,
    c.remark,
    c.linkMode,
    c.endedAt ? new Date(c.endedAt).toISOString() : '',
    c.latePayment ? 'yes' : '',
  ]
    .map(csvField)
    .join(',');
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}
