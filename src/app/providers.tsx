import { I18nProvider } from '@lingui/react';
import { IsRestoringProvider, QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';
import { i18n } from '@/i18n/i18n';
import { ErrorBoundary } from './error-boundary';
import { createQueryClient } from './query-client';

// The query cache's persistence (IndexedDB) is a download of its own, fetched after the first paint.
let persister: Promise<typeof import('./persister')> | null = null;
const loadPersister = () =>
  (persister ??= import('./persister').catch((error: unknown) => {
    persister = null;
    throw error;
  }));

/**
 * The QueryClient, with the kept queries restored first (what PersistQueryClientProvider does):
 * while restoring, queries wait for the restore instead of fetching; then every cache change is
 * saved.
 */
export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [restoring, setRestoring] = useState(true);
  const restoreStarted = useRef(false);
  useEffect(() => {
    if (restoreStarted.current) return;
    restoreStarted.current = true;
    loadPersister()
      .then(({ restoreQueries }) => restoreQueries(client))
      .catch((error: unknown) => console.warn('Query cache not restored', error))
      // Right after start-up: a transition, so React renders the screens again in slices that let
      // the browser in between, not in one long task on a slow tablet (total blocking time).
      .finally(() => startTransition(() => setRestoring(false)));
  }, [client]);
  useEffect(() => {
    if (restoring) return;
    let stop: (() => void) | null = null;
    let live = true;
    loadPersister().then(
      ({ persistQueries }) => {
        if (live) stop = persistQueries(client);
      },
      () => undefined, // not saved this session
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [client, restoring]);
  return (
    <I18nProvider i18n={i18n}>
      <ErrorBoundary>
        <QueryClientProvider client={client}>
          <IsRestoringProvider value={restoring}>{children}</IsRestoringProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </I18nProvider>
  );
}
