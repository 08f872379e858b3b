/** Mixin Messenger mode: the asset, the amount for the current price window and its countdown. */
import { Trans, useLingui } from '@lingui/react/macro';
import { cryptoText } from './wallet-assets';
import { AssetPicker, PriceWindow, WalletProblem } from './wallet-parts';
import type { WalletPayment } from './use-wallet-payment';

export function MixinWalletPanel({ wallet }: { wallet: WalletPayment }) {
  const { t } = useLingui();
  const payment = wallet.quote?.payment;
  const amount = payment
    ? cryptoText(payment.paymentAmount, payment.paymentAssetSymbol ?? wallet.asset?.symbol)
    : '';
  return (
    <section className="wallet-panel" aria-label={t`Mixin Messenger payment`}>
      <AssetPicker wallet={wallet} />
      {payment && wallet.qrValue && (
        <>
          <p>
            <Trans>
              Customer pays <strong className="wallet-amount">{amount}</strong>
            </Trans>
          </p>
          {wallet.quote && <PriceWindow endsAt={wallet.quote.endsAt} />}
        </>
      )}
      <WalletProblem wallet={wallet} />
    </section>
  );
}
