/** The owner's selling options: tips (on/off, up to three percentages), discounts, receipt paper. */
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
  const tipValue = (i: number) => draft.tipPercents[i] ?? '';
  const setTip = (i: number, value: string) => {
    const next = [0, 1, 2].map(tipValue);
    next[i] = value;
    set('tipPercents', next);
  };
  return (
    <fieldset className="field selling-fields" style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
      <legend className="label">Selling</legend>
      <label>
        <input
          type="checkbox"
          checked={draft.tipsEnabled}
          onChange={(e) => set('tipsEnabled', e.target.checked)}
          aria-describedby="tipPercents-hint"
        />{' '}
        Ask for tips
      </label>
      <div
        className="amount-row"
        role="group"
        aria-label="Tip percentages"
        aria-describedby="tipPercents-hint"
      >
        {[0, 1, 2].map((i) => (
          <div className="field" key={i}>
            <label htmlFor={`tip-percent-${i}`}>Tip {i + 1} (%)</label>
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
        ))}
      </div>
      <span className="hint" id="tipPercents-hint">
        Up to three percentages offered to the customer after Charge (leave a box empty for fewer). A customer
        can also give a custom tip or none.
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
        Allow discounts on the keypad
      </label>
      <span className="hint" id="discounts-hint">
        Shows a Discount button: the cashier can take a percentage or an amount off a sale.
      </span>
      <label htmlFor="receipt-paper">Receipt paper</label>
      <select
        id="receipt-paper"
        value={draft.receiptPaper}
        onChange={(e) => set('receiptPaper', e.target.value as Settings['receiptPaper'])}
        aria-describedby="receipt-paper-hint"
      >
        <option value="80mm">80 mm thermal paper</option>
        <option value="58mm">58 mm thermal paper</option>
      </select>
      <span className="hint" id="receipt-paper-hint">
        The width of your receipt printer's paper roll, for printed receipts and shift reports.
      </span>
    </fieldset>
  );
}
