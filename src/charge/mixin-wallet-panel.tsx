/** Mixin Messenger mode: the asset, the amount for the current price window and its countdown. */
import { cryptoText } from './wallet-assets';
import { AssetPicker, PriceWindow, WalletProblem } from './wallet-parts';
import type { WalletPayment } from './use-wallet-payment';

export function MixinWalletPanel({ wallet }: { wallet: WalletPayment }) {
  const payment = wallet.quote?.payment;
  return (
    <section className="wallet-panel" aria-label="Mixin Messenger payment">
      <AssetPicker wallet={wallet} />
      {payment && wallet.qrValue && (
        <>
          <p>
            Customer pays{' '}
            <strong className="wallet-amount">
              {cryptoText(payment.paymentAmount, payment.paymentAssetSymbol ?? wallet.asset?.symbol)}
            </strong>
          </p>
          {wallet.quote && <PriceWindow endsAt={wallet.quote.endsAt} />}
        </>
      )}
      <WalletProblem wallet={wallet} />
    </section>
  );
}
