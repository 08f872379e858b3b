/**
 * Sales history: one day at a time, newest first, paged from IndexedDB (50 rows a page), so it
 * opens fast however many charges the till has taken. A row opens the charge's details and receipt.
 * Totals, the shift summary and CSV export stream through the journal instead of loading
 * everything; closed shifts keep the report made when they were closed.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  clearEndedCharges,
  closeShift,
  forEachCharge,
  lastShiftClose,
  listCharges,
  listShifts,
  type ChargeRecord,
  type ChargeStatus,
  type CurrencyReport,
  type ShiftRecord,
} from '@/journal/journal';
import { ShiftReportBuilder } from '@/journal/shift-report';
import { compareDecimal, isDecimalString } from '@/money/decimal';
import { formatAmount, formatCrypto } from '@/money/format';
import { PinGate, useSettings, type PinHash } from '@/settings';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { ChargeDetails } from './charge-details';
import { csvHeader, csvRow } from './csv';
import { downloadText } from './download';
import { useJournalVersion } from './journal-version';
import { reportMoney, shiftTitle, ShiftReportView } from './shift-report';
import { STATUS_WORDS, StatusPill } from './status';
import { dayRange, isoDay } from './summary';
import './history.css';

const PAGE = 50;

function TotalsList({ totals, empty }: { totals: CurrencyReport[] | undefined; empty: string }) {
  if (!totals) return <p className="muted">Adding up…</p>;
  if (!totals.length) return <p className="muted">{empty}</p>;
  const some = (amount: string) => compareDecimal(amount, '0') > 0;
  return (
    <ul className="totals" style={{ listStyle: 'none', padding: 0 }}>
      {totals.map((t) => (
        <li key={t.quoteAssetId}>
          <strong>{t.symbol}</strong>{' '}
          {(Object.entries(t.byStatus) as [ChargeStatus, { count: number; total: string }][]).map(
            ([status, s]) => (
              <span key={status} className="muted">
                {' '}
                · {STATUS_WORDS[status]} {s.count} × = {reportMoney(s.total, t)}
              </span>
            ),
          )}
          {some(t.discounts) && <span className="muted"> · discounts −{reportMoney(t.discounts, t)}</span>}
          {some(t.tips) && <span className="muted"> · tips {reportMoney(t.tips, t)}</span>}
        </li>
      ))}
    </ul>
  );
}

async function totalsBetween(
  from: number,
  to?: number,
): Promise<{ totals: CurrencyReport[]; count: number }> {
  const builder = new ShiftReportBuilder();
  await forEachCharge({ from, to }, (c) => builder.add(c));
  const report = builder.build(from, to ?? Date.now());
  return { totals: report.currencies, count: report.count };
}

/** "paid …" on a row: only when something was paid, in the payment asset, its symbol once. */
function paidText(c: ChargeRecord): string | null {
  const paid = c.result?.paymentAmount;
  if (!paid || !isDecimalString(paid) || compareDecimal(paid, '0') <= 0) return null;
  return formatCrypto(paid, c.result?.paymentSymbol);
}

export function HistoryScreen({ onClose, ownerPin }: { onClose: () => void; ownerPin: PinHash }) {
  const version = useJournalVersion();
  const settings = useSettings();
  // A row's details, or a shift's report, take the screen; Back returns to the list as it was.
  const [detail, setDetail] = useState<string | null>(null);
  const [report, setReport] = useState<ShiftRecord | null>(null);
  const [today] = useState(() => isoDay(Date.now()));
  const [day, setDay] = useState(today);
  const [pages, setPages] = useState(1);
  const [exportFrom, setExportFrom] = useState(day);
  const [exportTo, setExportTo] = useState(day);
  const [confirm, setConfirm] = useState<'close-shift' | 'clear' | null>(null);
  // Clearing history (and closing a shift, unless the owner turned that off) is the owner's call:
  // the PIN is asked here, so this screen keeps its state.
  const [askPin, setAskPin] = useState<'close-shift' | 'clear' | null>(null);
  const shiftCloseNeedsPin = settings?.shiftCloseNeedsPin ?? true;
  const [message, setMessage] = useState<string | null>(null);

  const rows = useQuery({
    queryKey: ['journal', 'day', day, pages, version],
    queryFn: () => listCharges({ limit: pages * PAGE, ...dayRange(day) }),
    networkMode: 'always',
    placeholderData: (previous) => previous,
    gcTime: 0,
  });
  const dayTotals = useQuery({
    queryKey: ['journal', 'day-totals', day, version],
    queryFn: () => totalsBetween(dayRange(day).from, dayRange(day).to),
    networkMode: 'always',
    gcTime: 0,
  });
  const shift = useQuery({
    queryKey: ['journal', 'shift', version],
    queryFn: async () => {
      const since = (await lastShiftClose()) ?? 0;
      return { since, ...(await totalsBetween(since)) };
    },
    networkMode: 'always',
    // A whole shift can be thousands of charges: add it up after the day's list and totals.
    enabled: rows.isSuccess && dayTotals.isSuccess,
    gcTime: 0,
    placeholderData: (previous) => previous,
  });
  const pastShifts = useQuery({
    queryKey: ['journal', 'shifts', version],
    queryFn: listShifts,
    networkMode: 'always',
    enabled: rows.isSuccess,
    gcTime: 0,
    placeholderData: (previous) => previous,
  });

  const exportCsv = async () => {
    const from = dayRange(exportFrom).from;
    const to = dayRange(exportTo).to;
    if (to <= from) return setMessage('The export range ends before it starts.');
    const lines = [csvHeader()];
    await forEachCharge({ from, to }, (c) => lines.push(csvRow(c)));
    downloadText(`mixpay-pos-${exportFrom}_${exportTo}.csv`, `${lines.join('\r\n')}\r\n`);
    setMessage(`Exported ${lines.length - 1} charges.`);
  };

  const list: ChargeRecord[] = rows.data ?? [];
  if (detail) {
    return <ChargeDetails traceId={detail} onBack={() => setDetail(null)} onOpen={setDetail} />;
  }
  if (report) {
    return (
      <ShiftReportView
        shift={report}
        shopName={settings?.shopName ?? ''}
        paper={settings?.receiptPaper ?? '80mm'}
        onBack={() => setReport(null)}
      />
    );
  }
  if (askPin) {
    return (
      <PinGate
        pin={ownerPin}
        title={askPin === 'clear' ? 'Clearing history is for the owner' : 'Closing a shift is for the owner'}
        onCancel={() => setAskPin(null)}
        onUnlock={() => {
          setAskPin(null);
          setConfirm(askPin);
        }}
      />
    );
  }
  const title = day === today ? "Today's totals" : `Totals for ${day}`;
  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">History</span>
        <button type="button" className="btn small" onClick={onClose}>
          Back
        </button>
      </header>
      <div className="page">
        <div className="amount-row">
          <div className="field">
            <label htmlFor="history-day">Day</label>
            <input
              id="history-day"
              type="date"
              value={day}
              max={today}
              onChange={(e) => {
                if (e.target.value) {
                  setDay(e.target.value);
                  setPages(1);
                }
              }}
            />
          </div>
        </div>
        <section className="panel" aria-labelledby="day-totals">
          <h2 id="day-totals">{title}</h2>
          <TotalsList totals={dayTotals.data?.totals} empty="No charges on this day." />
        </section>
        <h2 style={{ marginTop: '1rem' }}>Charges</h2>
        <ul className="history-list" aria-label="Charges">
          {list.map((c) => {
            const paid = paidText(c);
            const extras = [
              c.tip
                ? `tip ${formatAmount(c.tip.amount, { symbol: c.quoteSymbol, decimals: c.quoteDecimals, isFiat: c.quoteIsFiat, currencyCode: c.quoteIsFiat ? c.quoteAssetId.toUpperCase() : undefined })}`
                : null,
              c.lines && c.lines.length > 1 ? `${c.lines.length} items` : null,
            ].filter(Boolean);
            return (
              <li key={c.traceId}>
                <button type="button" className="history-row" onClick={() => setDetail(c.traceId)}>
                  <span className="muted">
                    {new Date(c.createdAt).toLocaleTimeString(undefined, {
                      hour: '2-digit',
                      minute: '2-digit',
                    })}
                  </span>
                  <span>
                    <strong>
                      {reportMoney(c.quoteAmount, {
                        symbol: c.quoteSymbol,
                        decimals: c.quoteDecimals,
                        isFiat: c.quoteIsFiat,
                        quoteAssetId: c.quoteAssetId,
                      })}
                    </strong>
                    {extras.length > 0 && <span className="muted small"> · {extras.join(' · ')}</span>}
                    {paid && <span className="muted small"> · paid {paid}</span>}
                    {c.remark && <span className="muted small"> · {c.remark}</span>}
                  </span>
                  <StatusPill charge={c} />
                </button>
              </li>
            );
          })}
        </ul>
        {rows.isSuccess && list.length === 0 && <p className="muted">No charges on this day.</p>}
        {list.length === pages * PAGE && (
          <button type="button" className="btn" onClick={() => setPages((p) => p + 1)}>
            Show more
          </button>
        )}

        <section className="panel" aria-labelledby="shift-title" style={{ marginTop: '1rem' }}>
          <h2 id="shift-title">Shift summary</h2>
          <p className="muted small">
            {shift.data?.since
              ? `Since ${new Date(shift.data.since).toLocaleString()}`
              : 'Since the first charge'}{' '}
            · {shift.data?.count ?? '…'} charges
          </p>
          <TotalsList totals={shift.data?.totals} empty="No charges this shift." />
          <button
            type="button"
            className="btn"
            onClick={() => (shiftCloseNeedsPin ? setAskPin('close-shift') : setConfirm('close-shift'))}
          >
            Close shift
          </button>
          <h3 style={{ marginTop: '1rem' }}>Past shifts</h3>
          {pastShifts.data?.length ? (
            <ul className="plain-list" aria-label="Past shifts">
              {pastShifts.data.map((s) => (
                <li key={s.closedAt}>
                  <button type="button" className="btn small" onClick={() => setReport(s)}>
                    {shiftTitle(s)}
                    {s.report ? ` · ${s.report.count} ${s.report.count === 1 ? 'charge' : 'charges'}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{pastShifts.data ? 'No shift closed yet.' : '…'}</p>
          )}
        </section>

        <section className="panel" aria-labelledby="export-title" style={{ marginTop: '1rem' }}>
          <h2 id="export-title">Export</h2>
          <div className="amount-row">
            <div className="field">
              <label htmlFor="export-from">From</label>
              <input
                id="export-from"
                type="date"
                value={exportFrom}
                onChange={(e) => setExportFrom(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="export-to">To</label>
              <input
                id="export-to"
                type="date"
                value={exportTo}
                onChange={(e) => setExportTo(e.target.value)}
              />
            </div>
          </div>
          <button type="button" className="btn" onClick={() => void exportCsv()}>
            Download CSV
          </button>
        </section>
        <p role="status" aria-live="polite">
          {message}
        </p>
        <button type="button" className="btn danger" onClick={() => setAskPin('clear')}>
          Clear history…
        </button>
      </div>
      <ConfirmDialog
        open={confirm === 'close-shift'}
        title="Close the shift?"
        body="The shift summary starts again from zero. Charges stay in the history."
        confirmLabel="Close shift now"
        dismissLabel="Not yet"
        onDismiss={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void closeShift().then(
            (closed) => {
              setMessage('Shift closed.');
              setReport(closed);
            },
            (error: unknown) =>
              setMessage(
                `The shift could not be closed: ${error instanceof Error ? error.message : String(error)}`,
              ),
          );
        }}
      />
      <ConfirmDialog
        open={confirm === 'clear'}
        title="Delete the history?"
        body="Every finished charge is deleted from this device. Charges still waiting for payment are kept."
        confirmLabel="Delete history"
        dismissLabel="Keep it"
        onDismiss={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void clearEndedCharges().then((n) => setMessage(`Deleted ${n} charges.`));
        }}
      />
    </main>
  );
}
