/**
 * The tab's MixPay services for the configured API URL (see @/mixpay/services), made once per
 * provider (the app keys it by API URL, and a changed URL reloads the page anyway) and closed when
 * the page goes away, which hands this tab's traces to the others at once.
 *
 * The services (client, request scheduler, shop budget) are a download of their own, fetched and
 * made right after the provider's first paint: the keypad does not wait for them. Until they are
 * there, what `useMixPay` hands out waits for them: a request starts as soon as they are made (the
 * first poll of a charge is 4 s after its QR; the QR itself is built locally), a claimed trace is
 * claimed then, and the scheduler reports no pressure.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MixPayClient } from '@/mixpay/client';
import type { RequestScheduler, SchedulerPressure } from '@/mixpay/scheduler';
import type { MixPayServices } from '@/mixpay/services';
import type { ShopBudget } from '@/mixpay/shop-budget';
import { useSettings } from './use-settings';

/** Every method of MixPayClient (the compiler checks the list is complete). */
const CLIENT_METHODS = Object.keys({
  quoteAssets: true,
  settlementAssets: true,
  paymentAssets: true,
  mixinUuid: true,
  createOneTimePayment: true,
  createPayment: true,
  createChainPayment: true,
  refreshPayment: true,
  paymentResult: true,
  paymentsInfo: true,
  paymentsEstimated: true,
} satisfies Record<keyof MixPayClient, true>) as Array<keyof MixPayClient>;

/** What a scheduler with nothing sent yet reports. */
const NO_PRESSURE: SchedulerPressure = Object.freeze({ short: false, reasons: [] });

/** After a failed download of the services (offline before they were ever cached), try again. */
const RETRY_MS = 3_000;

/** The services of one provider: made on `load()`, waited for by what is handed out before. */
interface ServicesSlot {
  apiUrl: string;
  load(): Promise<MixPayServices>;
  client: MixPayClient;
  clientFor(apiUrl: string): MixPayClient;
  scheduler: MixPayContext['scheduler'];
  shop: MixPayContext['shop'];
  close(): void;
}

function servicesSlot(apiUrl: string): ServicesSlot {
  let services: MixPayServices | null = null;
  let loading: Promise<MixPayServices> | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const waiters = new Set<(services: MixPayServices) => void>();

  const load = (): Promise<MixPayServices> =>
    (loading ??= import('@/mixpay/services').then(
      ({ createMixPayServices }) => {
        const made = (services ??= createMixPayServices(apiUrl));
        if (closed) made.close();
        for (const waiter of waiters) waiter(made);
        waiters.clear();
        return made;
      },
      (error: unknown) => {
        loading = null; // a later attempt may succeed (network back)
        if (waiters.size && !closed)
          retry ??= setTimeout(() => {
            retry = undefined;
            load().catch(() => undefined);
          }, RETRY_MS);
        throw error;
      },
    ));

  /** Runs `then` with the services once they are made; returns a cancel. */
  const whenMade = (then: (services: MixPayServices) => void): (() => void) => {
    if (services) {
      then(services);
      return () => undefined;
    }
    waiters.add(then);
    load().catch(() => undefined);
    return () => void waiters.delete(then);
  };

  /** A client whose calls wait for the services, then go to `real(services)`. */
  const waitingClient = (real: (services: MixPayServices) => MixPayClient): MixPayClient => {
    const methods: Record<string, (first: unknown, options?: unknown) => Promise<unknown>> = {};
    for (const name of CLIENT_METHODS) {
      methods[name] = (first, options) => {
        const call = (made: MixPayServices) =>
          (real(made)[name] as (first: unknown, options?: unknown) => Promise<unknown>)(first, options);
        return services ? call(services) : load().then(call);
      };
    }
    return methods as unknown as MixPayClient;
  };

  const others = new Map<string, MixPayClient>();
  return {
    apiUrl,
    load,
    client: waitingClient((made) => made.client),
    clientFor(url) {
      if (services) return services.clientFor(url);
      let client = others.get(url);
      if (!client) {
        let made: MixPayClient | null = null;
        client = waitingClient((s) => (made ??= s.clientFor(url)));
        others.set(url, client);
      }
      return client;
    },
    scheduler: {
      subscribe(listener) {
        if (services) return services.scheduler.subscribe(listener);
        let unsubscribe: (() => void) | null = null;
        const cancel = whenMade((made) => {
          unsubscribe = made.scheduler.subscribe(listener);
          listener(); // its pressure() now comes from the real scheduler
        });
        return () => {
          cancel();
          unsubscribe?.();
        };
      },
      pressure: () => (services ? services.scheduler.pressure() : NO_PRESSURE),
    },
    shop: {
      claimTrace(traceId, handlers, options) {
        if (services) return services.shop.claimTrace(traceId, handlers, options);
        let release: (() => void) | null = null;
        const cancel = whenMade((made) => {
          release = made.shop.claimTrace(traceId, handlers, options);
        });
        return () => {
          cancel();
          release?.();
        };
      },
    },
    close() {
      closed = true;
      clearTimeout(retry);
      services?.close();
    },
  };
}

const ServicesContext = createContext<ServicesSlot | null>(null);

export function MixPayProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [slot] = useState(() => servicesSlot(apiUrl));
  useEffect(() => {
    // After the first paint: the services' download never holds up the keypad.
    slot.load().catch((error: unknown) => console.warn('MixPay services not loaded yet', error));
    const leave = () => slot.close();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [slot]);
  return <ServicesContext.Provider value={slot}>{children}</ServicesContext.Provider>;
}

export interface MixPayContext {
  client: MixPayClient;
  apiUrl: string;
  checkoutUrl: string;
  /** What the screens use of the tab's request scheduler. */
  scheduler: Pick<RequestScheduler, 'subscribe' | 'pressure'>;
  /** What the screens use of the shop budget (one poller per trace across tabs). */
  shop: Pick<ShopBudget, 'claimTrace'>;
  clientFor(apiUrl: string): MixPayClient;
}

export function useMixPay(): MixPayContext {
  const settings = useSettings();
  const slot = useContext(ServicesContext);
  if (!settings || !slot) throw new Error('useMixPay outside MixPayProvider');
  const { checkoutUrl } = settings;
  return useMemo(
    () => ({
      client: slot.client,
      apiUrl: slot.apiUrl,
      checkoutUrl,
      scheduler: slot.scheduler,
      shop: slot.shop,
      clientFor: slot.clientFor,
    }),
    [slot, checkoutUrl],
  );
}
