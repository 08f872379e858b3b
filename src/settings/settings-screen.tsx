import { Trans, useLingui } from '@lingui/react/macro';
import { t } from '@lingui/core/macro';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { loadLedger, normalizeTillName, TILL_NAME_MAX, tillNameProblem } from '@/ledger';
import { describeError } from '@/mixpay/errors';
import { quoteAssetsQuery, settlementAssetsQuery } from '@/mixpay/queries';
import type { SettlementAsset } from '@/mixpay/schemas';
import { assetOptions } from './asset-labels';
import { PayeeField, type PayeeState } from './payee-field';
import { BackupPanel } from './backup-panel';
import { draftOf, LedgerFields, ledgerToSave, type LedgerDraft } from './ledger-fields';
import { hashPin, PIN_RE } from './pin';
import { useIdleLock } from './idle-lock';
import { PinGate } from './pin-gate';
import { PinInput } from './pin-input';
import { SellingFields, tipPercentsToSave } from './selling-fields';
import { SettlementAssetField } from './settlement-asset-field';
import {
  serviceUrlIssue,
  serviceUrlIssueText,
  SettingsValidationError,
  type Settings,
} from './settings-schema';
import { settingsProblemsText } from './settings-problems';
import { saveSettings } from './settings-store';
import { StorageStatus } from './storage-status';
import { useMixPay } from './use-mixpay';
import { LanguageOptions } from './language-options';

/** What the owner is told about a refused API or checkout URL; null when the URL is fine. */
function urlError(value: string, example: string): string | null {
  const issue = serviceUrlIssue(value);
  if (!issue) return null;
  if (issue === 'not-http') return t`Enter an http(s) URL, e.g. ${example}`;
  const problem = serviceUrlIssueText(issue);
  return t`${problem}: enter just the address, e.g. ${example}`;
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

/**
 * The settlement asset in words for "Always settle in …": its symbol, and its network when
 * another asset in MixPay's list has the same symbol (USDT on Ethereum, USDT on TRON).
 */
function settlementAssetWords(assets: readonly SettlementAsset[] | undefined, assetId: string): string {
  const asset = assets?.find((a) => a.assetId === assetId);
  if (!asset) return t`the settlement asset`;
  const shared = assets?.some((a) => a.assetId !== asset.assetId && a.symbol === asset.symbol);
  const { symbol, network } = asset;
  return shared && network
    ? t({ message: `${symbol} on ${network}`, comment: 'An asset on a network: USDT on Ethereum' })
    : symbol;
}

/**
 * What the owner is told after Save. Kept as what happened rather than as text: a saved language
 * switch re-renders the screen, and "Saved." must then read in the new language.
 */
type SaveOutcome = { kind: 'saved' } | { kind: 'fix-fields' } | { kind: 'failed'; detail: string };

export function SettingsScreen({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  // Left open and unattended, the owner screens go back to the keypad; the PIN is asked again.
  useIdleLock(onClose);
  const { t } = useLingui();
  if (!settings.pin) return <SettingsForm settings={settings} onClose={onClose} />;
  return (
    <PinGate pin={settings.pin} title={t`Owner settings`} onCancel={onClose}>
      <SettingsForm settings={settings} onClose={onClose} />
    </PinGate>
  );
}

function SettingsForm({ settings, onClose }: { settings: Settings; onClose: () => void }) {
  const { t } = useLingui();
  const { client, apiUrl, clientFor } = useMixPay();
  const quoteAssets = useQuery({ ...quoteAssetsQuery(client, apiUrl), meta: { persist: true } });
  // The same list as the settlement asset field's (one query): names the asset in "Always settle in".
  const settlementAssets = useQuery({ ...settlementAssetsQuery(client, apiUrl), meta: { persist: true } });
  const [draft, setDraft] = useState(settings);
  const [payee, setPayee] = useState<PayeeState>({
    kind: 'resolved',
    payeeId: settings.payeeId,
    from: 'uuid',
  });
  const [newPin, setNewPin] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [ledgerDraft, setLedgerDraft] = useState<LedgerDraft>(() => draftOf(settings.ledger));
  // Bumped when a backup's settings are restored: the fields start again from the new values.
  const [formKey, setFormKey] = useState(0);
  const settingsRestored = (next: Settings) => {
    setDraft(next);
    setLedgerDraft(draftOf(next.ledger));
    setPayee({ kind: 'resolved', payeeId: next.payeeId, from: 'uuid' });
    setErrors({});
    setOutcome(null);
    setFormKey((k) => k + 1);
  };

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const found: Record<string, string> = {};
    if (payee.kind !== 'resolved') {
      found.payeeId = t`Enter the Mixin ID of the account that receives the money and press Check.`;
    }
    const apiUrlError = urlError(draft.apiUrl, 'https://api.mixpay.me/v1');
    if (apiUrlError) found.apiUrl = apiUrlError;
    const checkoutUrlError = urlError(draft.checkoutUrl, 'https://mixpay.me');
    if (checkoutUrlError) found.checkoutUrl = checkoutUrlError;
    if (newPin && !PIN_RE.test(newPin)) found.pin = t`The new PIN must be 4 to 8 digits.`;
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
    if (Object.keys(found).length || !ledger.ok) return setOutcome({ kind: 'fix-fields' });
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
      setOutcome({ kind: 'saved' });
    } catch (e) {
      if (e instanceof SettingsValidationError) setErrors(e.fields as Record<string, string>);
      const detail =
        e instanceof SettingsValidationError
          ? settingsProblemsText(e.fields)
          : e instanceof Error
            ? e.message
            : String(e);
      setOutcome({ kind: 'failed', detail });
    }
  };

  const testConnection = async () => {
    const apiUrlError = urlError(draft.apiUrl, 'https://api.mixpay.me/v1');
    if (apiUrlError) return setTesting(apiUrlError);
    setTesting(t`Testing…`);
    try {
      const { data, rateLimit } = await clientFor(draft.apiUrl.replace(/\/+$/, '')).quoteAssets(
        {},
        { timeoutMs: 8000 },
      );
      const count = data.length;
      const remaining = rateLimit.remaining;
      setTesting(
        remaining !== null
          ? t`Connected: MixPay lists ${count} currencies (${remaining} requests left this minute).`
          : t`Connected: MixPay lists ${count} currencies.`,
      );
    } catch (e) {
      const problem = describeError(e);
      setTesting(t`Failed: ${problem}`);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <span className="error-text" id={`${key}-error`}>
        {errors[key]}
      </span>
    ) : null;

  const settleIn = settlementAssetWords(settlementAssets.data, draft.settlementAssetId);
  const failure = outcome?.kind === 'failed' ? outcome.detail : null;
  const outcomeText =
    outcome?.kind === 'saved'
      ? t`Saved.`
      : outcome?.kind === 'fix-fields'
        ? t`Not saved: fix the fields marked above.`
        : failure !== null
          ? t`Not saved: ${failure}`
          : null;

  return (
    <main className="screen">
      <header className="topbar">
        <span className="title">
          <Trans>Owner settings</Trans>
        </span>
        <button type="button" className="btn small" onClick={onClose}>
          <Trans>Lock</Trans>
        </button>
      </header>
      <form key={formKey} className="page" onSubmit={save} noValidate aria-label={t`Owner settings`}>
        <div className="field">
          <label htmlFor="language">
            <Trans>Language</Trans>
          </label>
          <select
            id="language"
            value={draft.language ?? 'auto'}
            onChange={(e) => set('language', e.target.value as Settings['language'])}
            aria-describedby="language-help"
          >
            <LanguageOptions />
          </select>
          <span id="language-help" className="hint">
            <Trans>The language of this till's screens. Automatic follows the browser's language.</Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="shop-name">
            <Trans>Shop name</Trans>
          </label>
          <input
            id="shop-name"
            value={draft.shopName}
            maxLength={40}
            onChange={(e) => set('shopName', e.target.value)}
            aria-describedby="shop-name-help"
          />
          <span id="shop-name-help" className="hint">
            <Trans>Shown to the customer on the payment screen, on receipts and on shift reports.</Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="till-name">
            <Trans>Till name</Trans>
          </label>
          <input
            id="till-name"
            value={draft.tillName}
            maxLength={TILL_NAME_MAX}
            onChange={(e) => set('tillName', e.target.value)}
            aria-invalid={!!errors.tillName}
            aria-describedby="till-name-help tillName-error"
          />
          <span id="till-name-help" className="hint">
            <Trans>This tablet's name, e.g. Front or Terrace: each till in the shop needs its own.</Trans>
          </span>
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
              aria-describedby="strict-mode-help"
            />{' '}
            <Trans>Always settle in {settleIn}</Trans>
          </label>
          <span id="strict-mode-help" className="hint">
            <Trans>If off, MixPay may settle in the asset the customer paid with instead.</Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="default-quote">
            <Trans>Default currency</Trans>
          </label>
          <select
            id="default-quote"
            value={draft.defaultQuoteAssetId}
            onChange={(e) => set('defaultQuoteAssetId', e.target.value)}
            aria-describedby="default-quote-help"
          >
            {!(quoteAssets.data ?? []).some((a) => a.assetId === draft.defaultQuoteAssetId) && (
              <option value={draft.defaultQuoteAssetId}>{draft.defaultQuoteAssetId.toUpperCase()}</option>
            )}
            {assetOptions(quoteAssets.data ?? []).map(({ assetId, label }) => (
              <option key={assetId} value={assetId}>
                {label}
              </option>
            ))}
          </select>
          <span id="default-quote-help" className="hint">
            <Trans>
              The currency prices are typed in when the keypad opens. The cashier can change it for a sale.
            </Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="entry-style">
            <Trans>Amount entry</Trans>
          </label>
          <select
            id="entry-style"
            value={draft.entryStyle}
            onChange={(e) => set('entryStyle', e.target.value as Settings['entryStyle'])}
            aria-describedby="entry-style-help"
          >
            <option value="auto">{t`Automatic (cash register for money, decimal point for crypto)`}</option>
            <option value="register">{t`Cash register (1-2-3-4 → 12.34)`}</option>
            <option value="decimal">{t`Decimal point`}</option>
          </select>
          <span id="entry-style-help" className="hint">
            <Trans>
              How the keypad reads the digits the cashier taps: 1-2-3-4 as 12.34, or with a decimal point key.
            </Trans>
          </span>
        </div>
        <div className="field">
          <label htmlFor="payment-window">
            <Trans>Time to pay (minutes)</Trans>
          </label>
          <input
            id="payment-window"
            type="number"
            inputMode="numeric"
            min={1}
            max={2880}
            step={1}
            value={draft.paymentWindowMinutes}
            onChange={(e) => set('paymentWindowMinutes', Number(e.target.value))}
            aria-describedby="payment-window-help paymentWindowMinutes-error"
          />
          <span id="payment-window-help" className="hint">
            <Trans>How long the customer has to pay before the charge runs out (1 minute to 48 hours).</Trans>
          </span>
          {fieldError('paymentWindowMinutes')}
        </div>
        <div className="field">
          <label htmlFor="link-mode">
            <Trans>Payment link</Trans>
          </label>
          <select
            id="link-mode"
            value={draft.linkMode}
            onChange={(e) => set('linkMode', e.target.value as Settings['linkMode'])}
            aria-describedby="link-mode-help"
          >
            <option value="one-time">{t`Short link from MixPay (recommended)`}</option>
            <option value="paylink">{t`Full link, made on this tablet (even without internet)`}</option>
          </select>
          <span id="link-mode-help" className="hint">
            <Trans>
              Either way the customer scans the QR code and pays on MixPay's page. The short link makes a
              simpler QR code but needs MixPay to answer when you charge; if it is slow, the full link is
              shown instead.
            </Trans>
          </span>
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.shiftCloseNeedsPin}
              onChange={(e) => set('shiftCloseNeedsPin', e.target.checked)}
              aria-describedby="shift-close-help"
            />{' '}
            <Trans>Closing a shift needs the PIN</Trans>
          </label>
          <span id="shift-close-help" className="hint">
            <Trans>If off, any cashier can close the shift and see its totals.</Trans>
          </span>
        </div>
        <SellingFields draft={draft} set={set} error={errors.tipPercents} />
        <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
          <legend className="label">
            <Trans>Sounds</Trans>
          </legend>
          <label>
            <input
              type="checkbox"
              checked={draft.soundsEnabled !== false}
              onChange={(e) => set('soundsEnabled', e.target.checked)}
              aria-describedby="sounds-help"
            />{' '}
            <Trans>Play sounds</Trans>
          </label>
          <span id="sounds-help" className="hint">
            <Trans>A short tone when a payment arrives or fails, so you notice it while looking away.</Trans>
          </span>
        </fieldset>
        <div className="field">
          <label htmlFor="new-pin">
            <Trans>New PIN</Trans>
          </label>
          <PinInput
            id="new-pin"
            value={newPin}
            onValue={setNewPin}
            // eslint-disable-next-line lingui/no-unlocalized-strings -- element ids, not words
            aria-describedby="new-pin-help pin-error"
          />
          <span id="new-pin-help" className="hint">
            <Trans>4 to 8 digits, asked to open these settings. Leave empty to keep the current PIN.</Trans>
          </span>
          {fieldError('pin')}
        </div>
        <details>
          <summary>
            <Trans>Advanced</Trans>
          </summary>
          <p className="muted small">
            <Trans>Only change these if MixPay or whoever set up this till tells you to.</Trans>
          </p>
          <div className="field">
            <label htmlFor="api-url">
              <Trans>MixPay API URL</Trans>
            </label>
            <input
              id="api-url"
              type="url"
              value={draft.apiUrl}
              onChange={(e) => set('apiUrl', e.target.value.trim())}
              aria-invalid={!!errors.apiUrl}
              aria-describedby="api-url-help apiUrl-error"
            />
            <span id="api-url-help" className="hint">
              <Trans>Where this till asks MixPay about payments.</Trans>
            </span>
            {fieldError('apiUrl')}
          </div>
          <div className="field">
            <label htmlFor="checkout-url">
              <Trans>Checkout URL</Trans>
            </label>
            <input
              id="checkout-url"
              type="url"
              value={draft.checkoutUrl}
              onChange={(e) => set('checkoutUrl', e.target.value.trim())}
              aria-invalid={!!errors.checkoutUrl}
              aria-describedby="checkout-url-help checkoutUrl-error"
            />
            <span id="checkout-url-help" className="hint">
              <Trans>The MixPay payment page the QR code opens on the customer's phone.</Trans>
            </span>
            {fieldError('checkoutUrl')}
          </div>
          <button type="button" className="btn" onClick={() => void testConnection()}>
            <Trans>Test connection</Trans>
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
          {outcomeText}
        </p>
        <button type="submit" className="btn big primary block">
          <Trans>Save</Trans>
        </button>
      </form>
      <div className="page">
        <StorageStatus />
        <BackupPanel onSettingsRestored={settingsRestored} />
      </div>
    </main>
  );
}
