/**
 * A receipt as the customer sees it: on the receipt page, on paper (print layout) and in the
 * history's details. Text only; the one link (the block explorer) is https by construction.
 */
import { formatAmount, formatCrypto, type DisplayAsset } from '@/money/format';
import type { Receipt } from './receipt';
import './receipt.css';

const NOT_PAID: Partial<Record<Receipt['st'], string>> = {
  open: 'Waiting for payment',
  mismatch: 'Payment did not match',
  failed: 'Payment failed',
  expired: 'Payment expired',
  cancelled: 'Cancelled',
};

export function receiptAsset(r: Receipt): DisplayAsset {
  return { symbol: r.cur.sym, decimals: r.cur.dec, isFiat: r.cur.fiat, currencyCode: r.cur.code };
}

export function formatReceiptTime(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function ReceiptView({
  receipt: r,
  headingLevel = 2,
}: {
  receipt: Receipt;
  headingLevel?: 1 | 2 | 3;
}) {
  const asset = receiptAsset(r);
  const money = (amount: string) => formatAmount(amount, asset);
  const Heading = `h${headingLevel}` as const;
  const notPaid = NOT_PAID[r.st];
  return (
    <article className="receipt" aria-label="Receipt">
      <Heading className="receipt-shop">{r.shop || 'Receipt'}</Heading>
      <p className="receipt-time">{formatReceiptTime(r.at)}</p>
      {notPaid && <p className="receipt-status">Not paid: {notPaid}</p>}
      <table className="receipt-table">
        <caption className="visually-hidden">Items and totals</caption>
        <tbody>
          {r.items.map((item, i) => (
            <tr key={i}>
              <th scope="row">{item.l ?? `Item ${i + 1}`}</th>
              <td>{money(item.a)}</td>
            </tr>
          ))}
          {r.more ? (
            <tr>
              <th scope="row">{r.more} more items</th>
              <td />
            </tr>
          ) : null}
        </tbody>
        <tbody className="receipt-sums">
          <tr>
            <th scope="row">Subtotal</th>
            <td>{money(r.sub)}</td>
          </tr>
          {r.disc && (
            <tr>
              <th scope="row">Discount{r.disc.p ? ` (${r.disc.p}%)` : ''}</th>
              <td>−{money(r.disc.a)}</td>
            </tr>
          )}
          {r.tip && (
            <tr>
              <th scope="row">Tip{r.tip.p ? ` (${r.tip.p}%)` : ''}</th>
              <td>{money(r.tip.a)}</td>
            </tr>
          )}
          <tr className="receipt-total">
            <th scope="row">Total</th>
            <td>{money(r.total)}</td>
          </tr>
          {r.paid && (
            <tr>
              <th scope="row">Paid</th>
              <td>{formatCrypto(r.paid.a, r.paid.sym)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {r.note && <p className="receipt-note">Note: {r.note}</p>}
      <p className="receipt-id">
        <span>Trace ID</span> <span className="receipt-code">{r.trace}</span>
      </p>
      {r.tx && (
        <p className="receipt-id">
          <span>Transaction</span> <span className="receipt-code">{r.tx}</span>
          {r.url && (
            <>
              {' '}
              <a href={r.url} target="_blank" rel="noopener noreferrer" className="receipt-link">
                View on the block explorer
              </a>
            </>
          )}
        </p>
      )}
    </article>
  );
}
