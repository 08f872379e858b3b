/**
 * Settings → Shop ledger: the CouchDB database URL, user and password the tills of a shop share,
 * "Test ledger", and where the ledger stands (last sync). All three fields empty: no ledger (the
 * app then loads none of it). The values stay in the settings store: never replicated, never in a
 * backup file, never in a URL.
 */
import { t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';
import { formatLocale } from '@/i18n/i18n';
import {
  loadLedgerStatus,
  loadLedgerTest,
  parseLedgerConfig,
  type LedgerConfig,
  type LedgerConfigResult,
} from '@/ledger';

export interface LedgerDraft {
  url: string;
  user: string;
  password: string;
}

export const draftOf = (config: LedgerConfig | null): LedgerDraft => ({
  url: config?.url ?? '',
  user: config?.user ?? '',
  password: config?.password ?? '',
});

/** The draft → the ledger to save (null: none), or a message per field. */
export function ledgerToSave(
  draft: LedgerDraft,
):
  | { ok: true; ledger: LedgerConfig | null }
  | { ok: false; problems: Extract<LedgerConfigResult, { ok: false }>['problems'] } {
  if (!draft.url.trim() && !draft.user && !draft.password) return { ok: true, ledger: null };
  const parsed = parseLedgerConfig(draft);
  return parsed.ok ? { ok: true, ledger: parsed.config } : parsed;
}

function when(ms: number) {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

/** Where the running ledger stands and when it last caught up (its status store, loaded on demand). */
function LedgerSync() {
  // Re-worded on a language switch too (the status store only calls back when the status changes).
  const { i18n } = useLingui();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let cancelled = false;
    void loadLedgerStatus().then(({ ledgerStatus, ledgerStatusText }) => {
      if (cancelled) return;
      const show = () => {
        const status = ledgerStatus.getSnapshot();
        const state = status.state === 'off' ? t`Ledger not running in this tab` : ledgerStatusText(status);
        const synced = status.lastSyncAt ? when(status.lastSyncAt) : null;
        const sync = synced !== null ? t`Last synced ${synced}` : t`Not synced yet`;
        setText(`${state} · ${sync}`);
      };
      show();
      unsubscribe = ledgerStatus.subscribe(show);
    });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [i18n.locale]);
  return <p className="hint">{text ?? '…'}</p>;
}

export function LedgerFields({
  draft,
  onChange,
  errors,
  configured,
  canConnect,
}: {
  draft: LedgerDraft;
  onChange: (draft: LedgerDraft) => void;
  errors: Partial<Record<'url' | 'user' | 'password', string>>;
  /** The ledger saved now (null: none). */
  configured: LedgerConfig | null;
  /** Whether this page may connect to a URL now (a new ledger address needs Save first). */
  canConnect?: (url: string) => boolean;
}) {
  const { t } = useLingui();
  const [testing, setTesting] = useState<{ text: string; ok: boolean } | null>(null);
  const set = (key: keyof LedgerDraft, value: string) => onChange({ ...draft, [key]: value });

  const test = async () => {
    const parsed = parseLedgerConfig(draft);
    if (!parsed.ok) {
      return setTesting({ text: Object.values(parsed.problems).join('. '), ok: false });
    }
    if (canConnect && !canConnect(parsed.config.url)) {
      return setTesting({
        text: t`Save first: the app lets itself connect to a new ledger address once it is saved (the app restarts). Then test again.`,
        ok: false,
      });
    }
    setTesting({ text: t`Testing…`, ok: true });
    try {
      const result = await (await loadLedgerTest()).testLedger(parsed.config);
      setTesting({ text: result.message, ok: result.ok });
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e);
      setTesting({ text: t`Test failed: ${problem}`, ok: false });
    }
  };

  const fieldError = (key: keyof LedgerDraft) =>
    errors[key] ? (
      <span className="error-text" id={`ledger-${key}-error`}>
        {errors[key]}
      </span>
    ) : null;

  return (
    <section className="panel" aria-labelledby="shop-ledger-title">
      <h2 id="shop-ledger-title">
        <Trans>Shop ledger</Trans>
      </h2>
      <p className="hint">
        <Trans>
          Several tills of one shop can share their sales through a CouchDB database. Leave the three fields
          empty for none: sales stay on this till only.
        </Trans>
      </p>
      <div className="field">
        <label htmlFor="ledger-url">
          <Trans>Ledger URL</Trans>
        </label>
        <input
          id="ledger-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://couch.example.com/shop-ledger"
          value={draft.url}
          onChange={(e) => set('url', e.target.value)}
          aria-invalid={!!errors.url}
          aria-describedby={errors.url ? 'ledger-url-help ledger-url-error' : 'ledger-url-help'}
        />
        <span id="ledger-url-help" className="hint">
          <Trans>The shared database's address, from whoever set it up for the shop.</Trans>
        </span>
        {fieldError('url')}
      </div>
      <div className="field">
        <label htmlFor="ledger-user">
          <Trans>Ledger user</Trans>
        </label>
        <input
          id="ledger-user"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          value={draft.user}
          onChange={(e) => set('user', e.target.value)}
          aria-invalid={!!errors.user}
          aria-describedby={errors.user ? 'ledger-user-help ledger-user-error' : 'ledger-user-help'}
        />
        <span id="ledger-user-help" className="hint">
          <Trans>The database's user name and password, the same on every till of the shop.</Trans>
        </span>
        {fieldError('user')}
      </div>
      <div className="field">
        <label htmlFor="ledger-password">
          <Trans>Ledger password</Trans>
        </label>
        <input
          id="ledger-password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={(e) => set('password', e.target.value)}
          aria-invalid={!!errors.password}
          aria-describedby={errors.password ? 'ledger-user-help ledger-password-error' : 'ledger-user-help'}
        />
        {fieldError('password')}
      </div>
      <button type="button" className="btn" onClick={() => void test()}>
        <Trans>Test ledger</Trans>
      </button>
      <p aria-live="polite" className={testing && !testing.ok ? 'error-text' : 'hint'}>
        {testing?.text}
      </p>
      {configured && <LedgerSync />}
    </section>
  );
}
