import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { OWNER_PIN, PAYEE_ID, seedSettings, tapKeys } from './support/app';
import { expect, test } from './support/fixtures';

const CORNER_COFFEE = '2e36f2b4-5f6c-4e0e-9a7d-0b8e5c3f9a11'; // the sandbox's Mixin ID 40053095
const ROBIN = 'e8e8cd79-cd40-4796-8c54-3a13cfe50115'; // the sandbox's Mixin ID 26930

/** Everything in one of the app's IndexedDB stores. */
function readStore(page: Page, dbName: string, storeName: string) {
  return page.evaluate(
    ([name, store]) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const get = open.result.transaction(store, 'readonly').objectStore(store).getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result);
          };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
    [dbName, storeName] as const,
  );
}

const journal = async (page: Page) =>
  (await readStore(page, 'mixpay-pos-journal', 'charges')) as Array<{ traceId: string; status: string }>;

/** The new screens and dialogs keep the app free of serious axe violations (see a11y.spec.ts). */
async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function unlockSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();
}

test('payee lookup: a slow answer for an older Mixin ID never replaces the newer one', async ({
  page,
  sandbox,
}) => {
  await sandbox.faults({ path: '/v1/user/mixin_uuid/40053095', latencyMs: 3_000 });
  await page.goto('/');
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByLabel('Repeat PIN').fill(OWNER_PIN);
  const payee = page.getByLabel('Payee ID');
  await payee.fill('40053095');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Looking up…')).toBeVisible();
  await payee.fill('26930');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(`Mixin ID 26930 → payee ${ROBIN}`)).toBeVisible();

  // Give the slow answer for 40053095 time to arrive: it must change nothing.
  await page.waitForTimeout(3_500);
  await expect(payee).toHaveValue('26930');
  await expect(page.getByText(`Mixin ID 26930 → payee ${ROBIN}`)).toBeVisible();
  await expect(page.getByText(CORNER_COFFEE)).toHaveCount(0);

  await page.getByLabel('Settlement asset').selectOption({ label: 'USDT · Tether USD (ERC-20) · Ethereum' });
  await page.getByRole('button', { name: 'Start selling' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  const [settings] = (await readStore(page, 'mixpay-pos-settings', 'settings')) as Array<{ payeeId: string }>;
  expect(settings.payeeId).toBe(ROBIN);
});

test.describe('the MixPay services arriving late', () => {
  // page.route sees (and delays) the services chunk only when no service worker answers for it.
  test.use({ serviceWorkers: 'block' });

  test('Enter pressed before they are in still charges, once they are; a key typed after cancels it', async ({
    page,
  }) => {
    // The services chunk is held until the test lets it through.
    let release = () => {};
    let gate = Promise.resolve();
    const hold = () => {
      gate = new Promise<void>((resolve) => (release = resolve));
    };
    await page.route('**/assets/services-*.js', async (route) => {
      await gate;
      await route.continue().catch(() => undefined); // the page may have been reloaded meanwhile
    });
    await seedSettings(page);
    hold();
    await page.reload();
    const chargeButton = page.getByRole('button', { name: 'Charge' });
    await chargeButton.waitFor();
    await page.keyboard.type('1200');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$12.00');
    await expect(chargeButton).toBeDisabled(); // the services are still on their way
    await page.keyboard.press('Enter');
    release();
    await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Scan to pay' })).toBeVisible();

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Stop charge' }).click();
    // Home is a history.back(): a reload issued while it is under way is aborted (net::ERR_ABORTED).
    await chargeButton.waitFor();
    await expect(page).toHaveURL(/\/$/);
    hold();
    await page.reload();
    await chargeButton.waitFor();
    await page.keyboard.type('1');
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.01');
    await expect(chargeButton).toBeDisabled();
    await page.keyboard.press('Enter');
    await page.keyboard.type('5');
    release();
    await expect(chargeButton).toBeEnabled();
    await expect(page.getByLabel('Amount', { exact: true })).toHaveText('$0.15');
    await expect(page.getByRole('img', { name: 'Payment QR code' })).toHaveCount(0);
  });
});

test('two Enter keydowns in one task start exactly one charge, and a reload brings back no other', async ({
  page,
}) => {
  await seedSettings(page);
  await tapKeys(page, '1234');
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) {
      document.body.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
      );
    }
  });
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  const shown = new URL(await page.getByLabel('Payment link').inputValue()).searchParams.get('traceId');
  // Both keydowns had their chance to write to the journal by the time the QR is up; wait a bit more.
  await page.waitForTimeout(500);
  const charges = await journal(page);
  expect(charges).toHaveLength(1);
  expect(charges[0].traceId).toBe(shown);

  await page.reload();
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  expect(new URL(await page.getByLabel('Payment link').inputValue()).searchParams.get('traceId')).toBe(shown);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop charge' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toHaveCount(0);
  expect((await journal(page)).map((c) => c.status)).toEqual(['cancelled']);
});

test("inside another site's frame the app refuses to start and links to itself", async ({
  page,
  baseURL,
}) => {
  const appUrl = new URL('/', baseURL).href;
  // The test page is about:blank: not the app's origin, like any other site's page. (A routed
  // http://evil.test page cannot be used: Chromium's local network access checks block a public
  // page from framing 127.0.0.1 before the app could say anything.)
  await page.setContent(
    `<title>Win a prize</title><iframe title="till" src="${appUrl}" width="900" height="600"></iframe>`,
  );
  expect(new URL(page.url()).origin).not.toBe(new URL(appUrl).origin);
  const frame = page.frameLocator('iframe[title="till"]');
  await expect(
    frame.getByText("This app can't run inside another site's page. Open it directly:"),
  ).toBeVisible();
  await expect(frame.getByRole('link', { name: appUrl })).toHaveAttribute('href', appUrl);
  await expect(frame.getByRole('heading', { name: 'Set up this till' })).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'Charge' })).toHaveCount(0);
});

test('a frame of its own origin still runs the app', async ({ page }) => {
  await seedSettings(page);
  await page.evaluate(() => {
    document.body.innerHTML = '<iframe title="till" src="/" width="900" height="600"></iframe>';
  });
  const frame = page.frameLocator('iframe[title="till"]');
  await expect(frame.getByRole('button', { name: 'Charge' })).toBeVisible();
});

test('the settings screen locks itself after 2 minutes without input', async ({ page }) => {
  await page.clock.install();
  await seedSettings(page);
  await unlockSettings(page);

  await page.clock.fastForward('01:30');
  await page.getByLabel('Shop name').fill('Busy Café');
  await page.clock.fastForward('01:30');
  // Typing restarted the wait: 3 minutes open, but only 1:30 since the last input.
  await expect(page.getByLabel('Payee ID')).toBeVisible();

  await page.clock.fastForward('02:01');
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(page.getByLabel('Payee ID')).toHaveCount(0);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Owner settings' })).toBeVisible();
  await expect(page.getByLabel('Owner PIN')).toBeVisible();
  await expect(page.getByLabel('Payee ID')).toHaveCount(0);
});

test('closing a shift needs the PIN unless the owner turns that off', async ({ page }) => {
  await seedSettings(page);
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Close shift', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Closing a shift is for the owner' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Close the shift?' })).toHaveCount(0);
  await page.getByLabel('Owner PIN').fill('1111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Wrong PIN.')).toBeVisible();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Close shift now' }).click();
  // The closed shift's report comes up (since itemised sales and shift reports).
  await expect(page.getByRole('heading', { name: /^Shift closed/ })).toBeVisible();
  await page.getByRole('button', { name: 'Back to history' }).click();
  await page.getByRole('button', { name: 'Back' }).click();

  await unlockSettings(page);
  const needsPin = page.getByLabel('Closing a shift needs the PIN');
  await expect(needsPin).toBeChecked();
  await needsPin.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();

  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Close shift', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Close the shift?' })).toBeVisible();
  await expect(page.getByLabel('Owner PIN')).toHaveCount(0);
});

test('a till selling in USD asks for its currency list when the cashier reaches for the picker', async ({
  page,
  sandbox,
}) => {
  // Onboarding asked for none: this till has no list. Ten new tills opening together must not
  // spend the shop's first minute on lists a USD till can sell without.
  await seedSettings(page);
  const asked = async () => (await sandbox.requests('/v1/setting/quote_assets')).requests.length;
  await page.waitForTimeout(1_000);
  expect(await asked()).toBe(0);
  const currency = page.getByLabel('Currency');
  await currency.focus();
  // Well before the 10 s an unasked list would wait when nothing else is heard.
  await expect(currency.locator('option', { hasText: 'EUR' })).toHaveCount(1, { timeout: 5_000 });
  await expect(page.getByText('Loading the currency list…')).toHaveCount(0);
  expect(await asked()).toBe(1);
});

test('switching currency keeps an amount that fits, and asks before clearing one that does not', async ({
  page,
}) => {
  await seedSettings(page);
  const currency = page.getByLabel('Currency');
  const amount = page.getByLabel('Amount', { exact: true });
  // The cashier reaches for the picker: a USD till that has no list yet asks for it now.
  await currency.focus();
  await expect(currency.locator('option', { hasText: 'JPY' })).toHaveCount(1);

  await tapKeys(page, '1234');
  await currency.selectOption('eur');
  await expect(amount).toHaveText('€12.34');

  await currency.selectOption('jpy');
  const ask = page.getByRole('dialog', { name: 'Clear the amount?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('JPY has no decimals');
  await expectNoSeriousViolations(page);
  await ask.getByRole('button', { name: 'Keep the amount' }).click();
  await expect(ask).toBeHidden();
  await expect(currency).toHaveValue('eur');
  await expect(amount).toHaveText('€12.34');

  await currency.selectOption('jpy');
  await ask.getByRole('button', { name: 'Clear and switch' }).click();
  await expect(currency).toHaveValue('jpy');
  await expect(amount).toHaveText('¥0');

  // A whole amount fits in yen and back: no question asked.
  await tapKeys(page, '12');
  await currency.selectOption('usd');
  await expect(ask).toBeHidden();
  await expect(amount).toHaveText('$12.00');
});

test('onboarding asks for persistent storage; settings show the answer, the space used and URL rules', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    const calls = { count: 0 };
    (window as unknown as { persistCalls: typeof calls }).persistCalls = calls;
    storage.persist = () => {
      calls.count += 1;
      return persist();
    };
  });
  await page.goto('/');
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByLabel('Repeat PIN').fill(OWNER_PIN);
  await page.getByLabel('Payee ID').fill(PAYEE_ID);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByLabel('Settlement asset').selectOption({ label: 'USDT · Tether USD (ERC-20) · Ethereum' });
  await page.getByRole('button', { name: 'Start selling' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { persistCalls: { count: number } }).persistCalls.count),
    )
    .toBeGreaterThan(0);

  await unlockSettings(page);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  const storage = page.getByRole('region', { name: 'Storage on this device' });
  await expect(storage).toContainText(`Kept safe by the browser: ${persisted ? 'yes' : 'no'}`);
  await expect(storage).toContainText(/Space used: \d+(\.\d)? [kMG]?B of \d+(\.\d)? [kMGT]?B available/);
  const warning = storage.getByText(
    "The browser may delete this till's sales when space runs low: export a backup regularly.",
  );
  if (persisted) await expect(warning).toHaveCount(0);
  else await expect(warning).toBeVisible();
  await expectNoSeriousViolations(page);

  // A checkout URL ending in "#" would build links that never open the payment page.
  await page.getByText('Advanced').click();
  await page.getByLabel('Checkout URL').fill('https://mixpay.me/#');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('No ? or # part allowed')).toBeVisible();
  await expect(page.getByText('Saved.')).toHaveCount(0);
});
