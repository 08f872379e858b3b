/**
 * "Add a tip?": the customer-facing step between Charge and the QR, when the owner asks for tips.
 * Each button shows what its percentage comes to (rounded by the rule in src/money/totals.ts); the
 * QR that follows asks for the total with the tip.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isAmountIn, percentOf, type Adjustment } from '@/money/totals';
import { formatAmount, type DisplayAsset } from '@/money/format';
import './selling.css';

export function TipScreen({
  due,
  decimals,
  asset,
  percents,
  starting,
  error,
  onChoose,
  onBack,
}: {
  /** What the tip is a percentage of: the sale after its discount. */
  due: string;
  decimals: number;
  asset: DisplayAsset;
  percents: readonly string[];
  starting: boolean;
  error: string | null;
  onChoose: (tip: Adjustment | null) => void;
  onBack: () => void;
}) {
  const { t } = useLingui();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [custom, setCustom] = useState<string | null>(null);
  const [customError, setCustomError] = useState<string | null>(null);
  const ids = useId();
  useEffect(() => headingRef.current?.focus(), []);
  const money = (amount: string) => formatAmount(amount, asset);

  const addCustom = (event: FormEvent) => {
    event.preventDefault();
    const value = (custom ?? '').trim().replace(',', '.');
    if (!isAmountIn(value, decimals)) {
      const example = money('2');
      setCustomError(
        decimals > 0
          ? t`Enter an amount such as ${example} (at most ${decimals} decimals)`
          : t`Enter a whole amount such as ${example}`,
      );
      return;
    }
    onChoose({ kind: 'amount', amount: value });
  };

  return (
    <main className="tip-screen" aria-label={t`Tip`}>
      <h1 ref={headingRef} tabIndex={-1}>
        <Trans>Add a tip?</Trans>
      </h1>
      <p className="tip-due">
        <span className="muted">
          <Trans>Your total</Trans>
        </span>{' '}
        <strong>{money(due)}</strong>
      </p>
      <div className="tip-options">
        <button type="button" className="btn big" disabled={starting} onClick={() => onChoose(null)}>
          <Trans>No tip</Trans>
        </button>
        {percents.map((percent) => {
          const id = `${ids}-${percent}`;
          return (
            <button
              key={percent}
              type="button"
              className="btn big tip-option"
              disabled={starting}
              aria-label={`${percent}%`}
              aria-describedby={id}
              onClick={() => onChoose({ kind: 'percent', percent })}
            >
              <span aria-hidden="true">{percent}%</span>
              <span id={id} className="tip-amount">
                {money(percentOf(due, percent, decimals))}
              </span>
            </button>
          );
        })}
        <button
          type="button"
          className="btn big"
          disabled={starting}
          aria-expanded={custom !== null}
          onClick={() => setCustom((c) => (c === null ? '' : c))}
        >
          <Trans>Custom tip</Trans>
        </button>
      </div>
      {custom !== null && (
        <form className="tip-custom" onSubmit={addCustom} noValidate>
          <div className="field">
            <label htmlFor={`${ids}-custom`}>
              <Trans>Tip amount</Trans>
            </label>
            <input
              id={`${ids}-custom`}
              inputMode="decimal"
              autoComplete="off"
              autoFocus
              value={custom}
              aria-invalid={customError !== null}
              aria-describedby={customError ? `${ids}-custom-error` : undefined}
              onChange={(e) => {
                setCustom(e.target.value);
                setCustomError(null);
              }}
            />
            {customError && (
              <span id={`${ids}-custom-error`} className="error-text">
                {customError}
              </span>
            )}
          </div>
          <button type="submit" className="btn primary" disabled={starting}>
            <Trans>Add tip</Trans>
          </button>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p aria-live="polite" className="muted">
        {starting ? t`Starting…` : ''}
      </p>
      <button type="button" className="btn small" onClick={onBack} disabled={starting}>
        <Trans>Back to the sale</Trans>
      </button>
    </main>
  );
}
