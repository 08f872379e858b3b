import { Trans, useLingui } from '@lingui/react/macro';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '@/mixpay/errors';
import { settlementAssetsQuery } from '@/mixpay/queries';
import { useMixPay } from './use-mixpay';

/** "Settlement asset": what the shop receives. Symbol, name and network; no remote icons. */
export function SettlementAssetField({
  value,
  onChange,
}: {
  value: string;
  onChange: (assetId: string) => void;
}) {
  const { t } = useLingui();
  const { client, apiUrl } = useMixPay();
  const list = useQuery({ ...settlementAssetsQuery(client, apiUrl), meta: { persist: true } });
  const assets = list.data ?? [];
  const known = assets.some((a) => a.assetId === value);
  const listError = list.isError && !assets.length ? describeError(list.error) : null;
  return (
    <div className="field">
      <label htmlFor="settlement-asset">
        <Trans>Settlement asset</Trans>
      </label>
      <select
        id="settlement-asset"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={assets.length === 0}
        aria-describedby="settlement-help"
      >
        <option value="">{list.isPending ? t`Loading…` : t`Choose an asset`}</option>
        {!known && value && (
          <option value={value}>{t`Saved asset, not in MixPay's list now: ${value}`}</option>
        )}
        {assets.map((a) => (
          <option key={a.assetId} value={a.assetId}>
            {a.symbol} · {a.name} · {a.network}
          </option>
        ))}
      </select>
      <span id="settlement-help" className={listError !== null ? 'error-text' : 'hint'}>
        {listError !== null
          ? t`Could not load the list: ${listError}`
          : t`The crypto the shop receives. Customers can pay with other crypto: MixPay converts it.`}
      </span>
    </div>
  );
}
