/**
 * Sales history: one day at a time, newest first, paged from IndexedDB (50 rows a page), so it
 * opens fast however many charges the till has taken. Totals, the shift summary and CSV export
 * stream through the journal with a cursor instead of loading everything.
 */
import { useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import {
  clearEndedCharges,
  closeShift,
  forEachCharge,
  lastShiftClose,
  listCharges,
  subscribeJournal,
  type ChargeRecord,
  type ChargeStatus,
} from '@/journal/journal';
import { formatAmount } from '@/money/format';
import { PinGate, useSettings, type PinHash } from '@/settings';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { csvHeader, csvRow } from './csv';
import { dayRange, isoDay, TotalsAccumulator, type CurrencyTotals } from './summary';

const PAGE = 50;

const STATUS_WORDS: Record<ChargeStatus, string> = {
  open: 'Waiting',
  received: 'Received',
  mismatch: 'Mismatch',
  failed: 'Failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

let journalVersion = 0;
const subscribeVersion = (cb: () => void) =>
  subscribeJournal(() => {
    journalVersion++;
    cb();
  });
/** Bumps whenever the journal changes, so the queries below refetch. */
function useJournalVersion() {
  return useSyncExternalStore(subscribeVersion, () => journalVersion);
}

function money(amount: string, t: Pick<CurrencyTotals, 'symbol' | 'decimals' | 'isFiat' | 'quoteAssetId'>) {
  return formatAmount(amount, {
    symbol: t.symbol,
    decimals: t.decimals,
    isFiat: t.isFiat,
    currencyCode: t.isFiat ? t.quoteAssetId.toUpperCase() : undefined,
  });
}

function TotalsList({ totals, empty }: { totals: CurrencyTotals[] | undefined; empty: string }) {
  if (!totals) return <p className="muted">Adding up…</p>;
  if (!totals.length) return <p className="muted">{empty}</p>;
  return (
    <ul className="totals" style={{ listStyle: 'none', padding: 0 }}>
      {totals.map((t) => (
        <li key={t.quoteAssetId}>
          <strong>{t.symbol}</strong>{' '}
          {(Object.entries(t.byStatus) as [ChargeStatus, { count: number; total: string }][]).map(
            ([status, s]) => (
              <span key={status} className="muted">
                {' '}
                · {STATUS_WORDS[status]} {s.count} × = {money(s.total, t)}
              </span>
            ),
          )}
        </li>
      ))}
    </ul>
  );
}

async function totalsBetween(
  from: number,
  to?: number,
): Promise<{ totals: CurrencyTotals[]; count: number }> {
  const acc = new TotalsAccumulator();
  await forEachCharge({ from, to }, (c) => acc.add(c));
  return { totals: acc.result(), count: acc.count };
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function HistoryScreen({ onClose, ownerPin }: { onClose: () => void; ownerPin: PinHash }) {
  const version = useJournalVersion();
  const [today] = useState(() => isoDay(Date.now()));
  const [day, setDay] = useState(today);
  const [pages, setPages] = useState(1);
  const [exportFrom, setExportFrom] = useState(day);
  const [exportTo, setExportTo] = useState(day);
  const [confirm, setConfirm] = useState<'close-shift' | 'clear' | null>(null);
  // Clearing history (and closing a shift, unless the owner turned that off) is the owner's call:
  // the PIN is asked here, so this screen keeps its state.
  const [askPin, setAskPin] = useState<'close-shift' | 'clear' | null>(null);
  const shiftCloseNeedsPin = useSettings()?.shiftCloseNeedsPin ?? true;
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

  const exportCsv = async () => {
    const from = dayRange(exportFrom).from;
    const to = dayRange(exportTo).to;
    if (to <= from) return setMessage('The export range ends before it starts.');
    const lines = [csvHeader()];
    await forEachCharge({ from, to }, (c) => lines.push(csvRow(c)));
    download(`mixpay-pos-${exportFrom}_${exportTo}.csv`, `${lines.join('\r\n')}\r\n`);
    setMessage(`Exported ${lines.length - 1} charges.`);
  };

  const list: ChargeRecord[] = rows.data ?? [];
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
          {list.map((c) => (
            <li key={c.traceId} className="history-row">
              <span className="muted">
                {new Date(c.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
              </span>
              <span>
                <strong>
                  {money(c.quoteAmount, {
                    symbol: c.quoteSymbol,
                    decimals: c.quoteDecimals,
                    isFiat: c.quoteIsFiat,
                    quoteAssetId: c.quoteAssetId,
                  })}
                </strong>{' '}
                <span className="muted">{c.quoteSymbol}</span>
                {c.result?.paymentAmount && (
                  <span className="muted small">
                    {' '}
                    · paid {c.result.paymentAmount} {c.result.paymentSymbol}
                  </span>
                )}
                {c.remark && <span className="muted small"> · {c.remark}</span>}
              </span>
              <span className="status-pill">
                {STATUS_WORDS[c.status]}
                {c.latePayment ? ' (late)' : ''}
              </span>
            </li>
          ))}
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
          void closeShift().then(() => setMessage('Shift closed.'));
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
