/**
 * The tab's MixPay services for the configured API URL (see @/mixpay/services), made once per
 * provider (the app keys it by API URL, and a changed URL reloads the page anyway) and closed when
 * the page goes away, which hands this tab's traces to the others at once.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MixPayClient } from '@/mixpay/client';
import type { RequestScheduler } from '@/mixpay/scheduler';
import { createMixPayServices, type MixPayServices } from '@/mixpay/services';
import type { ShopBudget } from '@/mixpay/shop-budget';
import { useSettings } from './use-settings';

const ServicesContext = createContext<MixPayServices | null>(null);

export function MixPayProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [services] = useState(() => createMixPayServices(apiUrl));
  useEffect(() => {
    const leave = () => services.close();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [services]);
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export interface MixPayContext {
  client: MixPayClient;
  apiUrl: string;
  checkoutUrl: string;
  scheduler: RequestScheduler;
  shop: ShopBudget;
  clientFor(apiUrl: string): MixPayClient;
}

export function useMixPay(): MixPayContext {
  const settings = useSettings();
  const services = useContext(ServicesContext);
  if (!settings || !services) throw new Error('useMixPay outside MixPayProvider');
  const { checkoutUrl } = settings;
  return useMemo(
    () => ({
      client: services.client,
      apiUrl: services.apiUrl,
      checkoutUrl,
      scheduler: services.scheduler,
      shop: services.shop,
      clientFor: services.clientFor,
    }),
    [services, checkoutUrl],
  );
}
