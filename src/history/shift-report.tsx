/**
 * A closed shift's report, as the journal stored it when the shift was closed (see
 * src/journal/shift-report.ts for what each figure means): on screen, printable on the receipt
 * printer, and exportable as CSV.
 */
import { plural, t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef } from 'react';
import { PrintArea, usePrint, type Paper } from '@/charge';
import { formatLocale } from '@/i18n/i18n';
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
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function shiftTitle(report: Pick<ShiftReport, 'closedAt'>) {
  const closed = when(report.closedAt);
  return t`Shift closed ${closed}`;
}

/** "1 charge", "3 charges". */
export function chargeCount(count: number) {
  return plural(count, { one: '# charge', other: '# charges' });
}

/** "Received 3 ×": a status and how many charges had it. */
function statusLine(word: string, count: number) {
  return t({ message: `${word} ${count} ×`, comment: 'a status and the number of charges with it' });
}

/** The figures of a report: on screen and on paper alike. */
export function ShiftReportBody({ report }: { report: ShiftReport }) {
  const { t } = useLingui();
  const from = report.openedAt ? when(report.openedAt) : null;
  const to = when(report.closedAt);
  return (
    <div className="shift-report">
      <p>
        {from ? t`From ${from} to ${to}` : t`From the first charge to ${to}`}
        {' · '}
        {chargeCount(report.count)}
      </p>
      {report.rebuilt && (
        <p className="muted small">
          <Trans>
            This shift was closed before reports existed: the report was rebuilt from the charges that were
            still in the history when the app was updated.
          </Trans>
        </p>
      )}
      {report.currencies.length === 0 && (
        <p className="muted">
          <Trans>No charges in this shift.</Trans>
        </p>
      )}
      {report.currencies.map((c) => (
        <table key={c.quoteAssetId} className="report-table">
          <caption>{c.symbol}</caption>
          <tbody>
            <tr>
              <th scope="row">
                <Trans>Charges</Trans>
              </th>
              <td>{c.count}</td>
            </tr>
            <tr>
              <th scope="row">
                <Trans>Received</Trans>
              </th>
              <td>{c.received}</td>
            </tr>
            <tr>
              <th scope="row">
                <Trans>Gross sales</Trans>
              </th>
              <td>{reportMoney(c.gross, c)}</td>
            </tr>
            <tr>
              <th scope="row">
                <Trans>Discounts</Trans>
              </th>
              <td>−{reportMoney(c.discounts, c)}</td>
            </tr>
            <tr>
              <th scope="row">
                <Trans>Net sales</Trans>
              </th>
              <td>{reportMoney(c.net, c)}</td>
            </tr>
            <tr>
              <th scope="row">
                <Trans>Tips</Trans>
              </th>
              <td>{reportMoney(c.tips, c)}</td>
            </tr>
            <tr className="report-total">
              <th scope="row">
                <Trans>Total collected</Trans>
              </th>
              <td>{reportMoney(c.collected, c)}</td>
            </tr>
          </tbody>
          <tbody>
            {STATUS_ORDER.filter((s) => c.byStatus[s]).map((s) => (
              <tr key={s}>
                <th scope="row">{statusLine(t(STATUS_WORDS[s]), c.byStatus[s]!.count)}</th>
                <td>{reportMoney(c.byStatus[s]!.total, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {report.paymentAssets.length > 0 && (
        <table className="report-table">
          <caption>
            <Trans>Paid in</Trans>
          </caption>
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
  const { t } = useLingui();
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
        <span className="title">
          <Trans>Shift report</Trans>
        </span>
        <button type="button" className="btn small" onClick={onBack}>
          <Trans>Back to history</Trans>
        </button>
      </header>
      <div className="page">
        <h1 ref={headingRef} tabIndex={-1}>
          {shiftTitle(shift)}
        </h1>
        {till && (
          <p className="muted">
            <Trans>Till: {till}</Trans>
          </p>
        )}
        {report ? (
          <>
            <ShiftReportBody report={report} />
            <div className="receipt-actions">
              <button type="button" className="btn" onClick={print}>
                <Trans>Print report</Trans>
              </button>
              <button type="button" className="btn" onClick={exportCsv}>
                <Trans>Export report (CSV)</Trans>
              </button>
            </div>
            <PrintArea active={printing} paper={paper} label={t`Printed shift report`}>
              <h2>{shopName || t`Shift report`}</h2>
              <p>
                <Trans>Shift report</Trans>
                {till ? ` · ${till}` : ''}
              </p>
              <ShiftReportBody report={report} />
            </PrintArea>
          </>
        ) : (
          <p className="muted">
            <Trans>This report is being prepared…</Trans>
          </p>
        )}
      </div>
    </main>
  );
}
