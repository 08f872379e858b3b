import { useMemo } from 'react';
import { createMixPayClient, type MixPayClient } from '@/mixpay/client';
import { useSettings } from './use-settings';

const clients = new Map<string, MixPayClient>();

/** One client per API URL, so a settings change takes effect at once and nothing else is rebuilt. */
export function mixpayClientFor(apiUrl: string): MixPayClient {
  let client = clients.get(apiUrl);
  if (!client) {
    client = createMixPayClient({ apiUrl });
    clients.set(apiUrl, client);
  }
  return client;
}

export interface MixPayContext {
  client: MixPayClient;
  apiUrl: string;
  checkoutUrl: string;
}

export function useMixPay(): MixPayContext {
  const settings = useSettings();
  if (!settings) throw new Error('useMixPay before settings loaded');
  const { apiUrl, checkoutUrl } = settings;
  return useMemo(() => ({ client: mixpayClientFor(apiUrl), apiUrl, checkoutUrl }), [apiUrl, checkoutUrl]);
}
