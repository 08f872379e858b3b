/**
 * Keeps the asset lists (quote, settlement, payment assets) in IndexedDB so the keypad and the
 * settings pickers work offline after one online visit. Only queries marked `meta.persist` are kept.
 *
 * A download of its own (providers.tsx loads it after the first paint): until the cache is restored
 * the app's queries wait (React Query's "restoring"), as they did under PersistQueryClientProvider.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  persistQueryClientRestore,
  persistQueryClientSubscribe,
  type PersistQueryClientOptions,
} from '@tanstack/react-query-persist-client';
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import { createStore, del, get, set } from 'idb-keyval';

// Opened on first use, not when this module loads.
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

// The persister packages are typed against their own copy of @tanstack/query-core (5.104.5) while
// @tanstack/react-query brings 5.108.0: the same QueryClient to the code, not to the compiler.
// PersistQueryClientProvider did the same hand-over inside the library.
const asPersisted = (client: QueryClient) => client as unknown as PersistQueryClientOptions['queryClient'];

/** Puts the kept queries back into the client (an unreadable or expired cache is dropped). */
export function restoreQueries(queryClient: QueryClient): Promise<void> {
  return persistQueryClientRestore({ ...persistOptions, queryClient: asPersisted(queryClient) });
}

/** Saves the kept queries whenever the cache changes; returns the stop. */
export function persistQueries(queryClient: QueryClient): () => void {
  return persistQueryClientSubscribe({ ...persistOptions, queryClient: asPersisted(queryClient) });
}
