/** The keypad's "Discount": a percentage or an amount off the sale, kept apart from the items. */
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

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const text = value.trim().replace(',', '.');
    if (kind === 'percent') {
      if (!isPercent(text)) return setError('Enter a percentage from 0.01 to 100');
      return onApply({ kind, percent: text });
    }
    if (!isAmountIn(text, decimals)) {
      return setError(
        decimals > 0 ? `Enter an amount with at most ${decimals} decimals` : 'Enter a whole amount',
      );
    }
    if (compareDecimal(text, subtotal) > 0) {
      return setError(`The discount cannot be more than the sale (${formatAmount(subtotal, asset)})`);
    }
    onApply({ kind, amount: text });
  };

  return (
    <dialog ref={ref} aria-labelledby={`${ids}-title`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={apply} noValidate>
        <h2 id={`${ids}-title`}>Discount</h2>
        <fieldset className="choice-row">
          <legend>Take off</legend>
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
            A percentage
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
            An amount
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-value`}>
            {kind === 'percent' ? 'Discount (%)' : `Discount (${asset.symbol})`}
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
              Remove discount
            </button>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary">
            Apply discount
          </button>
        </div>
      </form>
    </dialog>
  );
}
