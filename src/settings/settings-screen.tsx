import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { loadLedger, normalizeTillName, TILL_NAME_MAX, tillNameProblem } from '@/ledger';
import { describeError } from '@/mixpay/errors';
import { quoteAssetsQuery } from '@/mixpay/queries';
import { PayeeField, type PayeeState } from './payee-field';
import { BackupPanel } from './backup-panel';
import { draftOf, LedgerFields, ledgerToSave, type LedgerDraft } from './ledger-fields';
import { hashPin, PIN_RE } from './pin';
import { useIdleLock } from './idle-lock';
import { PinGate } from './pin-gate';
import { PinInput } from './pin-input';
import { SellingFields, tipPercentsToSave } from './selling-fields';
import { SettlementAssetField } from './settlement-asset-field';
import { serviceUrlProblem, SettingsValidationError, type Settings } from './settings-schema';
import { saveSettings } from './settings-store';
import { StorageStatus } from './storage-status';
import { useMixPay } from './use-mixpay';

/** What the owner is told about a refused API or checkout URL; null when the URL is fine. */
function urlError(value: string, example: string): string | null {
  const problem = serviceUrlProblem(value);
  if (!problem) return null;
  if (problem === 'Must be an http(s) URL') return `Enter an http(s) URL, e.g. ${example}`;
  return `${problem}: enter just the address, e.g. ${example}`;
}

/** The names of the shop's other tills (from the running ledger's till cards; none without one). */
async function otherTillNames(settings: Settings): Promise<string[]> {
  if (!settings.ledger) return [];
  const ledger = (await loadLedger()).currentLedger();
  if (!ledger) return [];
  return (await ledger.tills()).filter((t) => t.tillId !== settings.tillId).map((t) => t.name);
}

/**
 * Whether this page may connect to a URL now: the app shell's content security policy admits the
 * saved MixPay API's origin and the saved ledger's (src/app/content-security.ts); another origin
 * is admitted once it is saved (the app restarts for it).
 */
function connectable(settings: Settings, url: string): boolean {
  const origin = new URL(url).origin;
  return (
    origin === new URL(settings.apiUrl).origin ||
    (!!settings.ledger && origin === new URL(settings.ledger.url).origin)
  );
}

export function SettingsScreen({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  // Left open and unattended, the owner screens go back to the keypad; the PIN is asked again.
  useIdleLock(onClose);
  if (!settings.pin) return <SettingsForm settings={settings} onClose={onClose} />;
  return (
    <PinGate pin={settings.pin} title="Owner settings" onCancel={onClose}>
      <SettingsForm settings={settings} onClose={onClose} />
    </PinGate>
  );
}

function SettingsForm({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  const { client, apiUrl, clientFor } = useMixPay();
  const quoteAssets = useQuery({ ...quoteAssetsQuery(client, apiUrl), meta: { persist: true } });
  const [draft, setDraft] = useState(settings);
  const [payee, setPayee] = useState<PayeeState>({
    kind: 'resolved',
    payeeId: settings.payeeId,
    from: 'uuid',
  });
  const [newPin, setNewPin] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [ledgerDraft, setLedgerDraft] = useState<LedgerDraft>(() => draftOf(settings.ledger));
  // Bumped when a backup's settings are restored: the fields start again from the new values.
  const [formKey, setFormKey] = useState(0);
  const settingsRestored = (next: Settings) => {
    setDraft(next);
    setLedgerDraft(draftOf(next.ledger));
    setPayee({ kind: 'resolved', payeeId: next.payeeId, from: 'uuid' });
    setErrors({});
    setMessage(null);
    setFormKey((k) => k + 1);
  };

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const found: Record<string, string> = {};
    if (payee.kind !== 'resolved') found.payeeId = 'Enter a valid payee ID and wait for it to be checked.';
    const apiUrlError = urlError(draft.apiUrl, 'https://api.mixpay.me/v1');
    if (apiUrlError) found.apiUrl = apiUrlError;
    const checkoutUrlError = urlError(draft.checkoutUrl, 'https://mixpay.me');
    if (checkoutUrlError) found.checkoutUrl = checkoutUrlError;
    if (newPin && !PIN_RE.test(newPin)) found.pin = 'The new PIN must be 4 to 8 digits.';
    const tillName = normalizeTillName(draft.tillName);
    const tillNameError = tillNameProblem(tillName, await otherTillNames(settings).catch(() => []));
    if (tillNameError) found.tillName = tillNameError;
    const ledger = ledgerToSave(ledgerDraft);
    if (!ledger.ok) {
      for (const [key, problem] of Object.entries(ledger.problems)) {
        found[`ledger${key[0].toUpperCase()}${key.slice(1)}`] = problem;
      }
    }
    setErrors(found);
    if (Object.keys(found).length || !ledger.ok) return setMessage('Not saved: fix the fields marked above.');
    try {
      await saveSettings({
        ...draft,
        tillName,
        ledger: ledger.ledger,
        payeeId: payee.kind === 'resolved' ? payee.payeeId : draft.payeeId,
        apiUrl: draft.apiUrl.replace(/\/+$/, ''),
        checkoutUrl: draft.checkoutUrl.replace(/\/+$/, ''),
        tipPercents: tipPercentsToSave(draft.tipPercents),
        pin: newPin ? await hashPin(newPin) : settings.pin,
      });
      setNewPin('');
      setMessage('Saved.');
    } catch (e) {
      if (e instanceof SettingsValidationError) setErrors(e.fields as Record<string, string>);
      setMessage(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const testConnection = async () => {
    const apiUrlError = urlError(draft.apiUrl, 'https://api.mixpay.me/v1');
    if (apiUrlError) return setTesting(apiUrlError);
    setTesting('Testing…');
    try {
      const { data, rateLimit } = await clientFor(draft.apiUrl.replace(/\/+$/, '')).quoteAssets(
        {},
        { timeoutMs: 8000 },
      );
      setTesting(
        `Connected: MixPay lists ${data.length} currencies${rateLimit.remaining !== null ? ` (${rateLimit.remaining} requests left this minute)` : ''}.`,
      );
    } catch (e) {
      setTesting(`Failed: ${describeError(e)}`);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <span className="error-text" id={`${key}-error`}>
        {errors[key]}
      </span>
    ) : null;

  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">Owner settings</span>
        <button type="button" className="btn small" onClick={onClose}>
          Lock
        </button>
      </header>
      <form key={formKey} className="page" onSubmit={save} noValidate aria-label="Owner settings">
        <div className="field">
          <label htmlFor="shop-name">Shop name</label>
          <input
            id="shop-name"
            value={draft.shopName}
            maxLength={40}
            onChange={(e) => set('shopName', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="till-name">Till name</label>
          <input
            id="till-name"
            value={draft.tillName}
            maxLength={TILL_NAME_MAX}
            onChange={(e) => set('tillName', e.target.value)}
            aria-invalid={!!errors.tillName}
            aria-describedby="tillName-error"
          />
          {fieldError('tillName')}
        </div>
        <PayeeField initial={draft.payeeId} onChange={setPayee} />
        {fieldError('payeeId')}
        <SettlementAssetField
          value={draft.settlementAssetId}
          onChange={(id) => set('settlementAssetId', id)}
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.strictMode}
              onChange={(e) => set('strictMode', e.target.checked)}
            />{' '}
            Strict mode: always settle in the settlement asset
          </label>
        </div>
        <div className="field">
          <label htmlFor="default-quote">Default currency</label>
          <select
            id="default-quote"
            value={draft.defaultQuoteAssetId}
            onChange={(e) => set('defaultQuoteAssetId', e.target.value)}
          >
            {!(quoteAssets.data ?? []).some((a) => a.assetId === draft.defaultQuoteAssetId) && (
              <option value={draft.defaultQuoteAssetId}>{draft.defaultQuoteAssetId.toUpperCase()}</option>
            )}
            {(quoteAssets.data ?? []).map((a) => (
              <option key={a.assetId} value={a.assetId}>
                {a.symbol}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="entry-style">Amount entry</label>
          <select
            id="entry-style"
            value={draft.entryStyle}
            onChange={(e) => set('entryStyle', e.target.value as Settings['entryStyle'])}
          >
            <option value="auto">Automatic (cash register for money, decimal point for crypto)</option>
            <option value="register">Cash register (1-2-3-4 → 12.34)</option>
            <option value="decimal">Decimal point</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="payment-window">Payment window (minutes)</label>
          <input
            id="payment-window"
            type="number"
            inputMode="numeric"
            min={1}
            max={2880}
            step={1}
            value={draft.paymentWindowMinutes}
            onChange={(e) => set('paymentWindowMinutes', Number(e.target.value))}
            aria-describedby="paymentWindowMinutes-error"
          />
          {fieldError('paymentWindowMinutes')}
        </div>
        <div className="field">
          <label htmlFor="link-mode">Payment link</label>
          <select
            id="link-mode"
            value={draft.linkMode}
            onChange={(e) => set('linkMode', e.target.value as Settings['linkMode'])}
          >
            <option value="one-time">
              One-time link (recommended; falls back to a paylink when MixPay is slow)
            </option>
            <option value="paylink">Paylink (built on this device; works offline)</option>
          </select>
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.shiftCloseNeedsPin}
              onChange={(e) => set('shiftCloseNeedsPin', e.target.checked)}
            />{' '}
            Closing a shift needs the PIN
          </label>
        </div>
        <SellingFields draft={draft} set={set} error={errors.tipPercents} />
        <div className="field">
          <label htmlFor="new-pin">New PIN (leave empty to keep the current one)</label>
          <PinInput id="new-pin" value={newPin} onValue={setNewPin} />
          {fieldError('pin')}
        </div>
        <details>
          <summary>Advanced</summary>
          <div className="field">
            <label htmlFor="api-url">MixPay API URL</label>
            <input
              id="api-url"
              type="url"
              value={draft.apiUrl}
              onChange={(e) => set('apiUrl', e.target.value.trim())}
              aria-invalid={!!errors.apiUrl}
            />
            {fieldError('apiUrl')}
          </div>
          <div className="field">
            <label htmlFor="checkout-url">Checkout URL</label>
            <input
              id="checkout-url"
              type="url"
              value={draft.checkoutUrl}
              onChange={(e) => set('checkoutUrl', e.target.value.trim())}
              aria-invalid={!!errors.checkoutUrl}
            />
            {fieldError('checkoutUrl')}
          </div>
          <button type="button" className="btn" onClick={() => void testConnection()}>
            Test connection
          </button>
          <p aria-live="polite" className="hint">
            {testing}
          </p>
        </details>
        <LedgerFields
          draft={ledgerDraft}
          onChange={setLedgerDraft}
          errors={{ url: errors.ledgerUrl, user: errors.ledgerUser, password: errors.ledgerPassword }}
          configured={settings.ledger}
          canConnect={(url) => import.meta.env.DEV || connectable(settings, url)}
        />
        <p role="status" aria-live="polite">
          {message}
        </p>
        <button type="submit" className="btn big primary block">
          Save
        </button>
      </form>
      <div className="page">
        <StorageStatus />
        <BackupPanel onSettingsRestored={settingsRestored} />
      </div>
    </main>
  );
}
