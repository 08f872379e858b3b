import { t } from '@lingui/core/macro';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatLocale } from '@/i18n/i18n';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { outcomeOf } from '@/lifecycle/lifecycle';
import { amountStillDue, followUpOf, nextStepOf, type NextStep } from '@/lifecycle/next-steps';
import { saleOf } from '@/lifecycle/sale';
import { failureReasonText } from '@/mixpay/failure-reasons';
import { fractionDigitsOf, isDecimalString } from '@/money/decimal';
import { formatAmount, formatCrypto } from '@/money/format';
import { useMixPay, useSettings } from '@/settings';
import { displayAssetOf } from './display-asset';
import { receiptOf } from './receipt/receipt';
import { ReceiptActions } from './receipt/receipt-actions';
import { ResultIcon } from './result-icons';
import './result.css';
import { startCharge, upgradeToOneTimeLink } from './start-charge';
import { startErrorMessage } from './start-error';

/** A mismatch table's row name for a payment field (the field itself when it has none). */
function fieldName(field: string): string {
  switch (field) {
    case 'payeeId':
      return t`Payee`;
    case 'quoteAssetId':
      return t`Currency`;
    case 'quoteAmount':
      return t`Amount`;
    case 'traceId':
      return t`Trace ID`;
    case 'expiredAt':
      return t`Deadline`;
    case 'settlementAssetId':
      return t`Settlement asset`;
    default:
      return field;
  }
}

function formatTime(ms: number) {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

/**
 * "Charge the difference" / "Charge again": a new charge, linked to this one, for what is still
 * owed or for the same sale (the lifecycle's next-steps rules), with the owner's current settings.
 */
function useFollowUp(charge: ChargeRecord, onFollowUp: ((next: ChargeRecord) => void) | undefined) {
  const settings = useSettings();
  const { client, checkoutUrl } = useMixPay();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busyRef = useRef(false);
  const start = async (step: NextStep) => {
    const next = followUpOf(charge, step);
    if (!next || !settings || !onFollowUp || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      let record = await startCharge({
        settings,
        quoteAsset: {
          assetId: charge.quoteAssetId,
          symbol: charge.quoteSymbol,
          decimalDigit: charge.quoteDecimals,
          isAsset: !charge.quoteIsFiat,
        },
        amount: next.quoteAmount,
        sale: next.sale,
        linkedTo: next.linkedTo,
        remark: charge.remark,
      });
      if (settings.linkMode === 'one-time') record = await upgradeToOneTimeLink(record, client, checkoutUrl);
      onFollowUp(record);
    } catch (e) {
      setError(startErrorMessage(e));
      busyRef.current = false;
      setBusy(false);
    }
  };
  return { start, busy, error, paper: settings?.receiptPaper ?? '80mm' };
}

export function ResultScreen({
  charge,
  onNewSale,
  onFollowUp,
}: {
  charge: ChargeRecord;
  onNewSale: () => void;
  /** A next step made a new charge: show it (its QR). */
  onFollowUp?: (next: ChargeRecord) => void;
}) {
  const followUp = useFollowUp(charge, onFollowUp);
  const receipt = useMemo(() => receiptOf(charge), [charge]);
  const sale = saleOf(charge);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const newSaleRef = useRef<HTMLButtonElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => headingRef.current?.focus(), []);
  const outcome = outcomeOf(charge) ?? 'cancelled';

  // A phone's status bar takes the outcome's colour too (read from result.css, not repeated here).
  useEffect(() => {
    const meta = document.querySelector<HTMLMetaElement>('meta[name="theme-color"]');
    const main = mainRef.current;
    if (!meta || !main) return;
    const before = meta.content;
    meta.content = getComputedStyle(main).backgroundColor;
    return () => {
      meta.content = before;
    };
  }, [outcome]);

  // Enter starts the next sale, as on the keypad.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && document.activeElement === headingRef.current) {
        event.preventDefault();
        newSaleRef.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const asset = displayAssetOf(charge);
  const amount = formatAmount(charge.quoteAmount, asset);
  // Amounts in the mismatch table read as money; anything unreadable is shown verbatim.
  const showValue = (field: string, value: string) => {
    if (field === 'expiredAt' && /^\d+$/.test(value)) return formatTime(Number(value) * 1000);
    if (field !== 'quoteAmount' || !isDecimalString(value)) return value;
    // Never round what came back: 9.999 must not read as the $10.00 that was asked.
    if (fractionDigitsOf(value) > asset.decimals) return `${value} ${charge.quoteSymbol}`;
    try {
      return formatAmount(value, asset);
    } catch {
      return value;
    }
  };
  const traceId = charge.traceId;
  const shortTrace = traceId.slice(0, 8);
  const paidLess = charge.result?.paymentAmount
    ? formatCrypto(charge.result.paymentAmount, charge.result.paymentSymbol)
    : null;
  const result = charge.result;
  const step = nextStepOf(charge);
  const due = step === 'difference' ? amountStillDue(charge) : null;
  const stillToPay = due ? formatAmount(due, asset) : null;
  // What the cashier reads from a metre away: the outcome, what to do now, and how much.
  let heading: string;
  let next: string;
  let amountLabel: string;
  let body: React.ReactNode;

  switch (outcome) {
    case 'received':
      heading = t`Payment received`;
      next = t`Hand over the goods.`;
      amountLabel = t`Received`;
      body = (
        <dl className="facts">
          {sale.lines.length > 1 || sale.discount || sale.tip ? (
            <>
              <dt>{t`Items`}</dt>
              <dd>{sale.lines.length}</dd>
              <dt>{t`Subtotal`}</dt>
              <dd>{formatAmount(sale.subtotal, asset)}</dd>
              {sale.discount && (
                <>
                  <dt>
                    {t`Discount`}
                    {sale.discount.percent ? ` (${sale.discount.percent}%)` : ''}
                  </dt>
                  <dd>−{formatAmount(sale.discount.amount, asset)}</dd>
                </>
              )}
              {sale.tip && (
                <>
                  <dt>
                    {t`Tip`}
                    {sale.tip.percent ? ` (${sale.tip.percent}%)` : ''}
                  </dt>
                  <dd>{formatAmount(sale.tip.amount, asset)}</dd>
                </>
              )}
              <dt>{t`Total`}</dt>
              <dd>{amount}</dd>
            </>
          ) : null}
          {result?.paymentAmount && (
            <>
              <dt>{t`Paid with`}</dt>
              <dd>{formatCrypto(result.paymentAmount, result.paymentSymbol)}</dd>
            </>
          )}
          <dt>{t`Time`}</dt>
          <dd>{formatTime(result?.date ? result.date * 1000 : (charge.endedAt ?? charge.updatedAt))}</dd>
          <dt>{t`Trace`}</dt>
          <dd title={charge.traceId}>{shortTrace}</dd>
        </dl>
      );
      break;
    case 'mismatch':
      heading = t`Payment does not match`;
      next = t`Do not hand over the goods.`;
      amountLabel = t`Asked`;
      body = (
        <>
          <p>{t`MixPay reports a payment, but not the one you asked for.`}</p>
          <table className="mismatch-table">
            <caption className="visually-hidden">{t`What was asked and what came back`}</caption>
            <thead>
              <tr>
                <th scope="col">{t`Field`}</th>
                <th scope="col">{t`Asked`}</th>
                <th scope="col">{t`Came back`}</th>
              </tr>
            </thead>
            <tbody>
              {(charge.mismatches ?? []).map((m) => (
                <tr key={m.field}>
                  <th scope="row">{fieldName(m.field)}</th>
                  <td>{showValue(m.field, m.expected)}</td>
                  <td>{showValue(m.field, m.actual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small trace">{t`Trace ${traceId}`}</p>
        </>
      );
      break;
    case 'underpaid':
      heading = t`Underpaid`;
      next = due ? t`Do not hand over the goods. Charge the difference.` : t`Do not hand over the goods.`;
      amountLabel = t`Asked`;
      body = (
        <>
          <p>
            {paidLess
              ? t`The customer paid less than due and MixPay closed the payment (paid ${paidLess}).`
              : t`The customer paid less than due and MixPay closed the payment.`}
          </p>
          <p className="muted small">{t`Trace ${shortTrace}`}</p>
        </>
      );
      break;
    case 'failed':
      heading = t`Payment failed`;
      next = t`Nothing was paid. Ask the customer to pay again or charge again.`;
      amountLabel = t`Not paid`;
      body = (
        <>
          <p>{failureReasonText(result?.failureCode, result?.failureReason)}</p>
          <p className="muted small">{t`Trace ${shortTrace}`}</p>
        </>
      );
      break;
    case 'expired':
      heading = t`Payment expired`;
      next = t`No payment arrived in time. Charge again if the customer still wants to pay.`;
      amountLabel = t`Not paid`;
      body = <p>{t`If the customer pays late, the app will alert you.`}</p>;
      break;
    default:
      heading = t`Charge cancelled`;
      next = t`Nothing was charged.`;
      amountLabel = t`Not charged`;
      body = null;
  }

  return (
    <main ref={mainRef} className={`result-screen result-${outcome}`}>
      {/* Focusable: on a small screen this part scrolls, and a keyboard must be able to scroll it. */}
      <div className="result-content" tabIndex={0} role="region" aria-labelledby={headingId}>
        <ResultIcon outcome={outcome} />
        <h1 ref={headingRef} id={headingId} tabIndex={-1}>
          {heading}
        </h1>
        <p role="status" aria-live="polite" className="visually-hidden">
          {heading}
        </p>
        <p className="result-next">{next}</p>
        <p className={`result-amount${amount.length > 12 ? ' long' : ''}`}>
          <span className="result-amount-label">{amountLabel}</span>{' '}
          <span className="result-amount-value">{amount}</span>
        </p>
        {stillToPay && <p className="result-due">{t`Still to pay: ${stillToPay}`}</p>}
        {body}
      </div>
      <div className="result-actions">
        {followUp.error && (
          <p className="error-text" role="alert">
            {followUp.error}
          </p>
        )}
        <div className="result-buttons">
          {step && onFollowUp && (
            <button
              type="button"
              className="btn big"
              disabled={followUp.busy}
              onClick={() => void followUp.start(step)}
            >
              {step === 'difference' ? t`Charge the difference` : t`Charge again`}
            </button>
          )}
          <button ref={newSaleRef} type="button" className="btn big primary" onClick={onNewSale}>
            {t`New sale`}
          </button>
        </div>
        {charge.status === 'received' && <ReceiptActions receipt={receipt} paper={followUp.paper} />}
      </div>
    </main>
  );
}
