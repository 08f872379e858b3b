/**
 * A receipt as the customer sees it: on the receipt page, on paper (print layout) and in the
 * history's details. Text only; the one link (the block explorer) is https by construction.
 */
import { msg, t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import type { MessageDescriptor } from '@lingui/core';
import { formatLocale } from '@/i18n/i18n';
import { formatAmount, formatCrypto, type DisplayAsset } from '@/money/format';
import type { Receipt } from './receipt';
import './receipt.css';

const NOT_PAID: Partial<Record<Receipt['st'], MessageDescriptor>> = {
  open: msg`Waiting for payment`,
  mismatch: msg`Payment did not match`,
  failed: msg`Payment failed`,
  expired: msg`Payment expired`,
  cancelled: msg`Cancelled`,
};

export function receiptAsset(r: Receipt): DisplayAsset {
  return { symbol: r.cur.sym, decimals: r.cur.dec, isFiat: r.cur.fiat, currencyCode: r.cur.code };
}

export function formatReceiptTime(ms: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function ReceiptView({
  receipt: r,
  headingLevel = 2,
}: {
  receipt: Receipt;
  headingLevel?: 1 | 2 | 3;
}) {
  const { t } = useLingui();
  const asset = receiptAsset(r);
  const money = (amount: string) => formatAmount(amount, asset);
  const Heading = `h${headingLevel}` as const;
  const notPaidWords = NOT_PAID[r.st];
  const notPaid = notPaidWords ? t(notPaidWords) : null;
  const { more, note } = r;
  const discountPercent = r.disc?.p;
  const tipPercent = r.tip?.p;
  return (
    <article className="receipt" aria-label={t`Receipt`}>
      <Heading className="receipt-shop">{r.shop || t`Receipt`}</Heading>
      <p className="receipt-time">{formatReceiptTime(r.at)}</p>
      {notPaid && (
        <p className="receipt-status">
          <Trans>Not paid: {notPaid}</Trans>
        </p>
      )}
      <table className="receipt-table">
        <caption className="visually-hidden">
          <Trans>Items and totals</Trans>
        </caption>
        <tbody>
          {r.items.map((item, i) => (
            <tr key={i}>
              <th scope="row">{item.l ?? itemName(i + 1)}</th>
              <td>{money(item.a)}</td>
            </tr>
          ))}
          {more ? (
            <tr>
              <th scope="row">
                <Trans>{more} more items</Trans>
              </th>
              <td />
            </tr>
          ) : null}
        </tbody>
        <tbody className="receipt-sums">
          <tr>
            <th scope="row">
              <Trans>Subtotal</Trans>
            </th>
            <td>{money(r.sub)}</td>
          </tr>
          {r.disc && (
            <tr>
              <th scope="row">
                {discountPercent ? <Trans>Discount ({discountPercent}%)</Trans> : <Trans>Discount</Trans>}
              </th>
              <td>−{money(r.disc.a)}</td>
            </tr>
          )}
          {r.tip && (
            <tr>
              <th scope="row">{tipPercent ? <Trans>Tip ({tipPercent}%)</Trans> : <Trans>Tip</Trans>}</th>
              <td>{money(r.tip.a)}</td>
            </tr>
          )}
          <tr className="receipt-total">
            <th scope="row">
              <Trans>Total</Trans>
            </th>
            <td>{money(r.total)}</td>
          </tr>
          {r.paid && (
            <tr>
              <th scope="row">
                <Trans>Paid</Trans>
              </th>
              <td>{formatCrypto(r.paid.a, r.paid.sym)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {note && (
        <p className="receipt-note">
          <Trans>Note: {note}</Trans>
        </p>
      )}
      <p className="receipt-id">
        <span>
          <Trans>Trace ID</Trans>
        </span>{' '}
        <span className="receipt-code">{r.trace}</span>
      </p>
      {r.tx && (
        <p className="receipt-id">
          <span>
            <Trans>Transaction</Trans>
          </span>{' '}
          <span className="receipt-code">{r.tx}</span>
          {r.url && (
            <>
              {' '}
              <a href={r.url} target="_blank" rel="noopener noreferrer" className="receipt-link">
                <Trans>View on the block explorer</Trans>
              </a>
            </>
          )}
        </p>
      )}
    </article>
  );
}

/** A line with no label of its own: "Item 3". */
function itemName(n: number): string {
  return t`Item ${n}`;
}
