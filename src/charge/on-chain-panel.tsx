/**
 * On-chain mode: where to send what, each copyable, how long the price holds, and, when the
 * customer pays in parts, how much has arrived and how much is still missing.
 */
import type { OpenView } from '@/lifecycle/lifecycle';
import { cryptoText } from './wallet-assets';
import { AssetPicker, CopyButton, PriceWindow, WalletProblem } from './wallet-parts';
import type { WalletPayment } from './use-wallet-payment';

export function OnChainPanel({ wallet, view }: { wallet: WalletPayment; view: OpenView }) {
  const payment = wallet.quote?.payment;
  const destination = payment?.destination ?? '';
  const symbol = payment?.paymentAssetSymbol ?? wallet.asset?.symbol;
  const partial = view.kind === 'paid-less' && view.paid && view.remaining ? view : null;
  const total = partial?.due ?? payment?.paymentAmount;
  return (
    <section className="wallet-panel" aria-label="On-chain payment">
      <AssetPicker wallet={wallet} locked={partial !== null} />
      {payment && wallet.qrValue && (
        <dl className="wallet-details">
          <div>
            <dt>Address{wallet.asset?.network ? ` (${wallet.asset.network})` : ''}</dt>
            <dd>
              <code className="wallet-code">{destination}</code>
              <CopyButton label="Copy address" text={destination} />
            </dd>
          </div>
          {payment.tag && (
            <div>
              <dt>Memo (required)</dt>
              <dd>
                <code className="wallet-code">{payment.tag}</code>
                <CopyButton label="Copy memo" text={payment.tag} />
              </dd>
            </div>
          )}
          <div>
            <dt>Exact amount</dt>
            <dd>
              <code className="wallet-code wallet-amount">{cryptoText(payment.paymentAmount, symbol)}</code>
              <CopyButton label="Copy amount" text={payment.paymentAmount} />
            </dd>
          </div>
        </dl>
      )}
      {payment && wallet.qrValue && wallet.quote && <PriceWindow endsAt={wallet.quote.endsAt} />}
      {partial && (
        <p className="wallet-partial">
          Paid {partial.paid}
          {total ? ` of ${cryptoText(total, symbol)}` : ''} · {cryptoText(partial.remaining ?? '', symbol)} still
          to pay
        </p>
      )}
      <WalletProblem wallet={wallet} />
    </section>
  );
}
