/** Small pieces shared by the Mixin and on-chain panels. */
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState } from 'react';
import { assetLabel } from './wallet-assets';
import { formatCountdown } from './countdown';
import { useNow } from './use-now';
import type { WalletPayment } from './use-wallet-payment';

/** `locked`: the customer has started paying in this asset, so it must not change under them. */
export function AssetPicker({ wallet, locked = false }: { wallet: WalletPayment; locked?: boolean }) {
  const { t } = useLingui();
  const id = useId();
  const { assets, asset } = wallet;
  return (
    <div className="field wallet-asset">
      <label htmlFor={id}>
        <Trans>Payment asset</Trans>
      </label>
      <select
        id={id}
        value={asset?.assetId ?? ''}
        disabled={assets.length === 0 || locked}
        onChange={(e) => wallet.setAssetId(e.target.value)}
      >
        {assets.length === 0 && (
          <option value="">{wallet.assetsLoading ? t`Loading…` : t`None available`}</option>
        )}
        {assets.map((a) => (
          <option key={a.assetId} value={a.assetId}>
            {assetLabel(a)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Price valid for 0:42" until the window ends, then a note that a new price is coming. */
export function PriceWindow({ endsAt }: { endsAt: number }) {
  const { t } = useLingui();
  const now = useNow(500);
  const left = Math.ceil((endsAt - now) / 1000);
  const countdown = formatCountdown(left);
  return (
    <p className="wallet-window">
      {left > 0 ? t`Price valid for ${countdown}` : t`Price window over, getting a new price…`}
    </p>
  );
}

export function WalletProblem({ wallet }: { wallet: WalletPayment }) {
  const { t } = useLingui();
  const problem = wallet.problem;
  if (!problem) return null;
  return (
    <p className="wallet-problem">
      {t({ message: `${problem}.`, comment: 'A problem with the wallet payment, ended as a sentence' })}{' '}
      <button type="button" className="btn small" onClick={wallet.retry}>
        <Trans>Try again</Trans>
      </button>
    </p>
  );
}

/** A copy button whose name never changes (tests and screen readers find it by name). */
export function CopyButton({ label, text }: { label: string; text: string }) {
  const { t } = useLingui();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const id = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(id);
  }, [copied]);
  return (
    <>
      <button
        type="button"
        className="btn small"
        onClick={async () => {
          try {
            // No clipboard outside a secure context: the text stays on screen to read out.
            await navigator.clipboard.writeText(text);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        {label}
      </button>
      <span className="muted small copied" aria-live="polite">
        {copied ? t`Copied` : ''}
      </span>
    </>
  );
}
