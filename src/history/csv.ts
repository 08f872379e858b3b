/**
 * CSV export of charges (RFC 4180: CRLF line ends, fields with , ; " tab CR or LF quoted, quotes
 * doubled), safe to open in a spreadsheet.
 *
 * Formula injection: a cell that starts with = + - @ tab or CR may run as a formula. Quoting does
 * not protect a field's inside: a spreadsheet that guesses `;` as the separator (or `,` when it
 * ignores quotes) splits a note such as `a;=1+1;` and gets a cell `=1+1`. So every place where any
 * spreadsheet could start a cell (the field's start, and just after each , ; tab CR or LF in it)
 * is checked, skipping spaces and quote marks a parser may drop, and an apostrophe is inserted
 * there when a trigger follows. The rule for numbers: a field that is exactly a plain decimal
 * number (`-12.5`) is left as it is, so negative amounts stay numbers; any other cell starting with
 * a minus is text.
 */
import type { ChargeRecord, ShiftReport } from '@/journal/journal';
import { saleOf } from '@/lifecycle/sale';

/** After one of these, some spreadsheet may start a new cell (or row). */
const CELL_BREAKS = new Set([',', ';', '\t', '\r', '\n']);
/** A formula trigger, possibly after spaces or quote marks a spreadsheet may drop (sticky). */
const TRIGGER_AHEAD = /[ "]*[=+\-@\t\r]/y;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Puts an apostrophe at every cell start (see above) that a formula trigger follows. */
function neutraliseFormulas(text: string): string {
  let out = '';
  for (let i = 0; i <= text.length; i++) {
    if (i === 0 || CELL_BREAKS.has(text[i - 1])) {
      TRIGGER_AHEAD.lastIndex = i;
      if (TRIGGER_AHEAD.test(text)) out += "'";
    }
    if (i < text.length) out += text[i];
  }
  return out;
}

export function csvField(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  const safe = PLAIN_NUMBER.test(text) ? text : neutraliseFormulas(text);
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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
  // Since itemised sales: quote_amount is the total, made of subtotal − discount + tip.
  'subtotal',
  'discount',
  'tip',
  'items',
  'linked_to',
] as const;

export function csvRow(c: ChargeRecord): string {
  const sale = saleOf(c);
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
    sale.subtotal,
    sale.discount?.amount ?? '0',
    sale.tip?.amount ?? '0',
    // The item amounts, in the order added ("5|7.5|2.25").
    sale.lines.map((l) => l.amount).join('|'),
    c.linkedTo ? `${c.linkedTo.reason}:${c.linkedTo.traceId}` : '',
  ]
    .map(csvField)
    .join(',');
}

/** With a shop ledger: the till of each charge, after the columns above. */
export const TILL_CSV_COLUMNS = ['till', 'till_id'] as const;

export function csvHeader(withTills = false): string {
  return (withTills ? [...CSV_COLUMNS, ...TILL_CSV_COLUMNS] : CSV_COLUMNS).join(',');
}

/** The till columns of a row (`,name,id`), appended to csvRow's when exporting with tills. */
export function csvTillFields(tillName: string | undefined, tillId: string | undefined): string {
  return `,${csvField(tillName)},${csvField(tillId)}`;
}

const REPORT_STATUSES = ['received', 'mismatch', 'failed', 'expired', 'cancelled', 'open'] as const;

/**
 * A shift report as CSV: one line per figure (section, currency, what, count, amount), so a
 * spreadsheet can sum or pivot it. Amounts are exact decimals in the currency named on the line.
 */
export function shiftReportCsv(report: ShiftReport): string {
  const rows: Array<Array<string | number>> = [['section', 'currency', 'item', 'count', 'amount']];
  rows.push(['shift', '', 'opened_at', '', report.openedAt ? new Date(report.openedAt).toISOString() : '']);
  rows.push(['shift', '', 'closed_at', '', new Date(report.closedAt).toISOString()]);
  rows.push(['shift', '', 'charges', report.count, '']);
  for (const c of report.currencies) {
    rows.push(['sales', c.symbol, 'gross', c.received, c.gross]);
    rows.push(['sales', c.symbol, 'discounts', '', c.discounts]);
    rows.push(['sales', c.symbol, 'net', '', c.net]);
    rows.push(['sales', c.symbol, 'tips', '', c.tips]);
    rows.push(['sales', c.symbol, 'collected', c.received, c.collected]);
    for (const status of REPORT_STATUSES) {
      const s = c.byStatus[status];
      if (s) rows.push(['status', c.symbol, status, s.count, s.total]);
    }
  }
  for (const a of report.paymentAssets) rows.push(['paid_in', a.symbol, a.assetId, a.count, a.amount]);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
