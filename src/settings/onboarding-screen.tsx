import { Trans, useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import { normalizeTillName, TILL_NAME_MAX, tillNameProblem } from '@/ledger';
import { PayeeField, type PayeeState } from './payee-field';
import { hashPin, PIN_RE } from './pin';
import { PinInput } from './pin-input';
import { SettlementAssetField } from './settlement-asset-field';
import { SettingsValidationError, type Settings } from './settings-schema';
import { settingsProblemsText } from './settings-problems';
import { saveSettings } from './settings-store';
import { requestPersistentStorage } from './storage-status';
import { LanguageOptions } from './language-options';

/** First run: nothing can be charged until the owner has said where the money goes. */
export function OnboardingScreen({ settings }: { settings: Settings }) {
  const { t } = useLingui();
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

  // The language applies at once (saved on its own), so the rest of the setup reads in it.
  const [language, setLanguage] = useState(settings.language ?? 'auto');
  const chooseLanguage = (next: NonNullable<Settings['language']>) => {
    setLanguage(next);
    saveSettings({ language: next }).catch((e: unknown) => {
      const detail = e instanceof Error ? e.message : String(e);
      setError(t`Not saved: ${detail}`);
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const tillNameError = tillNameProblem(tillName);
    if (tillNameError) return setError(t`Till name: ${tillNameError}.`);
    if (!PIN_RE.test(pin)) return setError(t`The owner PIN must be 4 to 8 digits.`);
    if (pin !== pin2) return setError(t`The two PINs do not match.`);
    if (payee.kind !== 'resolved') {
      return setError(
        t`Payee ID: enter the Mixin ID of the account that receives the money and press Check.`,
      );
    }
    if (!settlementAssetId) return setError(t`Settlement asset: choose the crypto the shop receives.`);
    setSaving(true);
    try {
      await saveSettings({
        shopName: shopName.trim(),
        tillName: normalizeTillName(tillName),
        payeeId: payee.payeeId,
        settlementAssetId,
        pin: await hashPin(pin),
        language,
      });
      // The till's sales live in this browser's storage: ask it not to evict them under pressure.
      // The answer is shown (and can be asked for again) in the settings screen.
      void requestPersistentStorage();
    } catch (e) {
      const detail = e instanceof SettingsValidationError ? settingsProblemsText(e.fields) : String(e);
      setError(t`Not saved: ${detail}`);
      setSaving(false);
    }
  };

  return (
    <main className="screen">
      <form className="page" onSubmit={submit} noValidate aria-labelledby="onboarding-title">
        <h1 id="onboarding-title">
          <Trans>Set up this till</Trans>
        </h1>
        <p className="muted">
          <Trans>
            Once, by the shop owner. You will need the Mixin ID of the Mixin account that receives the money.
            Settings stay on this device.
          </Trans>
        </p>
        <div className="field">
          <label htmlFor="language">
            <Trans>Language</Trans>
          </label>
          <select
            id="language"
            value={language}
            onChange={(e) => chooseLanguage(e.target.value as NonNullable<Settings['language']>)}
          >
            <LanguageOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor="shop-name">
            <Trans>Shop name</Trans>
          </label>
          <input
            id="shop-name"
            value={shopName}
            maxLength={40}
            onChange={(e) => setShopName(e.target.value)}
            aria-describedby="shop-name-help"
          />
          <span id="shop-name-help" className="hint">
            <Trans>Shown to the customer on the payment screen and on receipts.</Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="till-name">
            <Trans>Till name</Trans>
          </label>
          <input
            id="till-name"
            value={tillName}
            maxLength={TILL_NAME_MAX}
            onChange={(e) => setTillName(e.target.value)}
            aria-describedby="till-name-help"
          />
          <span id="till-name-help" className="hint">
            <Trans>
              This tablet's name, e.g. Front or Terrace: unique in the shop when several tills share a ledger.
            </Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="owner-pin">
            <Trans>Owner PIN</Trans>
          </label>
          <PinInput id="owner-pin" value={pin} onValue={setPin} aria-describedby="pin-help" />
          <span id="pin-help" className="hint">
            <Trans>4 to 8 digits. Needed to change settings; cashiers don't need it.</Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="owner-pin-repeat">
            <Trans>Repeat PIN</Trans>
          </label>
          <PinInput id="owner-pin-repeat" value={pin2} onValue={setPin2} aria-describedby="pin-repeat-help" />
          <span id="pin-repeat-help" className="hint">
            <Trans>The same PIN again, to be sure it was typed right.</Trans>
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
          <Trans>Start selling</Trans>
        </button>
      </form>
    </main>
  );
}
