/**
 * One charge from the history, in full: its receipt (items, discount, tip, total, what was paid)
 * with Print / Receipt QR / Share, and everything the journal knows besides: status, MixPay's
 * answer, settlement, the link used, a late payment, a mismatch, and the charges linked to it.
 */
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { ReceiptActions, ReceiptView, receiptOf } from '@/charge';
import { formatLocale } from '@/i18n/i18n';
import { chargesLinkedTo, getCharge, type ChargeRecord } from '@/journal/journal';
import { outcomeOf } from '@/lifecycle/lifecycle';
import { failureReasonText } from '@/mixpay/failure-reasons';
import { formatAmount, formatCrypto } from '@/money/format';
import { isDecimalString, compareDecimal } from '@/money/decimal';
import { useSettings } from '@/settings';
import { useJournalVersion } from './journal-version';
import { StatusPill } from './status';

const FIELD_NAMES: Record<string, MessageDescriptor> = {
  payeeId: msg`Payee`,
  quoteAssetId: msg`Currency`,
  quoteAmount: msg`Amount`,
  traceId: msg`Trace ID`,
  expiredAt: msg`Deadline`,
  settlementAssetId: msg`Settlement asset`,
};

const OUTCOME_WORDS: Record<string, MessageDescriptor> = {
  received: msg`Paid and verified: payee, currency and amount match.`,
  mismatch: msg`MixPay reports a payment, but not the one asked for.`,
  underpaid: msg`The customer paid less than due and MixPay closed the payment.`,
  failed: msg`The payment failed.`,
  expired: msg`No payment arrived before the time ran out.`,
  cancelled: msg`The cashier stopped the charge.`,
};

function time(ms: number | undefined) {
  return ms === undefined
    ? '—'
    : new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
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
  const { t } = useLingui();
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
  const outcome = charge ? OUTCOME_WORDS[outcomeOf(charge) ?? ''] : undefined;
  useEffect(() => headingRef.current?.focus(), [traceId]);

  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">
          <Trans>Charge details</Trans>
        </span>
        <button type="button" className="btn small" onClick={onBack}>
          <Trans>Back to history</Trans>
        </button>
      </header>
      <div className="page details-page">
        {!charge || !receipt ? (
          <h1 ref={headingRef} tabIndex={-1}>
            {data.isPending ? t`Loading…` : t`This charge is no longer in the history`}
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
            <p>{outcome ? t(outcome) : t`Waiting for the payment.`}</p>
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
  const { t } = useLingui();
  const r = c.result;
  const dueAsset = r?.paymentSymbol ?? t`the payment asset`;
  const seen = c.latePayment ? time(c.latePayment.seenAt) : '';
  return (
    <section className="panel" aria-labelledby="details-facts">
      <h2 id="details-facts">
        <Trans>Payment</Trans>
      </h2>
      <dl className="facts">
        <dt>
          <Trans>Created</Trans>
        </dt>
        <dd>{time(c.createdAt)}</dd>
        {c.tillName && (
          <>
            <dt>
              <Trans>Till</Trans>
            </dt>
            <dd>{c.tillName}</dd>
          </>
        )}
        {c.endedAt !== undefined && (
          <>
            <dt>
              <Trans>Ended</Trans>
            </dt>
            <dd>{time(c.endedAt)}</dd>
          </>
        )}
        {r && (
          <>
            <dt>
              <Trans>MixPay status</Trans>
            </dt>
            <dd>{r.status}</dd>
          </>
        )}
        {r?.failureCode !== undefined && (
          <>
            <dt>
              <Trans>Reason</Trans>
            </dt>
            <dd>{failureReasonText(r.failureCode, r.failureReason)}</dd>
          </>
        )}
        {positive(r?.paymentAmount) && (
          <>
            <dt>
              <Trans>Paid</Trans>
            </dt>
            <dd>{formatCrypto(r.paymentAmount, r.paymentSymbol)}</dd>
          </>
        )}
        {positive(r?.payableAmount) && (
          <>
            <dt>
              <Trans>Due in {dueAsset}</Trans>
            </dt>
            <dd>{formatCrypto(r.payableAmount, r.paymentSymbol)}</dd>
          </>
        )}
        {r?.confirmations !== undefined && r.confirmations >= 0 && (
          <>
            <dt>
              <Trans>Confirmations</Trans>
            </dt>
            <dd>{r.confirmations}</dd>
          </>
        )}
        <dt>
          <Trans>Settlement</Trans>
        </dt>
        <dd>
          <span className="mono small">{r?.settleAsset ?? c.settlementAssetId}</span>
          {c.strictMode ? ` ${t`(always settled in this asset)`}` : ''}
        </dd>
        {c.latePayment && (
          <>
            <dt>
              <Trans>Late payment</Trans>
            </dt>
            <dd>
              {c.latePayment.acknowledged
                ? t`Paid after the charge was stopped (seen ${seen}), alert dismissed`
                : t`Paid after the charge was stopped (seen ${seen}), alert not dismissed yet`}
            </dd>
          </>
        )}
        <dt>
          <Trans>Payment link</Trans>
        </dt>
        <dd>
          {c.linkMode === 'one-time' ? t`Short link from MixPay` : t`Full link made on the till`}
          {c.linkFellBack ? ` ${t`(MixPay's short link could not be made)`}` : ''}
          {c.wallet && c.wallet !== 'any' ? ` · ${c.wallet === 'mixin' ? t`Mixin wallet` : t`on-chain`}` : ''}
        </dd>
        {r?.txid && (
          <>
            <dt>
              <Trans>Transaction</Trans>
            </dt>
            <dd>
              <span className="mono small">{r.txid}</span>
              {r.blockExplorerUrl && /^https:\/\//i.test(r.blockExplorerUrl) && (
                <>
                  {' '}
                  <a href={r.blockExplorerUrl} target="_blank" rel="noopener noreferrer">
                    <Trans>Block explorer</Trans>
                  </a>
                </>
              )}
            </dd>
          </>
        )}
        <dt>
          <Trans>Trace ID</Trans>
        </dt>
        <dd className="mono small">{c.traceId}</dd>
      </dl>
      {c.mismatches && c.mismatches.length > 0 && (
        <table className="mismatch-table">
          <caption>
            <Trans>What was asked and what came back</Trans>
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <Trans>Field</Trans>
              </th>
              <th scope="col">
                <Trans>Asked</Trans>
              </th>
              <th scope="col">
                <Trans>Came back</Trans>
              </th>
            </tr>
          </thead>
          <tbody>
            {c.mismatches.map((m) => (
              <tr key={m.field}>
                <th scope="row">{FIELD_NAMES[m.field] ? t(FIELD_NAMES[m.field]) : m.field}</th>
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
  const { t } = useLingui();
  if (!charge.linkedTo && followers.length === 0) return null;
  const label = (c: ChargeRecord) => {
    const amount = formatAmount(c.quoteAmount, {
      symbol: c.quoteSymbol,
      decimals: c.quoteDecimals,
      isFiat: c.quoteIsFiat,
      currencyCode: c.quoteIsFiat ? c.quoteAssetId.toUpperCase() : undefined,
    });
    const created = time(c.createdAt);
    return t({
      message: `${amount}, ${created}`,
      comment: 'a linked charge: its amount and when it was made',
    });
  };
  const target = charge.linkedTo ? (
    origin ? (
      <button type="button" className="btn small" onClick={() => onOpen(origin.traceId)}>
        {label(origin)}
      </button>
    ) : (
      <span className="mono small">{charge.linkedTo.traceId}</span>
    )
  ) : null;
  return (
    <section className="panel" aria-labelledby="details-links">
      <h2 id="details-links">
        <Trans>Linked charges</Trans>
      </h2>
      <ul className="plain-list">
        {charge.linkedTo && (
          <li>
            {charge.linkedTo.reason === 'difference' ? (
              <Trans>Charges the rest of {target}</Trans>
            ) : (
              <Trans>Charges again {target}</Trans>
            )}
          </li>
        )}
        {followers.map((f) => {
          const next = (
            <button type="button" className="btn small" onClick={() => onOpen(f.traceId)}>
              {label(f)}
            </button>
          );
          return (
            <li key={f.traceId}>
              {f.linkedTo?.reason === 'difference' ? (
                <Trans>The rest was charged in {next}</Trans>
              ) : (
                <Trans>Charged again in {next}</Trans>
              )}{' '}
              <StatusPill charge={f} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
