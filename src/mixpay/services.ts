/**
 * What the app needs to talk to MixPay, made once per tab and API URL: the shop-wide scheduler,
 * the cross-tab budget (one poller per trace, one window per origin) and the client whose every
 * request goes through them.
 */
import { createMixPayClient, type MixPayClient } from './client';
import { scheduledClient } from './scheduled-client';
import { createRequestScheduler, type RequestScheduler } from './scheduler';
import { createShopBudget, type ShopBudget } from './shop-budget';

export interface MixPayServices {
  apiUrl: string;
  client: MixPayClient;
  scheduler: RequestScheduler;
  shop: ShopBudget;
  /** A client for another API URL (the owner's "Test connection"), still within the budget. */
  clientFor(apiUrl: string): MixPayClient;
  close(): void;
}

/**
 * A tab starts at the full budget rather than the scheduler's cautious default: a lone till must
 * notice its first payment at once (its real use is far below the rate while nobody pays), and
 * several tills busy together are cut back within seconds by what MixPay's rate-limit headers say.
 */
const INITIAL_PER_MINUTE = 60;

export function createMixPayServices(apiUrl: string): MixPayServices {
  const scheduler = createRequestScheduler({ tuning: { initialPerMinute: INITIAL_PER_MINUTE } });
  const shop = createShopBudget({ scheduler });
  return {
    apiUrl,
    client: scheduledClient(createMixPayClient({ apiUrl }), scheduler),
    scheduler,
    shop,
    clientFor: (url) => scheduledClient(createMixPayClient({ apiUrl: url }), scheduler),
    close: () => shop.close(),
  };
}
