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
 * A tab starts at a third of the budget: enough for a lone till to notice its first payment at
 * once (polls get burst credit, and the rate grows fast while MixPay reports the window nearly
 * empty), not so much that a shop's tablets opening together overrun the window.
 * The floor bounds the longest silence on a charge (15 s at 4/min). Measured with ten tablets
 * (`npm run bench`, section g): 2/min let rates collapse into 30 s stalls after a 1429; 5/min
 * (50/min for ten, plus one-time links and lists) overran the window. Ten tablets at 4/min use
 * 40/min, leaving room for links and lists.
 */
const INITIAL_PER_MINUTE = 20;
const FLOOR_PER_MINUTE = 4;

export function createMixPayServices(apiUrl: string): MixPayServices {
  const scheduler = createRequestScheduler({
    floorPerMinute: FLOOR_PER_MINUTE,
    tuning: { initialPerMinute: INITIAL_PER_MINUTE },
  });
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
