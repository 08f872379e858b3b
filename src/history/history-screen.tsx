/**
 * Sales history: one day at a time, newest first, paged from IndexedDB (50 rows a page), so it
 * opens fast however many charges the till has taken. A row opens the charge's details and receipt.
 * Totals, the shift summary and CSV export stream through the journal instead of loading
 * everything; closed shifts keep the report made when they were closed.
 *
 * With a shop ledger, "Tills" chooses between this till's sales ("This till") and every till's
 * ("All tills": the till on each row and in the CSV, each till's open shift, every till's shift
 * reports); closing a shift can close it for the whole shop.
 */
import { plural, t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { formatLocale } from '@/i18n/i18n';
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
import { loadLedger } from '@/ledger';
import { isOwnCharge } from '@/lifecycle/tills';
import { compareDecimal, isDecimalString } from '@/money/decimal';
import { formatAmount, formatCrypto } from '@/money/format';
import { PinGate, useSettings, type PinHash } from '@/settings';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { ChargeDetails } from './charge-details';
import { csvHeader, csvRow, csvTillFields } from './csv';
import { downloadText } from './download';
import { useJournalVersion } from './journal-version';
import { chargeCount, reportMoney, shiftTitle, ShiftReportView } from './shift-report';
import { STATUS_WORDS, StatusPill } from './status';
import { readShop, shopShiftTotals, useShopChanges } from './shop';
import { dayRange, isoDay } from './summary';
import './history.css';

const PAGE = 50;

function TotalsList({ totals, empty }: { totals: CurrencyReport[] | undefined; empty: string }) {
  const { t } = useLingui();
  if (!totals)
    return (
      <p className="muted">
        <Trans>Adding up…</Trans>
      </p>
    );
  if (!totals.length) return <p className="muted">{empty}</p>;
  const some = (amount: string) => compareDecimal(amount, '0') > 0;
  return (
    <ul className="totals" style={{ listStyle: 'none', padding: 0 }}>
      {totals.map((cur) => {
        const discounts = reportMoney(cur.discounts, cur);
        const tips = reportMoney(cur.tips, cur);
        return (
          <li key={cur.quoteAssetId}>
            <strong>{cur.symbol}</strong>{' '}
            {(Object.entries(cur.byStatus) as [ChargeStatus, { count: number; total: string }][]).map(
              ([status, s]) => {
                const word = t(STATUS_WORDS[status]);
                const count = s.count;
                const total = reportMoney(s.total, cur);
                return (
                  <span key={status} className="muted">
                    {' · '}
                    {t({
                      message: `${word} ${count} × = ${total}`,
                      comment: 'status, number of charges, their sum',
                    })}
                  </span>
                );
              },
            )}
            {some(cur.discounts) && <span className="muted"> · {t`discounts −${discounts}`}</span>}
            {some(cur.tips) && <span className="muted"> · {t`tips ${tips}`}</span>}
          </li>
        );
      })}
    </ul>
  );
}

async function totalsBetween(
  from: number,
  to?: number,
  filter?: (c: ChargeRecord) => boolean,
): Promise<{ totals: CurrencyReport[]; count: number }> {
  const builder = new ShiftReportBuilder();
  await forEachCharge({ from, to }, (c) => {
    if (!filter || filter(c)) builder.add(c);
  });
  const report = builder.build(from, to ?? Date.now());
  return { totals: report.currencies, count: report.count };
}

/** "paid …" on a row: only when something was paid, in the payment asset, its symbol once. */
function paidText(c: ChargeRecord): string | null {
  const paid = c.result?.paymentAmount;
  if (!paid || !isDecimalString(paid) || compareDecimal(paid, '0') <= 0) return null;
  return formatCrypto(paid, c.result?.paymentSymbol);
}

/** "This till": its own charges (and those from before till identity); "All tills": no filter. */
function tillFilter(all: boolean, ownTillId: string | undefined) {
  return all ? undefined : (c: ChargeRecord) => isOwnCharge(c, ownTillId);
}

/** Closes this till's shift and, through the ledger, every other till's at the same moment. */
async function closeShopShift(): Promise<ShiftRecord> {
  const ledger = (await loadLedger()).currentLedger();
  // Shown after "The shift could not be closed:".
  if (!ledger)
    throw new Error(t`the shop ledger is not running in this tab (another tab of this app syncs it)`);
  return ledger.closeShopShift();
}

export function HistoryScreen({ onClose, ownerPin }: { onClose: () => void; ownerPin: PinHash }) {
  const { t } = useLingui();
  const version = useJournalVersion();
  const settings = useSettings();
  // A row's details, or a shift's report, take the screen; Back returns to the list as it was.
  const [detail, setDetail] = useState<string | null>(null);
  const [report, setReport] = useState<(ShiftRecord & { till?: string }) | null>(null);
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
  // The shop's tills: only with a ledger. "This till" = its own charges (and those from before
  // till identity); without a ledger that is every charge the till has.
  const shop = !!settings?.ledger;
  const [tills, setTills] = useState<'this' | 'all'>('this');
  const [shopWide, setShopWide] = useState(false);
  const all = shop && tills === 'all';
  const ownTillId = settings?.tillId;
  const ownTillName = settings?.tillName;
  const filter = useMemo(() => tillFilter(all, ownTillId), [all, ownTillId]);

  const shopChanges = useShopChanges(shop, version);
  const shopView = useQuery({
    queryKey: ['ledger', 'shop', version, shopChanges],
    queryFn: readShop,
    networkMode: 'always',
    enabled: shop,
    gcTime: 0,
    placeholderData: (previous) => previous,
  });
  const shopData = shopView.data;
  const names = new Map((shopData?.tills ?? []).map((till) => [till.tillId, till.name]));
  const tillOf = (c: ChargeRecord) => c.tillId ?? ownTillId;
  const anotherTill = t`Another till`;
  const tillNameOf = (c: ChargeRecord) =>
    (isOwnCharge(c, ownTillId) ? ownTillName : undefined) ??
    names.get(tillOf(c) ?? '') ??
    c.tillName ??
    anotherTill;

  const rows = useQuery({
    queryKey: ['journal', 'day', day, pages, version, all, ownTillId],
    queryFn: () => listCharges({ limit: pages * PAGE, ...dayRange(day), filter: tillFilter(all, ownTillId) }),
    networkMode: 'always',
    placeholderData: (previous) => previous,
    gcTime: 0,
  });
  const dayTotals = useQuery({
    queryKey: ['journal', 'day-totals', day, version, all, ownTillId],
    queryFn: () => totalsBetween(dayRange(day).from, dayRange(day).to, tillFilter(all, ownTillId)),
    networkMode: 'always',
    gcTime: 0,
  });
  const shift = useQuery({
    queryKey: ['journal', 'shift', version, all, ownTillId, shopData],
    queryFn: async () => {
      if (all && ownTillId) return shopShiftTotals(ownTillId, shopData?.shifts ?? []);
      const since = (await lastShiftClose()) ?? 0;
      return { since, ...(await totalsBetween(since, undefined, tillFilter(all, ownTillId))) };
    },
    networkMode: 'always',
    // A whole shift can be thousands of charges: add it up after the day's list and totals.
    enabled: rows.isSuccess && dayTotals.isSuccess && (!all || shopView.isSuccess),
    gcTime: 0,
    placeholderData: (previous) => previous,
  });
  const pastShifts = useQuery({
    queryKey: ['journal', 'shifts', version, all, ownTillId, ownTillName, shopData, anotherTill],
    queryFn: async (): Promise<Array<ShiftRecord & { tillId?: string; till?: string; shop?: boolean }>> => {
      if (!all) return listShifts();
      const tillNames = new Map((shopData?.tills ?? []).map((till) => [till.tillId, till.name]));
      return (shopData?.shifts ?? []).map((s) => ({
        closedAt: s.closedAt,
        report: s.report,
        tillId: s.tillId,
        till: s.tillId === ownTillId ? ownTillName : (tillNames.get(s.tillId) ?? anotherTill),
        shop: s.scope === 'shop',
      }));
    },
    networkMode: 'always',
    enabled: rows.isSuccess,
    gcTime: 0,
    placeholderData: (previous) => previous,
  });

  const exportCsv = async () => {
    const from = dayRange(exportFrom).from;
    const to = dayRange(exportTo).to;
    if (to <= from) return setMessage(t`The export range ends before it starts.`);
    const lines = [csvHeader(shop)];
    await forEachCharge({ from, to }, (c) => {
      if (filter && !filter(c)) return;
      lines.push(shop ? csvRow(c) + csvTillFields(tillNameOf(c), tillOf(c)) : csvRow(c));
    });
    downloadText(`mixpay-pos-${exportFrom}_${exportTo}.csv`, `${lines.join('\r\n')}\r\n`);
    const count = lines.length - 1;
    setMessage(plural(count, { one: 'Exported # charge.', other: 'Exported # charges.' }));
  };

  const list: ChargeRecord[] = rows.data ?? [];
  const since = shift.data?.since ? new Date(shift.data.since).toLocaleString(formatLocale()) : null;
  const shiftCount = shift.data?.count;
  if (detail) {
    return <ChargeDetails traceId={detail} onBack={() => setDetail(null)} onOpen={setDetail} />;
  }
  if (report) {
    return (
      <ShiftReportView
        shift={report}
        till={report.till}
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
        title={
          askPin === 'clear' ? t`Clearing history is for the owner` : t`Closing a shift is for the owner`
        }
        onCancel={() => setAskPin(null)}
        onUnlock={() => {
          setAskPin(null);
          setConfirm(askPin);
        }}
      />
    );
  }
  const title = day === today ? t`Today's totals` : t`Totals for ${day}`;
  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">
          <Trans>History</Trans>
        </span>
        <button type="button" className="btn small" onClick={onClose}>
          <Trans>Back</Trans>
        </button>
      </header>
      <div className="page">
        <div className="amount-row">
          <div className="field">
            <label htmlFor="history-day">
              <Trans>Day</Trans>
            </label>
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
          {shop && (
            <div className="field">
              <label htmlFor="history-tills">
                <Trans>Tills</Trans>
              </label>
              <select
                id="history-tills"
                value={tills}
                onChange={(e) => {
                  setTills(e.target.value === 'all' ? 'all' : 'this');
                  setPages(1);
                }}
              >
                <option value="this">{t`This till`}</option>
                <option value="all">{t`All tills`}</option>
              </select>
            </div>
          )}
        </div>
        {all && shopData && !shopData.running && (
          <p className="muted small">
            <Trans>
              Another tab of this app syncs the shop ledger: till names and other tills&apos; shift reports
              are shown there.
            </Trans>
          </p>
        )}
        <section className="panel" aria-labelledby="day-totals">
          <h2 id="day-totals">{title}</h2>
          <TotalsList totals={dayTotals.data?.totals} empty={t`No charges on this day.`} />
        </section>
        <h2 style={{ marginTop: '1rem' }}>
          <Trans>Charges</Trans>
        </h2>
        <ul className="history-list" aria-label={t`Charges`}>
          {list.map((c) => {
            const paid = paidText(c);
            const tip = c.tip
              ? formatAmount(c.tip.amount, {
                  symbol: c.quoteSymbol,
                  decimals: c.quoteDecimals,
                  isFiat: c.quoteIsFiat,
                  currencyCode: c.quoteIsFiat ? c.quoteAssetId.toUpperCase() : undefined,
                })
              : null;
            const items = c.lines?.length ?? 0;
            const extras = [
              tip ? t`tip ${tip}` : null,
              items > 1 ? plural(items, { one: '# item', other: '# items' }) : null,
            ].filter(Boolean);
            return (
              <li key={c.traceId}>
                <button type="button" className="history-row" onClick={() => setDetail(c.traceId)}>
                  <span className="muted">
                    {new Date(c.createdAt).toLocaleTimeString(formatLocale(), {
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
                    {paid && <span className="muted small"> · {t`paid ${paid}`}</span>}
                    {c.remark && <span className="muted small"> · {c.remark}</span>}
                    {all && <span className="muted small till-name"> · {tillNameOf(c)}</span>}
                  </span>
                  <StatusPill charge={c} />
                </button>
              </li>
            );
          })}
        </ul>
        {rows.isSuccess && list.length === 0 && (
          <p className="muted">
            <Trans>No charges on this day.</Trans>
          </p>
        )}
        {list.length === pages * PAGE && (
          <button type="button" className="btn" onClick={() => setPages((p) => p + 1)}>
            <Trans>Show more</Trans>
          </button>
        )}

        <section className="panel" aria-labelledby="shift-title" style={{ marginTop: '1rem' }}>
          <h2 id="shift-title">
            <Trans>Shift summary</Trans>
          </h2>
          <p className="muted small">
            {all ? t`Every till since its last close` : since ? t`Since ${since}` : t`Since the first charge`}
            {' · '}
            {shiftCount === undefined ? t`… charges` : chargeCount(shiftCount)}
          </p>
          <TotalsList totals={shift.data?.totals} empty={t`No charges this shift.`} />
          <button
            type="button"
            className="btn"
            onClick={() => (shiftCloseNeedsPin ? setAskPin('close-shift') : setConfirm('close-shift'))}
          >
            <Trans>Close shift</Trans>
          </button>
          <h3 style={{ marginTop: '1rem' }}>
            <Trans>Past shifts</Trans>
          </h3>
          {pastShifts.data?.length ? (
            <ul className="plain-list" aria-label={t`Past shifts`}>
              {pastShifts.data.map((s) => (
                <li key={`${s.tillId ?? ''}:${s.closedAt}`}>
                  <button type="button" className="btn small" onClick={() => setReport(s)}>
                    {s.till ? `${s.till} · ` : ''}
                    {shiftTitle(s)}
                    {s.report ? ` · ${chargeCount(s.report.count)}` : ''}
                    {s.shop ? ` · ${t`whole shop`}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{pastShifts.data ? t`No shift closed yet.` : '…'}</p>
          )}
        </section>

        <section className="panel" aria-labelledby="export-title" style={{ marginTop: '1rem' }}>
          <h2 id="export-title">
            <Trans>Export</Trans>
          </h2>
          <div className="amount-row">
            <div className="field">
              <label htmlFor="export-from">
                <Trans>From</Trans>
              </label>
              <input
                id="export-from"
                type="date"
                value={exportFrom}
                onChange={(e) => setExportFrom(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="export-to">
                <Trans>To</Trans>
              </label>
              <input
                id="export-to"
                type="date"
                value={exportTo}
                onChange={(e) => setExportTo(e.target.value)}
              />
            </div>
          </div>
          <button type="button" className="btn" onClick={() => void exportCsv()}>
            <Trans>Download CSV</Trans>
          </button>
        </section>
        <p role="status" aria-live="polite">
          {message}
        </p>
        <button type="button" className="btn danger" onClick={() => setAskPin('clear')}>
          <Trans>Clear history…</Trans>
        </button>
      </div>
      <ConfirmDialog
        open={confirm === 'close-shift'}
        title={t`Close the shift?`}
        body={t`The shift summary starts again from zero. Charges stay in the history.`}
        confirmLabel={t`Close shift now`}
        dismissLabel={t`Not yet`}
        onDismiss={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          const closing = shop && shopWide ? closeShopShift() : closeShift(Date.now(), ownTillId);
          void closing.then(
            (closed) => {
              setMessage(shop && shopWide ? t`Shift closed for the whole shop.` : t`Shift closed.`);
              setReport(closed);
            },
            (error: unknown) => {
              const reason = error instanceof Error ? error.message : String(error);
              setMessage(t`The shift could not be closed: ${reason}`);
            },
          );
        }}
      >
        {shop && (
          <label>
            <input type="checkbox" checked={shopWide} onChange={(e) => setShopWide(e.target.checked)} />{' '}
            <Trans>For the whole shop: every till closes its shift now</Trans>
          </label>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'clear'}
        title={t`Delete the history?`}
        body={t`Every finished charge is deleted from this device. Charges still waiting for payment are kept.`}
        confirmLabel={t`Delete history`}
        dismissLabel={t`Keep it`}
        onDismiss={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void clearEndedCharges().then((count) =>
            setMessage(plural(count, { one: 'Deleted # charge.', other: 'Deleted # charges.' })),
          );
        }}
      />
    </main>
  );
}
