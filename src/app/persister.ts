/**
 * Keeps the asset lists (quote, settlement, payment assets) in IndexedDB so the keypad and the
 * settings pickers work offline after one online visit. Only queries marked `meta.persist` are kept.
 */
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import type { PersistQueryClientOptions } from '@tanstack/react-query-persist-client';
import { createStore, del, get, set } from 'idb-keyval';

// Opened on first use, not when this module loads: the receipt page (main.tsx) loads the app's
// code but must not create the till's storage on a customer's phone.
let store: ReturnType<typeof createStore> | null = null;
const cacheStore = () => (store ??= createStore('mixpay-pos-cache', 'queries'));

export const persistOptions: Omit<PersistQueryClientOptions, 'queryClient'> = {
  persister: createAsyncStoragePersister({
    storage: {
      getItem: (key) => get<string>(key, cacheStore()).then((v) => v ?? null),
      setItem: (key, value) => set(key, value, cacheStore()),
      removeItem: (key) => del(key, cacheStore()),
    },
    throttleTime: 250,
  }),
  maxAge: 30 * 24 * 3600_000,
  buster: 'v1',
  dehydrateOptions: {
    shouldDehydrateQuery: (query) => query.meta?.persist === true && query.state.status === 'success',
  },
};
