/**
 * The tab's MixPay services for the configured API URL (see @/mixpay/services): the client, the
 * shop-wide request scheduler and the cross-tab budget. They are a download of their own, made
 * right after the provider's first paint, so the keypad does not wait for them. Until they are
 * made, `useMixPay` has nothing to give: screens that talk to MixPay are rendered inside
 * `<MixPayReady>` (a short "Loading…" at most, right after start-up), and the keypad asks with
 * `useMixPayIfReady` (its asset list comes from the kept query cache meanwhile, and Charge waits).
 * Made once per provider (the app keys it by API URL, and a changed URL reloads the page anyway)
 * and closed when the page goes away, which hands this tab's traces to the others at once.
 */
import {
  createContext,
  startTransition,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { MixPayClient } from '@/mixpay/client';
import type { RequestScheduler } from '@/mixpay/scheduler';
import type { MixPayServices } from '@/mixpay/services';
import type { ShopBudget } from '@/mixpay/shop-budget';
import { useSettings } from './use-settings';

const ServicesContext = createContext<MixPayServices | null>(null);

/** After a failed download of the services (offline before they were ever cached), try again. */
const RETRY_MS = 3_000;

export function MixPayProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [services, setServices] = useState<MixPayServices | null>(null);
  useEffect(() => {
    let made: MixPayServices | null = null;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      import('@/mixpay/services').then(
        ({ createMixPayServices }) => {
          if (!live) return;
          made = createMixPayServices(apiUrl);
          // They arrive right after start-up: the screens re-render in slices, not in one long task.
          const ready = made;
          startTransition(() => setServices(ready));
        },
        () => {
          if (live) retry = setTimeout(load, RETRY_MS);
        },
      );
    void load();
    const leave = () => made?.close();
    window.addEventListener('pagehide', leave);
    return () => {
      live = false;
      clearTimeout(retry);
      window.removeEventListener('pagehide', leave);
      made?.close();
    };
  }, [apiUrl]);
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** Renders `children` once the MixPay services are made, `fallback` until then. */
export function MixPayReady({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return useContext(ServicesContext) ? children : fallback;
}

export interface MixPayContext {
  client: MixPayClient;
  apiUrl: string;
  checkoutUrl: string;
  scheduler: RequestScheduler;
  shop: ShopBudget;
  clientFor(apiUrl: string): MixPayClient;
}

/** The services, or null while they are still being made (right after start-up). */
export function useMixPayIfReady(): MixPayContext | null {
  const settings = useSettings();
  const services = useContext(ServicesContext);
  const checkoutUrl = settings?.checkoutUrl;
  return useMemo(
    () =>
      services && checkoutUrl !== undefined
        ? {
            client: services.client,
            apiUrl: services.apiUrl,
            checkoutUrl,
            scheduler: services.scheduler,
            shop: services.shop,
            clientFor: services.clientFor,
          }
        : null,
    [services, checkoutUrl],
  );
}

/** The services, inside `<MixPayReady>` (or below a screen only shown within it). */
export function useMixPay(): MixPayContext {
  const mixpay = useMixPayIfReady();
  if (!mixpay) throw new Error('useMixPay outside <MixPayReady>');
  return mixpay;
}
