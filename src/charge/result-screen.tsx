import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { outcomeOf } from '@/lifecycle/lifecycle';
import { amountStillDue, followUpOf, nextStepOf, type NextStep } from '@/lifecycle/next-steps';
import { saleOf } from '@/lifecycle/sale';
import { failureReasonText } from '@/mixpay/errors';
import { fractionDigitsOf, isDecimalString } from '@/money/decimal';
import { formatAmount, formatCrypto } from '@/money/format';
import { useMixPay, useSettings } from '@/settings';
import { displayAssetOf } from './display-asset';
import { receiptOf } from './receipt/receipt';
import { ReceiptActions } from './receipt/receipt-actions';
import { startCharge, upgradeToOneTimeLink } from './start-charge';
import { startErrorMessage } from './start-error';

const FIELD_NAMES: Record<string, string> = {
  payeeId: 'Payee',
  quoteAssetId: 'Currency',
  quoteAmount: 'Amount',
  traceId: 'Trace ID',
  expiredAt: 'Deadline',
  settlementAssetId: 'Settlement asset',
};

function formatTime(ms: number) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
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
  useEffect(() => headingRef.current?.focus(), []);

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
  const shortTrace = charge.traceId.slice(0, 8);
  const paidLess = charge.result?.paymentAmount
    ? formatCrypto(charge.result.paymentAmount, charge.result.paymentSymbol)
    : null;
  const result = charge.result;
  let tone: 'ok' | 'bad' | 'warn';
  let heading: string;
  let body: React.ReactNode;

  switch (outcomeOf(charge)) {
    case 'received':
      tone = 'ok';
      heading = 'Payment received';
      body = (
        <dl className="facts">
          {sale.lines.length > 1 || sale.discount || sale.tip ? (
            <>
              <dt>Items</dt>
              <dd>{sale.lines.length}</dd>
              <dt>Subtotal</dt>
              <dd>{formatAmount(sale.subtotal, asset)}</dd>
              {sale.discount && (
                <>
                  <dt>Discount{sale.discount.percent ? ` (${sale.discount.percent}%)` : ''}</dt>
                  <dd>−{formatAmount(sale.discount.amount, asset)}</dd>
                </>
              )}
              {sale.tip && (
                <>
                  <dt>Tip{sale.tip.percent ? ` (${sale.tip.percent}%)` : ''}</dt>
                  <dd>{formatAmount(sale.tip.amount, asset)}</dd>
                </>
              )}
              <dt>Total</dt>
              <dd>{amount}</dd>
            </>
          ) : (
            <>
              <dt>Amount</dt>
              <dd>{amount}</dd>
            </>
          )}
          {result?.paymentAmount && (
            <>
              <dt>Paid with</dt>
              <dd>{formatCrypto(result.paymentAmount, result.paymentSymbol)}</dd>
            </>
          )}
          <dt>Time</dt>
          <dd>{formatTime(result?.date ? result.date * 1000 : (charge.endedAt ?? charge.updatedAt))}</dd>
          <dt>Trace</dt>
          <dd title={charge.traceId}>{shortTrace}</dd>
        </dl>
      );
      break;
    case 'mismatch':
      tone = 'bad';
      heading = 'Payment does not match';
      body = (
        <>
          <p>MixPay reports a payment, but not the one you asked for. Do not hand over the goods.</p>
          <table className="mismatch-table">
            <caption className="visually-hidden">What was asked and what came back</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Asked</th>
                <th scope="col">Came back</th>
              </tr>
            </thead>
            <tbody>
              {(charge.mismatches ?? []).map((m) => (
                <tr key={m.field}>
                  <th scope="row">{FIELD_NAMES[m.field] ?? m.field}</th>
                  <td>{showValue(m.field, m.expected)}</td>
                  <td>{showValue(m.field, m.actual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">Trace {charge.traceId}</p>
        </>
      );
      break;
    case 'underpaid':
      tone = 'bad';
      heading = 'Underpaid';
      body = (
        <>
          <p>
            The customer paid less than due and MixPay closed the payment
            {paidLess ? ` (paid ${paidLess})` : ''}. Do not hand over the goods.
          </p>
          <p className="muted">
            {amount} · trace {shortTrace}
          </p>
        </>
      );
      break;
    case 'failed':
      tone = 'bad';
      heading = 'Payment failed';
      body = (
        <>
          <p>{failureReasonText(result?.failureCode, result?.failureReason)}</p>
          <p className="muted">
            {amount} · trace {shortTrace}
          </p>
        </>
      );
      break;
    case 'expired':
      tone = 'warn';
      heading = 'Payment expired';
      body = (
        <p>
          No payment arrived for {amount} before the time ran out. If the customer pays late, the app will
          alert you.
        </p>
      );
      break;
    default:
      tone = 'warn';
      heading = 'Charge cancelled';
      body = <p>{amount}</p>;
  }

  return (
    <main className={`result-screen ${tone}`}>
      <div className="result-icon" aria-hidden="true">
        {tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '⏱'}
      </div>
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      <p role="status" aria-live="polite" className="visually-hidden">
        {heading}
      </p>
      {body}
      {onFollowUp && <NextSteps charge={charge} followUp={followUp} />}
      <button ref={newSaleRef} type="button" className="btn big primary" onClick={onNewSale}>
        New sale
      </button>
      {charge.status === 'received' && <ReceiptActions receipt={receipt} paper={followUp.paper} />}
    </main>
  );
}

function NextSteps({ charge, followUp }: { charge: ChargeRecord; followUp: ReturnType<typeof useFollowUp> }) {
  const step = nextStepOf(charge);
  if (!step) return null;
  const due = step === 'difference' ? amountStillDue(charge) : null;
  const asset = displayAssetOf(charge);
  return (
    <div className="next-steps">
      {due && <p>Still to pay: {formatAmount(due, asset)}</p>}
      <button
        type="button"
        className="btn big"
        disabled={followUp.busy}
        onClick={() => void followUp.start(step)}
      >
        {step === 'difference' ? 'Charge the difference' : 'Charge again'}
      </button>
      {followUp.error && (
        <p className="error-text" role="alert">
          {followUp.error}
        </p>
      )}
    </div>
  );
}
