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
 * A tab starts at 6/min: a shop's tablets opening together must not spend the empty window at
 * once (ten at 20/min did, and the next minute was 1429s). A lone till still sees its payment at
 * once: while the customer has the payment page open its polls are eager (the window has room),
 * and its rate grows fast while MixPay reports the window nearly empty.
 * The floor bounds the longest silence on a charge (12 s at 5/min, ±10 % jitter): ten tablets
 * must not leave a charge unasked for over 15 s (4/min gave 15–16.5 s gaps). Measured with ten
 * tablets (`npm run bench`, section g, and `npm run bench:shop-sim`): 2/min let rates collapse
 * into 30 s stalls after a 1429; 5/min costs more 1429s than 4/min when ten fresh tablets open
 * at once and when ten cashiers sell back to back.
 */
export const INITIAL_PER_MINUTE = 6;
export const FLOOR_PER_MINUTE = 5;

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
