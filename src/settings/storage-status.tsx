/**
 * Whether the browser may evict this till's data (settings and the charge journal live in
 * IndexedDB) and how much space it uses. Persistent storage is asked for when onboarding finishes;
 * the owner can ask again here.
 */
import { useCallback, useEffect, useState } from 'react';

export type StorageReport =
  | { kind: 'checking' }
  | { kind: 'unsupported' }
  | { kind: 'known'; persisted: boolean; usage: number | null; quota: number | null };

export const EVICTION_WARNING =
  "The browser may delete this till's sales when space runs low: export a backup regularly.";

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

  return (
    <section className="panel" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage on this device</h2>
      {report.kind === 'checking' && <p className="muted">Checking…</p>}
      {report.kind === 'unsupported' && (
        <p className="error-text">
          This browser does not say whether it keeps this till's data. {EVICTION_WARNING}
        </p>
      )}
      {report.kind === 'known' && (
        <>
          <p>
            Kept safe by the browser: <strong>{report.persisted ? 'yes' : 'no'}</strong>
            {report.persisted && ". It won't delete this till's sales and settings to free space."}
          </p>
          {report.usage !== null && (
            <p className="muted">
              Space used: {formatBytes(report.usage)}
              {report.quota !== null && ` of ${formatBytes(report.quota)} available`}
            </p>
          )}
          {!report.persisted && (
            <>
              <p className="error-text">{EVICTION_WARNING}</p>
              <button type="button" className="btn" disabled={asking} onClick={() => void askAgain()}>
                Ask the browser to keep them
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
