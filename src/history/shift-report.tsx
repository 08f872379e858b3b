/**
 * A closed shift's report, as the journal stored it when the shift was closed (see
 * src/journal/shift-report.ts for what each figure means): on screen, printable on the receipt
 * printer, and exportable as CSV.
 */
import { useEffect, useRef } from 'react';
import { PrintArea, usePrint, type Paper } from '@/charge';
import type { CurrencyReport, ShiftRecord, ShiftReport } from '@/journal/journal';
import { formatAmount, formatCrypto } from '@/money/format';
import { shiftReportCsv } from './csv';
import { downloadText } from './download';
import { STATUS_WORDS } from './status';

const STATUS_ORDER = ['received', 'mismatch', 'failed', 'expired', 'cancelled', 'open'] as const;

export function reportMoney(
  amount: string,
  c: Pick<CurrencyReport, 'symbol' | 'decimals' | 'isFiat' | 'quoteAssetId'>,
) {
  return formatAmount(amount, {
    symbol: c.symbol,
    decimals: c.decimals,
    isFiat: c.isFiat,
    currencyCode: c.isFiat ? c.quoteAssetId.toUpperCase() : undefined,
  });
}

function when(ms: number) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function shiftTitle(report: Pick<ShiftReport, 'closedAt'>) {
  return `Shift closed ${when(report.closedAt)}`;
}

/** The figures of a report: on screen and on paper alike. */
export function ShiftReportBody({ report }: { report: ShiftReport }) {
  return (
    <div className="shift-report">
      <p>
        {report.openedAt ? `From ${when(report.openedAt)}` : 'From the first charge'} to{' '}
        {when(report.closedAt)} · {report.count} {report.count === 1 ? 'charge' : 'charges'}
      </p>
      {report.rebuilt && (
        <p className="muted small">
          This shift was closed before reports existed: the report was rebuilt from the charges that were
          still in the history when the app was updated.
        </p>
      )}
      {report.currencies.length === 0 && <p className="muted">No charges in this shift.</p>}
      {report.currencies.map((c) => (
        <table key={c.quoteAssetId} className="report-table">
          <caption>{c.symbol}</caption>
          <tbody>
            <tr>
              <th scope="row">Charges</th>
              <td>{c.count}</td>
            </tr>
            <tr>
              <th scope="row">Received</th>
              <td>{c.received}</td>
            </tr>
            <tr>
              <th scope="row">Gross sales</th>
              <td>{reportMoney(c.gross, c)}</td>
            </tr>
            <tr>
              <th scope="row">Discounts</th>
              <td>−{reportMoney(c.discounts, c)}</td>
            </tr>
            <tr>
              <th scope="row">Net sales</th>
              <td>{reportMoney(c.net, c)}</td>
            </tr>
            <tr>
              <th scope="row">Tips</th>
              <td>{reportMoney(c.tips, c)}</td>
            </tr>
            <tr className="report-total">
              <th scope="row">Total collected</th>
              <td>{reportMoney(c.collected, c)}</td>
            </tr>
          </tbody>
          <tbody>
            {STATUS_ORDER.filter((s) => c.byStatus[s]).map((s) => (
              <tr key={s}>
                <th scope="row">
                  {STATUS_WORDS[s]} {c.byStatus[s]!.count} ×
                </th>
                <td>{reportMoney(c.byStatus[s]!.total, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {report.paymentAssets.length > 0 && (
        <table className="report-table">
          <caption>Paid in</caption>
          <tbody>
            {report.paymentAssets.map((a) => (
              <tr key={a.assetId}>
                <th scope="row">
                  {a.symbol} {a.count} ×
                </th>
                <td>{formatCrypto(a.amount, a.symbol)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ShiftReportView({
  shift,
  till,
  shopName,
  paper,
  onBack,
}: {
  shift: ShiftRecord;
  /** The till whose shift it is, in a shop's view of every till's reports. */
  till?: string;
  shopName: string;
  paper: Paper;
  onBack: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [shift.closedAt]);
  const report = shift.report;
  const { printing, print } = usePrint();
  const exportCsv = () => {
    if (!report) return;
    const stamp = new Date(report.closedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    downloadText(`mixpay-pos-shift-${stamp}.csv`, shiftReportCsv(report));
  };
  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">Shift report</span>
        <button type="button" className="btn small" onClick={onBack}>
          Back to history
        </button>
      </header>
      <div className="page">
        <h1 ref={headingRef} tabIndex={-1}>
          {shiftTitle(shift)}
        </h1>
        {till && <p className="muted">Till: {till}</p>}
        {report ? (
          <>
            <ShiftReportBody report={report} />
            <div className="receipt-actions">
              <button type="button" className="btn" onClick={print}>
                Print report
              </button>
              <button type="button" className="btn" onClick={exportCsv}>
                Export report (CSV)
              </button>
            </div>
            <PrintArea active={printing} paper={paper} label="Printed shift report">
              <h2>{shopName || 'Shift report'}</h2>
              <p>Shift report{till ? ` · ${till}` : ''}</p>
              <ShiftReportBody report={report} />
            </PrintArea>
          </>
        ) : (
          <p className="muted">This report is being prepared…</p>
        )}
      </div>
    </main>
  );
}
