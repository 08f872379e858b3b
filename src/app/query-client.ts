import { QueryClient } from '@tanstack/react-query';
import { isMixPayError, isTransient } from '@/mixpay/errors';

/** React Query defaults in one place. Tests create their own client with `retry: false`. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Transient MixPay faults get two quick retries; a definite answer (bad payee…) does not.
        retry: (failures, error) => failures < 2 && (!isMixPayError(error) || isTransient(error)),
        staleTime: 60_000,
        gcTime: 7 * 24 * 3600_000,
        refetchOnWindowFocus: false,
        networkMode: 'offlineFirst',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
