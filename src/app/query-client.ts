import { QueryClient } from '@tanstack/react-query';

/**
 * MixPay's error kinds are not part of the first download: @/mixpay/errors is fetched when the
 * client is made. A MixPayError can only exist once that module has run (the MixPay client, a
 * later download, imports it), and by then it is here. Until then no error is a MixPayError, and
 * every failure is retryable, which is what the rule below says of errors that are not MixPay's.
 */
let errors: typeof import('@/mixpay/errors') | null = null;
let errorsLoading: Promise<unknown> | null = null;
const loadErrors = () =>
  (errorsLoading ??= import('@/mixpay/errors').then(
    (m) => (errors = m),
    () => (errorsLoading = null), // asked again at the next failure
  ));

function retryable(error: unknown): boolean {
  if (!errors) {
    void loadErrors();
    return true;
  }
  return !errors.isMixPayError(error) || errors.isTransient(error);
}

/** React Query defaults in one place. Tests create their own client with `retry: false`. */
export function createQueryClient(): QueryClient {
  void loadErrors();
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Transient MixPay faults get two quick retries; a definite answer (bad payee…) does not.
        retry: (failures, error) => failures < 2 && retryable(error),
        staleTime: 60_000,
        gcTime: 7 * 24 * 3600_000,
        refetchOnWindowFocus: false,
        networkMode: 'offlineFirst',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
