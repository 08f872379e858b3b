/** The keypad's "Discount": a percentage or an amount off the sale, kept apart from the items. */
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { compareDecimal } from '@/money/decimal';
import { formatAmount, type DisplayAsset } from '@/money/format';
import { isAmountIn, isPercent, type Adjustment } from '@/money/totals';
import './selling.css';

export function DiscountDialog({
  current,
  subtotal,
  decimals,
  asset,
  onApply,
  onClose,
}: {
  current: Adjustment | null;
  subtotal: string;
  decimals: number;
  asset: DisplayAsset;
  onApply: (discount: Adjustment | null) => void;
  onClose: () => void;
}) {
  const { t } = useLingui();
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [kind, setKind] = useState<Adjustment['kind']>(current?.kind ?? 'percent');
  const [value, setValue] = useState(
    current ? (current.kind === 'percent' ? current.percent : current.amount) : '',
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const symbol = asset.symbol;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const text = value.trim().replace(',', '.');
    if (kind === 'percent') {
      if (!isPercent(text)) return setError(t`Enter a percentage from 0.01 to 100`);
      return onApply({ kind, percent: text });
    }
    if (!isAmountIn(text, decimals)) {
      return setError(
        decimals > 0 ? t`Enter an amount with at most ${decimals} decimals` : t`Enter a whole amount`,
      );
    }
    if (compareDecimal(text, subtotal) > 0) {
      const sale = formatAmount(subtotal, asset);
      return setError(t`The discount cannot be more than the sale (${sale})`);
    }
    onApply({ kind, amount: text });
  };

  return (
    <dialog ref={ref} aria-labelledby={`${ids}-title`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={apply} noValidate>
        <h2 id={`${ids}-title`}>
          <Trans>Discount</Trans>
        </h2>
        <fieldset className="choice-row">
          <legend>
            <Trans>Take off</Trans>
          </legend>
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={kind === 'percent'}
              onChange={() => {
                setKind('percent');
                setError(null);
              }}
            />{' '}
            <Trans>A percentage</Trans>
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={kind === 'amount'}
              onChange={() => {
                setKind('amount');
                setError(null);
              }}
            />{' '}
            <Trans>An amount</Trans>
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-value`}>
            {kind === 'percent' ? t`Discount (%)` : t`Discount (${symbol})`}
          </label>
          <input
            id={`${ids}-value`}
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={value}
            aria-invalid={error !== null}
            aria-describedby={error ? `${ids}-error` : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
          />
          {error && (
            <span id={`${ids}-error`} className="error-text">
              {error}
            </span>
          )}
        </div>
        <div className="dialog-actions">
          {current && (
            <button type="button" className="btn danger" onClick={() => onApply(null)}>
              <Trans>Remove discount</Trans>
            </button>
          )}
          <button type="button" className="btn" onClick={onClose}>
            <Trans>Cancel</Trans>
          </button>
          <button type="submit" className="btn primary">
            <Trans>Apply discount</Trans>
          </button>
        </div>
      </form>
    </dialog>
  );
}
