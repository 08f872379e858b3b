/**
 * Settings → Backup: export the till's sales (and settings, without the PIN) to a JSON file, and
 * import one back. Behind the owner PIN like the rest of the settings screen. Restoring settings
 * from a file is a separate, explicit choice (off by default): the payee decides where money goes.
 */
import { plural, t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { isStorageFullError } from '@/journal/journal';
import { backupFileName, describeImport, exportBackup, importBackup } from './backup';
import type { Settings } from './settings-schema';

/** Larger than any real till's backup; stops a wrong pick (a video) from freezing the tablet. */
const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

function downloadJson(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Why an export or an import did not happen, in words. */
function failure(action: 'export' | 'import', error: unknown): string {
  if (isStorageFullError(error)) {
    return action === 'export'
      ? t`This device's storage is full: the backup was not exported. Clear old history first.`
      : t`This device's storage is full: nothing was imported. Clear old history first.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return action === 'export' ? t`The backup was not exported: ${detail}` : t`Nothing was imported: ${detail}`;
}

export function BackupPanel({ onSettingsRestored }: { onSettingsRestored: (settings: Settings) => void }) {
  const { t } = useLingui();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [restoreSettings, setRestoreSettings] = useState(false);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const doExport = async () => {
    setBusy('export');
    setMessage(null);
    try {
      const now = Date.now();
      const backup = await exportBackup(now);
      downloadJson(backupFileName(now), JSON.stringify(backup));
      const exported = backup.charges.length;
      setMessage({
        text: plural(exported, { one: 'Backup exported: # charge.', other: 'Backup exported: # charges.' }),
        error: false,
      });
    } catch (e) {
      setMessage({ text: failure('export', e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const doImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file can be picked again (importing twice changes nothing, and says so).
    event.target.value = '';
    if (!file) return;
    setBusy('import');
    setMessage(null);
    try {
      if (file.size > MAX_BACKUP_BYTES) {
        setMessage({
          text: t`This file is too large to be a MixPay POS backup: nothing was imported.`,
          error: true,
        });
        return;
      }
      const outcome = await importBackup(await file.text(), { restoreSettings });
      if (!outcome.ok) {
        setMessage({ text: outcome.message, error: true });
        return;
      }
      const imported = describeImport(outcome);
      setMessage({ text: t`Imported: ${imported}`, error: false });
      if (outcome.settings) onSettingsRestored(outcome.settings);
    } catch (e) {
      setMessage({ text: failure('import', e), error: true });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <Trans>Backup</Trans>
      </h2>
      <p className="muted">
        <Trans>
          A backup file holds this till's sales, shift closes and settings (never the PIN). Importing one adds
          the sales this till does not have, without duplicating any.
        </Trans>
      </p>
      <div className="field">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void doExport()}>
          {busy === 'export' ? t`Exporting…` : t`Export backup`}
        </button>
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={restoreSettings}
            onChange={(e) => setRestoreSettings(e.target.checked)}
          />{' '}
          <Trans>Also restore settings (payee, currency…)</Trans>
        </label>
        {restoreSettings && (
          <span className="hint">
            <Trans>The payee from the file will receive this till's payments. The PIN stays as it is.</Trans>
          </span>
        )}
      </div>
      <div className="field">
        <button
          type="button"
          className="btn"
          disabled={busy !== null}
          onClick={() => fileInput.current?.click()}
        >
          {busy === 'import' ? t`Importing…` : t`Import backup`}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => void doImport(e)}
        />
      </div>
      <p role="status" aria-live="polite" className={message?.error ? 'error-text' : undefined}>
        {message?.text}
      </p>
    </section>
  );
}
