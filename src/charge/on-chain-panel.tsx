/**
 * On-chain mode: where to send what, each copyable, how long the price holds, and, when the
 * customer pays in parts, how much has arrived and how much is still missing.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import type { OpenView } from '@/lifecycle/lifecycle';
import { cryptoText } from './wallet-assets';
import { AssetPicker, CopyButton, PriceWindow, WalletProblem } from './wallet-parts';
import type { WalletPayment } from './use-wallet-payment';

export function OnChainPanel({ wallet, view }: { wallet: WalletPayment; view: OpenView }) {
  const { t } = useLingui();
  const payment = wallet.quote?.payment;
  const destination = payment?.destination ?? '';
  const symbol = payment?.paymentAssetSymbol ?? wallet.asset?.symbol;
  const partial = view.kind === 'paid-less' && view.paid && view.remaining ? view : null;
  const total = partial?.due ?? payment?.paymentAmount;
  const network = wallet.asset?.network;
  return (
    <section className="wallet-panel" aria-label={t`On-chain payment`}>
      <AssetPicker wallet={wallet} locked={partial !== null} />
      {payment && wallet.qrValue && (
        <dl className="wallet-details">
          <div>
            <dt>{network ? <Trans>Address ({network})</Trans> : <Trans>Address</Trans>}</dt>
            <dd>
              <code className="wallet-code">{destination}</code>
              <CopyButton label={t`Copy address`} text={destination} />
            </dd>
          </div>
          {payment.tag && (
            <div>
              <dt>
                <Trans>Memo (required)</Trans>
              </dt>
              <dd>
                <code className="wallet-code">{payment.tag}</code>
                <CopyButton label={t`Copy memo`} text={payment.tag} />
              </dd>
            </div>
          )}
          <div>
            <dt>
              <Trans>Exact amount</Trans>
            </dt>
            <dd>
              <code className="wallet-code wallet-amount">{cryptoText(payment.paymentAmount, symbol)}</code>
              <CopyButton label={t`Copy amount`} text={payment.paymentAmount} />
            </dd>
          </div>
        </dl>
      )}
      {payment && wallet.qrValue && wallet.quote && <PriceWindow endsAt={wallet.quote.endsAt} />}
      {partial && (
        <PartialPayment
          paid={partial.paid ?? ''}
          total={total}
          remaining={partial.remaining ?? ''}
          symbol={symbol}
        />
      )}
      <WalletProblem wallet={wallet} />
    </section>
  );
}

/** "Paid 0.5 of 1 BTC · 0.5 BTC still to pay": the customer pays in parts. */
function PartialPayment({
  paid,
  total,
  remaining,
  symbol,
}: {
  paid: string;
  total: string | undefined;
  remaining: string;
  symbol: string | undefined;
}) {
  const due = total ? cryptoText(total, symbol) : null;
  const left = cryptoText(remaining, symbol);
  return (
    <p className="wallet-partial">
      {due ? (
        <Trans>
          Paid {paid} of {due} · {left} still to pay
        </Trans>
      ) : (
        <Trans>
          Paid {paid} · {left} still to pay
        </Trans>
      )}
    </p>
  );
}
