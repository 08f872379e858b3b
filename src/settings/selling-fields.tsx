/** The owner's selling options: tips (on/off, up to three percentages), discounts, receipt paper. */
import { Trans, useLingui } from '@lingui/react/macro';
import type { Settings } from './settings-schema';

/** What the three tip boxes hold, as the owner typed them, cleaned for saving ("" boxes dropped). */
export function tipPercentsToSave(values: readonly string[]): string[] {
  return values.map((p) => p.trim().replace(',', '.').replace(/%$/, '').trim()).filter(Boolean);
}

export function SellingFields({
  draft,
  set,
  error,
}: {
  draft: Settings;
  set: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
  error: string | undefined;
}) {
  const { t } = useLingui();
  const tipValue = (i: number) => draft.tipPercents[i] ?? '';
  const setTip = (i: number, value: string) => {
    const next = [0, 1, 2].map(tipValue);
    next[i] = value;
    set('tipPercents', next);
  };
  return (
    <fieldset className="field selling-fields" style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
      <legend className="label">
        <Trans>Selling</Trans>
      </legend>
      <label>
        <input
          type="checkbox"
          checked={draft.tipsEnabled}
          onChange={(e) => set('tipsEnabled', e.target.checked)}
          aria-describedby="tipPercents-hint"
        />{' '}
        <Trans>Ask for tips</Trans>
      </label>
      <div
        className="amount-row"
        role="group"
        aria-label={t`Tip percentages`}
        aria-describedby="tipPercents-hint"
      >
        {[0, 1, 2].map((i) => {
          const n = i + 1;
          return (
            <div className="field" key={i}>
              <label htmlFor={`tip-percent-${i}`}>
                <Trans>Tip {n} (%)</Trans>
              </label>
              <input
                id={`tip-percent-${i}`}
                inputMode="decimal"
                autoComplete="off"
                value={tipValue(i)}
                disabled={!draft.tipsEnabled}
                aria-invalid={!!error}
                onChange={(e) => setTip(i, e.target.value)}
              />
            </div>
          );
        })}
      </div>
      <span className="hint" id="tipPercents-hint">
        <Trans>
          Up to three percentages offered to the customer after Charge (leave a box empty for fewer). A
          customer can also give a custom tip or none.
        </Trans>
      </span>
      {error && (
        <span className="error-text" id="tipPercents-error">
          {error}
        </span>
      )}
      <label>
        <input
          type="checkbox"
          checked={draft.discountsEnabled}
          onChange={(e) => set('discountsEnabled', e.target.checked)}
          aria-describedby="discounts-hint"
        />{' '}
        <Trans>Allow discounts on the keypad</Trans>
      </label>
      <span className="hint" id="discounts-hint">
        <Trans>Shows a Discount button: the cashier can take a percentage or an amount off a sale.</Trans>
      </span>
      <label htmlFor="receipt-paper">
        <Trans>Receipt paper</Trans>
      </label>
      <select
        id="receipt-paper"
        value={draft.receiptPaper}
        onChange={(e) => set('receiptPaper', e.target.value as Settings['receiptPaper'])}
        aria-describedby="receipt-paper-hint"
      >
        <option value="80mm">{t`80 mm thermal paper`}</option>
        <option value="58mm">{t`58 mm thermal paper`}</option>
      </select>
      <span className="hint" id="receipt-paper-hint">
        <Trans>The width of your receipt printer's paper roll, for printed receipts and shift reports.</Trans>
      </span>
    </fieldset>
  );
}
