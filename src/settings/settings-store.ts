/**
 * The one module that owns the settings IndexedDB store. Settings load once at start-up, are held
 * in memory for synchronous reads by the UI (useSyncExternalStore), and every save is validated
 * before it is written and announced.
 */
import { createStore, get, set } from 'idb-keyval';
import type { Settings } from './settings-schema';

// The schema (and valibot with it) is not in the first download: it is fetched at start-up in
// parallel with the IndexedDB read, and the stored record is still checked before anything uses it.
let schema: Promise<typeof import('./settings-schema')> | null = null;
const loadSchema = () =>
  (schema ??= import('./settings-schema').catch((error: unknown) => {
    schema = null; // a later attempt may succeed (network back)
    throw error;
  }));

const KEY = 'settings';
let store: ReturnType<typeof createStore> | null = null;
const idb = () => (store ??= createStore('mixpay-pos-settings', 'settings'));

let current: Settings | null = null;
let loading: Promise<Settings> | null = null;
const listeners = new Set<() => void>();

function publish(next: Settings) {
  current = next;
  for (const listener of listeners) listener();
}

export function loadSettings(): Promise<Settings> {
  loading ??= (async () => {
    const [raw, { defaultSettings, readStoredSettings }] = await Promise.all([get(KEY, idb()), loadSchema()]);
    const { settings, repaired } = readStoredSettings(raw, defaultSettings());
    // Write back a migrated or repaired record so the next read is already current.
    if (
      raw !== undefined &&
      (repaired.length > 0 || (raw as { version?: unknown }).version !== settings.version)
    ) {
      await set(KEY, settings, idb());
    }
    publish(settings);
    return settings;
  })();
  return loading;
}

export async function saveSettings(patch: Partial<Omit<Settings, 'version'>>): Promise<Settings> {
  const base = current ?? (await loadSettings());
  const { validateSettings } = await loadSchema();
  const next = validateSettings({ ...base, ...patch });
  await set(KEY, next, idb());
  publish(next);
  return next;
}

export function getSettings(): Settings | null {
  return current;
}

/**
 * Whether the owner turned "Play sounds" off, as saved now: asked when a sound is about to play
 * (a charge ending outside any screen's render), so a change counts from the next sound.
 */
export function soundsMuted(): boolean {
  return soundsMutedIn(current);
}

/** Whether the owner turned "Play sounds" off (absent, as in a record from before it: on). */
export function soundsMutedIn(settings: Pick<Settings, 'soundsEnabled'> | null): boolean {
  return settings?.soundsEnabled === false;
}

export function subscribeSettings(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tests only: forget the in-memory copy so the next load reads IndexedDB again. */
export function resetSettingsCacheForTests() {
  current = null;
  loading = null;
  store = null;
}
