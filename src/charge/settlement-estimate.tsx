/**
 * "Shop receives about 12.34 USDT": MixPay's estimate of the settlement for this charge, paid in
 * the asset the customer is shown (the settlement asset itself for "Any wallet"). Small and
 * optional: hidden offline and on any error.
 */
import { Trans } from '@lingui/react/macro';
import { useQuery } from '@tanstack/react-query';
import { useOnline } from '@/shared/use-online';
import type { ChargeRecord } from '@/journal/journal';
import { settlementAssetsQuery } from '@/mixpay/queries';
import { useMixPay } from '@/settings';
import { cryptoText } from './wallet-assets';
import { settlementEstimateQuery } from './wallet-queries';

export function SettlementEstimate({
  charge,
  paymentAssetId,
}: {
  charge: ChargeRecord;
  paymentAssetId: string;
}) {
  const { client, apiUrl } = useMixPay();
  const online = useOnline();
  const estimate = useQuery({
    ...settlementEstimateQuery(client, apiUrl, {
      paymentAssetId,
      settlementAssetId: charge.settlementAssetId,
      quoteAssetId: charge.quoteAssetId,
      quoteAmount: charge.quoteAmount,
    }),
    enabled: online && charge.status === 'open',
  });
  // Same options (and persistence) as the settings picker: usually already cached.
  // Only for the symbol of an estimate that came (a busy shop may never send it).
  const settlementAssets = useQuery({
    ...settlementAssetsQuery(client, apiUrl),
    meta: { persist: true },
    enabled: estimate.data !== undefined,
  });
  const symbol = settlementAssets.data?.find((a) => a.assetId === charge.settlementAssetId)?.symbol;

  if (!online || estimate.isError || !estimate.data) return null;
  const amount = cryptoText(estimate.data.estimatedSettlementAmount, symbol);
  return (
    <p className="muted small wallet-estimate">
      <Trans>Shop receives about {amount}</Trans>
    </p>
  );
}
