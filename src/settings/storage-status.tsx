/**
 * Whether the browser may evict this till's data (settings and the charge journal live in
 * IndexedDB) and how much space it uses. Persistent storage is asked for when onboarding finishes;
 * the owner can ask again here.
 */
import { t } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useEffect, useState } from 'react';

export type StorageReport =
  | { kind: 'checking' }
  | { kind: 'unsupported' }
  | { kind: 'known'; persisted: boolean; usage: number | null; quota: number | null };

/** What the owner is told when the browser may evict the till's data (the active language). */
export function evictionWarning(): string {
  return t`The browser may delete this till's sales when space runs low: export a backup regularly.`;
}

/** Asks the browser to keep this origin's storage; false when refused or not supported. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await globalThis.navigator?.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export async function readStorageReport(
  storage: Partial<Pick<StorageManager, 'persisted' | 'estimate'>> | undefined = globalThis.navigator
    ?.storage,
): Promise<StorageReport> {
  if (!storage?.persisted) return { kind: 'unsupported' };
  const [persisted, estimate] = await Promise.all([
    storage.persisted().catch(() => false),
    storage.estimate ? storage.estimate().catch(() => null) : Promise.resolve(null),
  ]);
  return {
    kind: 'known',
    persisted,
    usage: typeof estimate?.usage === 'number' ? estimate.usage : null,
    quota: typeof estimate?.quota === 'number' ? estimate.quota : null,
  };
}

/** 0 B, 512 B, 1.5 kB, 12 MB, 1.2 GB (powers of 1000, like the browsers' own storage pages). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function StorageStatus() {
  const { t } = useLingui();
  const [report, setReport] = useState<StorageReport>({ kind: 'checking' });
  const [asking, setAsking] = useState(false);
  const refresh = useCallback(async () => {
    setReport(await readStorageReport());
  }, []);
  useEffect(() => {
    let live = true;
    void readStorageReport().then((r) => live && setReport(r));
    return () => {
      live = false;
    };
  }, []);

  const askAgain = async () => {
    setAsking(true);
    await requestPersistentStorage();
    await refresh();
    setAsking(false);
  };

  const used = report.kind === 'known' && report.usage !== null ? formatBytes(report.usage) : null;
  const available = report.kind === 'known' && report.quota !== null ? formatBytes(report.quota) : null;

  return (
    <section className="panel" aria-labelledby="storage-title">
      <h2 id="storage-title">
        <Trans>Storage on this device</Trans>
      </h2>
      {report.kind === 'checking' && (
        <p className="muted">
          <Trans>Checking…</Trans>
        </p>
      )}
      {report.kind === 'unsupported' && (
        <p className="error-text">
          <Trans>This browser does not say whether it keeps this till's data.</Trans> {evictionWarning()}
        </p>
      )}
      {report.kind === 'known' && (
        <>
          <p>
            {report.persisted ? (
              <Trans>
                Kept safe by the browser: <strong>yes</strong>. It won't delete this till's sales and settings
                to free space.
              </Trans>
            ) : (
              <Trans>
                Kept safe by the browser: <strong>no</strong>
              </Trans>
            )}
          </p>
          {used !== null && (
            <p className="muted">
              {available !== null ? t`Space used: ${used} of ${available} available` : t`Space used: ${used}`}
            </p>
          )}
          {!report.persisted && (
            <>
              <p className="error-text">{evictionWarning()}</p>
              <button type="button" className="btn" disabled={asking} onClick={() => void askAgain()}>
                <Trans>Ask the browser to keep them</Trans>
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
