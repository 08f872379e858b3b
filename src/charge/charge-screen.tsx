import { t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import type { OpenView } from '@/lifecycle/lifecycle';
import { formatAmount } from '@/money/format';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { formatCountdown } from './countdown';
import { displayAssetOf } from './display-asset';
import { MixinWalletPanel } from './mixin-wallet-panel';
import { OnChainPanel } from './on-chain-panel';
import { SaleSummary } from './sale-summary';
import { SettlementEstimate } from './settlement-estimate';
import { useChargeProgress, type ChargeProgress } from './use-charge-progress';
import { useWakeLock } from './use-wake-lock';
import { useWalletPayment } from './use-wallet-payment';
import { cryptoText } from './wallet-assets';
import { WalletChoice } from './wallet-choice';
import './charge-screen.css';

/** What the state is, in words; `checkoutLink`: the QR is the checkout page (not a wallet's). */
function stateWords(view: OpenView, charge: ChargeRecord, checkoutLink: boolean): string {
  let words: string;
  switch (view.kind) {
    case 'waiting':
      words = t`Waiting for payment`;
      break;
    case 'opened':
      // A paylink's trace appears when the page is opened; a one-time link's when a way to pay is chosen.
      words =
        checkoutLink && charge.linkMode === 'paylink'
          ? t`Customer opened the payment page, waiting for payment`
          : t`Customer is choosing how to pay, waiting for payment`;
      break;
    case 'confirming': {
      const confirmations = view.confirmations;
      words =
        confirmations === null
          ? t`Payment seen · waiting for confirmations`
          : t`Payment seen · waiting for confirmations (${confirmations} so far)`;
      break;
    }
    case 'paid-less': {
      const remaining = view.remaining ? cryptoText(view.remaining, view.symbol ?? undefined) : null;
      words = remaining
        ? t`Paid less than due · ${remaining} still to pay`
        : t`Paid less than due · the customer can top up`;
      break;
    }
    case 'processing':
      words = t`Paid · MixPay is processing`;
      break;
    case 'auditing':
      words = t`Under review by MixPay`;
      break;
    case 'reported': {
      // MixPay's own status word (e.g. "refunding"), as MixPay wrote it.
      const status = view.status;
      words = t`MixPay reports: ${status}`;
      break;
    }
  }
  return words;
}

/**
 * The fault's own words, as a reason only: the app keeps checking by itself, so a "try again
 * later" from the error text would send the cashier the wrong way.
 */
function reasonOf(problem: string): string {
  return problem.replace(/;\s*(?:try again|retrying)\b.*$/i, '').replace(/[\s.]+$/, '');
}

/**
 * The status line. A failed check says nothing about the QR, so while MixPay cannot be heard the
 * line says what the cashier may tell the customer, from what is on screen: pay with the live QR,
 * or do not pay again while a payment is on its way. The leading words stay as they are (cashiers
 * and e2e know them); the guidance goes after.
 */
function statusLine(
  progress: ChargeProgress,
  charge: ChargeRecord,
  { checkoutLink, qrLive, qrHidden }: { checkoutLink: boolean; qrLive: boolean; qrHidden: boolean },
): { text: string; reason: string | null } {
  if (progress.problem) {
    // Whole sentences, so each language can put the advice its own way.
    const text = qrLive
      ? t`Connection problem, still checking. The QR code still works: the customer can pay.`
      : qrHidden
        ? t`Connection problem, still checking. The payment is on its way: the customer should not pay again.`
        : t`Connection problem, still checking.`;
    return { text, reason: reasonOf(progress.problem) };
  }
  const words = stateWords(progress.view, charge, checkoutLink);
  if (progress.busyShop) {
    // The state words stay, so only a live QR needs saying (a hidden one has its own note).
    const text = qrLive
      ? t`${words} · Many tills are checking at once, still watching. The QR code still works: the customer can pay.`
      : t`${words} · Many tills are checking at once, still watching`;
    return { text, reason: null };
  }
  return { text: words, reason: null };
}

/** While money is already on its way the QR is put away, so nobody pays twice. */
function paymentUnderway(view: OpenView): boolean {
  return view.kind === 'confirming' || view.kind === 'processing' || view.kind === 'auditing';
}

/** The largest square that fits the QR area, recomputed on resize and rotation. */
function useSquareSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const style = getComputedStyle(el);
      const w = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const h = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      setSize(Math.max(120, Math.floor(Math.min(w, h))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, size };
}

export function ChargeScreen({ charge, onCancel }: { charge: ChargeRecord; onCancel: () => void }) {
  // Also re-renders the screen (and the status line the helpers above write) on a language switch.
  const { t } = useLingui();
  const wallet = useWalletPayment(charge);
  const progress = useChargeProgress(charge, { withTransfers: wallet.mode === 'on-chain' });
  const underway = paymentUnderway(progress.view);
  // "Show QR again" (a top-up) holds until MixPay's answer moves on to another state.
  const [qrAgainFor, setQrAgainFor] = useState<string | null>(null);
  const hideQr = underway && qrAgainFor !== progress.view.kind;
  const { ref, size } = useSquareSize();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useWakeLock(true);
  useEffect(() => headingRef.current?.focus(), []);

  const status = statusLine(progress, charge, {
    checkoutLink: wallet.mode === 'any',
    qrLive: !hideQr && wallet.qrValue !== null && progress.secondsLeft > 0,
    qrHidden: hideQr,
  });

  const reason = status.reason;
  const asset = displayAssetOf(charge);
  const amount = formatAmount(charge.quoteAmount, asset);
  const { walletFellBack, remark, traceId } = charge;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(charge.link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <main className="charge-screen" aria-label={t`Charge`}>
      <div className="qr-area" ref={ref}>
        {size > 0 && (
          <div className="qr-box" style={{ width: size, height: size }}>
            {hideQr ? (
              <div className="qr-note">
                <p>
                  <Trans>Payment on its way: the customer should not pay again.</Trans>
                </p>
                <button type="button" className="btn small" onClick={() => setQrAgainFor(progress.view.kind)}>
                  <Trans>Show QR again</Trans>
                </button>
              </div>
            ) : wallet.qrValue === null ? (
              <p className="qr-note">{wallet.qrNote}</p>
            ) : (
              <QRCodeSVG
                value={wallet.qrValue}
                size={size}
                level="M"
                marginSize={4}
                bgColor="#ffffff"
                fgColor="#000000"
                role="img"
                aria-label={t`Payment QR code`}
                title={t`Payment QR code`}
              />
            )}
          </div>
        )}
      </div>
      <section className="charge-info">
        {/* Head, switcher and foot always show; only the details between them scroll. */}
        <div className="charge-head">
          <div className="charge-title">
            <h1 ref={headingRef} tabIndex={-1}>
              <Trans>Scan to pay</Trans>
            </h1>
            <p className="countdown">
              <span className="muted">
                <Trans>Time left</Trans>
              </span>{' '}
              <span>{formatCountdown(progress.secondsLeft)}</span>
            </p>
          </div>
          {charge.shopName && <p className="muted">{charge.shopName}</p>}
          <p className="charge-amount" aria-label={t`Amount to pay: ${amount}`}>
            {amount}
          </p>
          <SaleSummary charge={charge} />
        </div>
        <WalletChoice value={wallet.mode} onChange={wallet.setMode} />
        <div className="charge-details">
          {walletFellBack && wallet.mode === 'any' && (
            <p className="notice small" role="note">
              <Trans>
                MixPay would not create the wallet payment ({walletFellBack}). Showing the MixPay payment page
                instead: the customer can still choose Mixin Messenger or another wallet there.
              </Trans>
            </p>
          )}
          <SettlementEstimate
            charge={charge}
            paymentAssetId={
              wallet.mode === 'any'
                ? charge.settlementAssetId
                : (wallet.asset?.assetId ?? charge.settlementAssetId)
            }
          />
          {wallet.mode === 'mixin' && <MixinWalletPanel wallet={wallet} />}
          {wallet.mode === 'on-chain' && <OnChainPanel wallet={wallet} view={progress.view} />}
          {remark && (
            <p className="muted">
              <Trans>Note: {remark}</Trans>
            </p>
          )}
          {(wallet.mode === 'any' || charge.linkFellBack) && (
            <p className="muted small">
              {wallet.mode === 'any' && t`Works with Mixin Messenger, a phone camera or a wallet app.`}
              {charge.linkFellBack && (
                <span
                  className="badge"
                  title={t`MixPay's short link could not be made in time: this QR holds the full link, which works the same`}
                >
                  {' '}
                  <Trans>Full link</Trans>
                </span>
              )}
            </p>
          )}
          <details>
            <summary>
              <Trans>Payment link (for support)</Trans>
            </summary>
            <div className="link-copy">
              <input
                readOnly
                value={charge.link}
                aria-label={t`Payment link`}
                onFocus={(e) => e.currentTarget.select()}
              />
              <button type="button" className="btn small" onClick={copy}>
                {copied ? t`Copied` : t`Copy link`}
              </button>
            </div>
            <p className="muted small">
              <Trans>Trace ID: {traceId}</Trans>
            </p>
          </details>
        </div>
        <div className="charge-foot">
          <p role="status" aria-live="polite" className={`state-line${progress.problem ? ' problem' : ''}`}>
            {status.text}
            {reason && (
              <span className="state-reason">
                {' '}
                <Trans>Reason: {reason}.</Trans>
              </span>
            )}
          </p>
          <div className="charge-actions">
            <button type="button" className="btn big block danger" onClick={() => setConfirmCancel(true)}>
              <Trans>Cancel</Trans>
            </button>
          </div>
        </div>
      </section>
      <ConfirmDialog
        open={confirmCancel}
        title={t`Stop this charge?`}
        body={t`The QR code goes away. If the customer pays anyway, the app will alert you.`}
        confirmLabel={t`Stop charge`}
        dismissLabel={t`Keep waiting`}
        onConfirm={() => {
          setConfirmCancel(false);
          onCancel();
        }}
        onDismiss={() => setConfirmCancel(false)}
      />
    </main>
  );
}
