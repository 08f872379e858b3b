/**
 * Backup of this till: the charge journal, the shift closes and the owner settings in one JSON
 * file (format: src/journal/backup-schema.ts). The owner PIN's hash never leaves the device (the
 * PIN lockout counter lives in localStorage and is not part of the settings either), nor does the
 * shop ledger's password (the file names the ledger's URL and user only).
 *
 * Importing merges charges into the journal by traceId (the lifecycle's merge rules: nothing is
 * duplicated, a final state is never replaced by an open one). Settings from a file are applied
 * only when the owner asks for it, since the payee decides where the money goes; the PIN is never
 * taken from a file, and neither is the till's identity (its id and name) nor the shop ledger:
 * those belong to the device (a restored tablet next to the original must not become its twin).
 */
import { plural, t } from '@lingui/core/macro';
import { BACKUP_KIND, BACKUP_SCHEMA_VERSION, parseBackup, type Backup } from '@/journal/backup-schema';
import { allChargesForBackup, mergeImportedCharges, type MergeSummary } from '@/journal/journal';
import { loadLedger, type LedgerConfig } from '@/ledger';
import {
  defaultSettings,
  readStoredSettings,
  SettingsValidationError,
  validateSettings,
  type Settings,
} from './settings-schema';
import { settingsFieldName, settingsProblemsText } from './settings-problems';
import { getSettings, loadSettings, saveSettings } from './settings-store';

/** The settings a backup carries: everything but the PIN and the ledger's password. */
export type ShareableSettings = Omit<Settings, 'pin' | 'ledger'> & {
  ledger: Omit<LedgerConfig, 'password'> | null;
};

export async function exportBackup(now = Date.now()): Promise<Backup<ShareableSettings>> {
  const settings = getSettings() ?? (await loadSettings());
  const { pin: _pin, ledger, ...rest } = settings;
  const shareable: ShareableSettings = {
    ...rest,
    ledger: ledger ? { url: ledger.url, user: ledger.user } : null,
  };
  const { charges, shifts } = await allChargesForBackup();
  return {
    kind: BACKUP_KIND,
    schemaVersion: BACKUP_SCHEMA_VERSION,
    exportedAt: now,
    settings: shareable,
    charges,
    shifts,
  };
}

/** mixpay-pos-backup-YYYY-MM-DD.json, on this device's calendar. */
export function backupFileName(now = Date.now()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `mixpay-pos-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.json`;
}

export type ImportOutcome =
  { ok: true; summary: MergeSummary; settings: Settings | null } | { ok: false; message: string };

/**
 * The settings a backup would restore, keeping this till's PIN; or why they cannot be. Every field
 * must be present and valid: nothing is silently reset to a default (an empty payee, say).
 */
function settingsFromBackup(
  raw: Record<string, unknown>,
  current: Settings,
): { settings: Settings } | { problem: string } {
  const { pin: _ignored, tillId: _id, tillName: _name, ledger: _ledger, ...fields } = raw;
  const defaults = defaultSettings();
  const { settings, repaired } = readStoredSettings(fields, defaults);
  if (repaired.length) {
    const fields = repaired.map(settingsFieldName).join(', ');
    return { problem: t`invalid ${fields}` };
  }
  if (!settings.payeeId || !settings.settlementAssetId) return { problem: t`no payee or settlement asset` };
  try {
    return {
      settings: validateSettings({
        ...settings,
        pin: current.pin,
        tillId: current.tillId,
        tillName: current.tillName,
        ledger: current.ledger,
      }),
    };
  } catch (e) {
    if (e instanceof SettingsValidationError) return { problem: settingsProblemsText(e.fields) };
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Imports a backup file's text. A refused file (not a backup, a newer format, damaged records,
 * settings that cannot be restored when asked for) writes nothing and says why.
 */
export async function importBackup(
  text: string,
  options: { restoreSettings?: boolean } = {},
): Promise<ImportOutcome> {
  const parsed = parseBackup(text);
  if (!parsed.ok) return parsed;
  const { backup } = parsed;
  let restored: Settings | null = null;
  if (options.restoreSettings) {
    const current = getSettings() ?? (await loadSettings());
    const found = settingsFromBackup(backup.settings, current);
    if ('problem' in found) {
      const { problem } = found;
      return {
        ok: false,
        message: t`The settings in this backup cannot be restored (${problem}): nothing was imported. Untick "Also restore settings" to import the sales only.`,
      };
    }
    restored = found.settings;
  }
  const summary = await mergeImportedCharges(backup.charges, backup.shifts);
  const settings = restored ? await saveSettings(restored) : null;
  // The ledger finds changed charges by their updatedAt; imported ones may be older: compare all.
  if ((settings ?? getSettings())?.ledger) {
    void loadLedger()
      .then((m) => m.currentLedger()?.reconcileAll())
      .catch((error: unknown) => console.warn('Ledger: the import is sent on its next sweep', error));
  }
  return { ok: true, summary, settings };
}

/** "12 charges added, 3 updated, 40 unchanged." (+ shift closes and settings when there are any). */
export function describeImport(outcome: { summary: MergeSummary; settings: Settings | null }): string {
  const { added, updated, unchanged, shiftsAdded } = outcome.summary;
  const charges = plural(added, { one: '# charge added', other: '# charges added' });
  const counts = t`${charges}, ${updated} updated, ${unchanged} unchanged`;
  let text: string;
  if (shiftsAdded) {
    const shifts = plural(shiftsAdded, { one: '# shift close added', other: '# shift closes added' });
    text = t({ message: `${counts}; ${shifts}.`, comment: 'Charges imported; shift closes imported.' });
  } else {
    text = t({ message: `${counts}.`, comment: 'The end of a sentence saying what was imported' });
  }
  if (outcome.settings) text += ` ${t`Settings restored (payee, currency…).`}`;
  return text;
}
