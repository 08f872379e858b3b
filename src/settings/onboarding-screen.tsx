import { useState, type FormEvent } from 'react';
import { normalizeTillName, TILL_NAME_MAX, tillNameProblem } from '@/ledger';
import { PayeeField, type PayeeState } from './payee-field';
import { hashPin, PIN_RE } from './pin';
import { PinInput } from './pin-input';
import { SettlementAssetField } from './settlement-asset-field';
import { SettingsValidationError, type Settings } from './settings-schema';
import { saveSettings } from './settings-store';
import { requestPersistentStorage } from './storage-status';

/** First run: nothing can be charged until the owner has said where the money goes. */
export function OnboardingScreen({ settings }: { settings: Settings }) {
  const [shopName, setShopName] = useState(settings.shopName);
  const [tillName, setTillName] = useState(settings.tillName);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [payee, setPayee] = useState<PayeeState>(
    settings.payeeId ? { kind: 'resolved', payeeId: settings.payeeId, from: 'uuid' } : { kind: 'empty' },
  );
  const [settlementAssetId, setSettlementAssetId] = useState(settings.settlementAssetId);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const tillNameError = tillNameProblem(tillName);
    if (tillNameError) return setError(`Till name: ${tillNameError}.`);
    if (!PIN_RE.test(pin)) return setError('The owner PIN must be 4 to 8 digits.');
    if (pin !== pin2) return setError('The two PINs do not match.');
    if (payee.kind !== 'resolved') {
      return setError('Payee ID: enter the Mixin ID of the account that receives the money and press Check.');
    }
    if (!settlementAssetId) return setError('Settlement asset: choose the crypto the shop receives.');
    setSaving(true);
    try {
      await saveSettings({
        shopName: shopName.trim(),
        tillName: normalizeTillName(tillName),
        payeeId: payee.payeeId,
        settlementAssetId,
        pin: await hashPin(pin),
      });
      // The till's sales live in this browser's storage: ask it not to evict them under pressure.
      // The answer is shown (and can be asked for again) in the settings screen.
      void requestPersistentStorage();
    } catch (e) {
      setError(e instanceof SettingsValidationError ? `Not saved: ${e.message}` : `Not saved: ${String(e)}`);
      setSaving(false);
    }
  };

  return (
    <main className="screen">
      <form className="page" onSubmit={submit} noValidate aria-labelledby="onboarding-title">
        <h1 id="onboarding-title">Set up this till</h1>
        <p className="muted">
          Once, by the shop owner. You will need the Mixin ID of the Mixin account that receives the money.
          Settings stay on this device.
        </p>
        <div className="field">
          <label htmlFor="shop-name">Shop name</label>
          <input
            id="shop-name"
            value={shopName}
            maxLength={40}
            onChange={(e) => setShopName(e.target.value)}
            aria-describedby="shop-name-help"
          />
          <span id="shop-name-help" className="hint">
            Shown to the customer on the payment screen and on receipts.
          </span>
        </div>
        <div className="field">
          <label htmlFor="till-name">Till name</label>
          <input
            id="till-name"
            value={tillName}
            maxLength={TILL_NAME_MAX}
            onChange={(e) => setTillName(e.target.value)}
            aria-describedby="till-name-help"
          />
          <span id="till-name-help" className="hint">
            This tablet's name, e.g. Front or Terrace: unique in the shop when several tills share a ledger.
          </span>
        </div>
        <div className="field">
          <label htmlFor="owner-pin">Owner PIN</label>
          <PinInput id="owner-pin" value={pin} onValue={setPin} aria-describedby="pin-help" />
          <span id="pin-help" className="hint">
            4 to 8 digits. Needed to change settings; cashiers don't need it.
          </span>
        </div>
        <div className="field">
          <label htmlFor="owner-pin-repeat">Repeat PIN</label>
          <PinInput id="owner-pin-repeat" value={pin2} onValue={setPin2} aria-describedby="pin-repeat-help" />
          <span id="pin-repeat-help" className="hint">
            The same PIN again, to be sure it was typed right.
          </span>
        </div>
        <PayeeField initial={settings.payeeId} onChange={setPayee} />
        <SettlementAssetField value={settlementAssetId} onChange={setSettlementAssetId} />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="btn big primary block"
          disabled={saving || payee.kind === 'resolving'}
        >
          Start selling
        </button>
      </form>
    </main>
  );
}
