/**
 * One charge from the history, in full: its receipt (items, discount, tip, total, what was paid)
 * with Print / Receipt QR / Share, and everything the journal knows besides: status, MixPay's
 * answer, settlement, the link used, a late payment, a mismatch, and the charges linked to it.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { ReceiptActions, ReceiptView, receiptOf } from '@/charge';
import { chargesLinkedTo, getCharge, type ChargeRecord } from '@/journal/journal';
import { outcomeOf } from '@/lifecycle/lifecycle';
import { failureReasonText } from '@/mixpay/errors';
import { formatAmount, formatCrypto } from '@/money/format';
import { isDecimalString, compareDecimal } from '@/money/decimal';
import { useSettings } from '@/settings';
import { useJournalVersion } from './journal-version';
import { StatusPill } from './status';

const FIELD_NAMES: Record<string, string> = {
  payeeId: 'Payee',
  quoteAssetId: 'Currency',
  quoteAmount: 'Amount',
  traceId: 'Trace ID',
  expiredAt: 'Deadline',
  settlementAssetId: 'Settlement asset',
};

const OUTCOME_WORDS: Record<string, string> = {
  received: 'Paid and verified: payee, currency and amount match.',
  mismatch: 'MixPay reports a payment, but not the one asked for.',
  underpaid: 'The customer paid less than due and MixPay closed the payment.',
  failed: 'The payment failed.',
  expired: 'No payment arrived before the time ran out.',
  cancelled: 'The cashier stopped the charge.',
};

function time(ms: number | undefined) {
  return ms === undefined
    ? '—'
    : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

function positive(amount: string | undefined): amount is string {
  return amount !== undefined && isDecimalString(amount) && compareDecimal(amount, '0') > 0;
}

export function ChargeDetails({
  traceId,
  onBack,
  onOpen,
}: {
  traceId: string;
  onBack: () => void;
  /** Opens another charge's details (a linked one). */
  onOpen: (traceId: string) => void;
}) {
  const version = useJournalVersion();
  const paper = useSettings()?.receiptPaper ?? '80mm';
  const headingRef = useRef<HTMLHeadingElement>(null);
  const data = useQuery({
    queryKey: ['journal', 'charge', traceId, version],
    queryFn: async () => {
      const charge = await getCharge(traceId);
      const [followers, origin] = await Promise.all([
        chargesLinkedTo(traceId),
        charge?.linkedTo ? getCharge(charge.linkedTo.traceId) : Promise.resolve(undefined),
      ]);
      return { charge: charge ?? null, followers, origin: origin ?? null };
    },
    networkMode: 'always',
    gcTime: 0,
    placeholderData: (previous) => previous,
  });
  const charge = data.data?.charge ?? null;
  const receipt = useMemo(() => (charge ? receiptOf(charge) : null), [charge]);
  useEffect(() => headingRef.current?.focus(), [traceId]);

  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">Charge details</span>
        <button type="button" className="btn small" onClick={onBack}>
          Back to history
        </button>
      </header>
      <div className="page details-page">
        {!charge || !receipt ? (
          <h1 ref={headingRef} tabIndex={-1}>
            {data.isPending ? 'Loading…' : 'This charge is no longer in the history'}
          </h1>
        ) : (
          <>
            <h1 ref={headingRef} tabIndex={-1}>
              {formatAmount(charge.quoteAmount, {
                symbol: charge.quoteSymbol,
                decimals: charge.quoteDecimals,
                isFiat: charge.quoteIsFiat,
                currencyCode: charge.quoteIsFiat ? charge.quoteAssetId.toUpperCase() : undefined,
              })}{' '}
              <StatusPill charge={charge} />
            </h1>
            <p>{OUTCOME_WORDS[outcomeOf(charge) ?? ''] ?? 'Waiting for the payment.'}</p>
            <ReceiptView receipt={receipt} headingLevel={2} />
            <ReceiptActions receipt={receipt} paper={paper} />
            <Facts charge={charge} />
            <Links
              charge={charge}
              origin={data.data?.origin ?? null}
              followers={data.data?.followers ?? []}
              onOpen={onOpen}
            />
          </>
        )}
      </div>
    </main>
  );
}

function Facts({ charge: c }: { charge: ChargeRecord }) {
  const r = c.result;
  return (
    <section className="panel" aria-labelledby="details-facts">
      <h2 id="details-facts">Payment</h2>
      <dl className="facts">
        <dt>Created</dt>
        <dd>{time(c.createdAt)}</dd>
        {c.tillName && (
          <>
            <dt>Till</dt>
            <dd>{c.tillName}</dd>
          </>
        )}
        {c.endedAt !== undefined && (
          <>
            <dt>Ended</dt>
            <dd>{time(c.endedAt)}</dd>
          </>
        )}
        {r && (
          <>
            <dt>MixPay status</dt>
            <dd>{r.status}</dd>
          </>
        )}
        {r?.failureCode !== undefined && (
          <>
            <dt>Reason</dt>
            <dd>{failureReasonText(r.failureCode, r.failureReason)}</dd>
          </>
        )}
        {positive(r?.paymentAmount) && (
          <>
            <dt>Paid</dt>
            <dd>{formatCrypto(r.paymentAmount, r.paymentSymbol)}</dd>
          </>
        )}
        {positive(r?.payableAmount) && (
          <>
            <dt>Due in {r.paymentSymbol ?? 'the payment asset'}</dt>
            <dd>{formatCrypto(r.payableAmount, r.paymentSymbol)}</dd>
          </>
        )}
        {r?.confirmations !== undefined && r.confirmations >= 0 && (
          <>
            <dt>Confirmations</dt>
            <dd>{r.confirmations}</dd>
          </>
        )}
        <dt>Settlement</dt>
        <dd>
          <span className="mono small">{r?.settleAsset ?? c.settlementAssetId}</span>
          {c.strictMode ? ' (strict mode: always this asset)' : ''}
        </dd>
        {c.latePayment && (
          <>
            <dt>Late payment</dt>
            <dd>
              Paid after the charge was stopped (seen {time(c.latePayment.seenAt)})
              {c.latePayment.acknowledged ? ', alert dismissed' : ', alert not dismissed yet'}
            </dd>
          </>
        )}
        <dt>Payment link</dt>
        <dd>
          {c.linkMode === 'one-time' ? 'One-time link' : 'Paylink'}
          {c.linkFellBack ? ' (the one-time link could not be made)' : ''}
          {c.wallet && c.wallet !== 'any' ? ` · ${c.wallet === 'mixin' ? 'Mixin wallet' : 'on-chain'}` : ''}
        </dd>
        {r?.txid && (
          <>
            <dt>Transaction</dt>
            <dd>
              <span className="mono small">{r.txid}</span>
              {r.blockExplorerUrl && /^https:\/\//i.test(r.blockExplorerUrl) && (
                <>
                  {' '}
                  <a href={r.blockExplorerUrl} target="_blank" rel="noopener noreferrer">
                    Block explorer
                  </a>
                </>
              )}
            </dd>
          </>
        )}
        <dt>Trace ID</dt>
        <dd className="mono small">{c.traceId}</dd>
      </dl>
      {c.mismatches && c.mismatches.length > 0 && (
        <table className="mismatch-table">
          <caption>What was asked and what came back</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Asked</th>
              <th scope="col">Came back</th>
            </tr>
          </thead>
          <tbody>
            {c.mismatches.map((m) => (
              <tr key={m.field}>
                <th scope="row">{FIELD_NAMES[m.field] ?? m.field}</th>
                <td>{m.expected}</td>
                <td>{m.actual}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Links({
  charge,
  origin,
  followers,
  onOpen,
}: {
  charge: ChargeRecord;
  origin: ChargeRecord | null;
  followers: ChargeRecord[];
  onOpen: (traceId: string) => void;
}) {
  if (!charge.linkedTo && followers.length === 0) return null;
  const label = (c: ChargeRecord) =>
    `${formatAmount(c.quoteAmount, {
      symbol: c.quoteSymbol,
      decimals: c.quoteDecimals,
      isFiat: c.quoteIsFiat,
      currencyCode: c.quoteIsFiat ? c.quoteAssetId.toUpperCase() : undefined,
    })}, ${time(c.createdAt)}`;
  return (
    <section className="panel" aria-labelledby="details-links">
      <h2 id="details-links">Linked charges</h2>
      <ul className="plain-list">
        {charge.linkedTo && (
          <li>
            {charge.linkedTo.reason === 'difference' ? 'Charges the rest of ' : 'Charges again '}
            {origin ? (
              <button type="button" className="btn small" onClick={() => onOpen(origin.traceId)}>
                {label(origin)}
              </button>
            ) : (
              <span className="mono small">{charge.linkedTo.traceId}</span>
            )}
          </li>
        )}
        {followers.map((f) => (
          <li key={f.traceId}>
            {f.linkedTo?.reason === 'difference' ? 'The rest was charged in ' : 'Charged again in '}
            <button type="button" className="btn small" onClick={() => onOpen(f.traceId)}>
              {label(f)}
            </button>{' '}
            <StatusPill charge={f} />
          </li>
        ))}
      </ul>
    </section>
  );
}
