import { useSyncExternalStore } from 'react';
import { getSettings, subscribeSettings } from './settings-store';
import type { Settings } from './settings-schema';

/** Current settings, or null until the first load from IndexedDB has finished. */
export function useSettings(): Settings | null {
  return useSyncExternalStore(subscribeSettings, getSettings, getSettings);
}
