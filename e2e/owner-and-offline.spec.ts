import { readFile } from 'node:fs/promises';
import { chargeAmount, OWNER_PIN, seedSettings, tapKeys, waitForServiceWorker } from './support/app';
import { expect, test } from './support/fixtures';

const RESOLVED_PAYEE = '2e36f2b4-5f6c-4e0e-9a7d-0b8e5c3f9a11'; // the sandbox's Mixin ID 40053095

test('first run: onboarding with a Mixin ID resolved by MixPay, then the keypad; settings survive reloads, offline too', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up this till' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Charge' })).toHaveCount(0);

  await page.getByLabel('Shop name').fill('Corner Coffee');
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByLabel('Repeat PIN').fill(OWNER_PIN);
  await page.getByLabel('Payee ID').fill('not a payee');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Enter the payee UUID, or a numeric Mixin ID')).toBeVisible();
  await page.getByLabel('Payee ID').fill('99999999');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(/Could not look up Mixin ID 99999999/)).toBeVisible();
  await page.getByLabel('Payee ID').fill('40053095');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(`Mixin ID 40053095 → payee ${RESOLVED_PAYEE}`)).toBeVisible();
  await page.getByLabel('Settlement asset').selectOption({ label: 'USDT · Tether USD (ERC-20) · Ethereum' });
  await page.getByRole('button', { name: 'Start selling' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(page.getByText('Corner Coffee')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(page.getByText('Corner Coffee')).toBeVisible();

  await waitForServiceWorker(page);
  // A USD till asks for its currency list once the cashier reaches for the picker (or the shop is
  // quiet); the asset lists reach IndexedDB shortly after they arrive (the persister is throttled).
  await page.getByLabel('Currency').focus();
  const listKept = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('mixpay-pos-cache');
          open.onsuccess = () => {
            const get = open.result.transaction('queries', 'readonly').objectStore('queries').getAll();
            get.onsuccess = () =>
              resolve(
                get.result.some((value) => {
                  const queries = (
                    JSON.parse(String(value)) as {
                      clientState: { queries: Array<{ queryKey: unknown[]; state: { status: string } }> };
                    }
                  ).clientState.queries;
                  return queries.some(
                    (q) => q.queryKey.includes('quote-assets') && q.state.status === 'success',
                  );
                }),
              );
            get.onerror = () => resolve(false);
          };
          open.onerror = () => resolve(false);
        }),
    );
  // Polled from the test: the promise this returns, handed to page.waitForFunction, passed at once.
  await expect.poll(listKept, { timeout: 15_000 }).toBe(true);
  await page.waitForTimeout(500); // the persister writes at most every 250 ms; let the last one land
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await expect(page.getByText('Corner Coffee')).toBeVisible();
  await expect(page.getByText('Offline')).toBeVisible();
  // The currency list came from the cache: EUR is there although MixPay cannot be reached.
  await expect(page.getByLabel('Currency').locator('option', { hasText: 'EUR' })).toHaveCount(1);
  await context.setOffline(false);
});

test('settings need the owner PIN and refuse a wrong one', async ({ page }) => {
  await seedSettings(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Owner settings' })).toBeVisible();
  await expect(page.getByLabel('Payee ID')).toHaveCount(0);
  await page.getByLabel('Owner PIN').fill('0000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Wrong PIN.')).toBeVisible();
  await expect(page.getByLabel('Payee ID')).toHaveCount(0);
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();

  // A bad URL is refused with a message and nothing is saved.
  await page.getByText('Advanced').click();
  await page.getByLabel('MixPay API URL').fill('ftp://example.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter an http(s) URL')).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
});

test('a reload mid-charge brings back the same QR, which still gets paid', async ({ page, sandbox }) => {
  await seedSettings(page);
  const { link, traceId } = await chargeAmount(page, '1575');
  await sandbox.open(link);
  await page.reload();
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible();
  expect(await page.getByLabel('Payment link').inputValue()).toBe(link);
  await sandbox.pay(traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
});

test('a charge paid after the cashier cancelled it raises the late-payment alert', async ({
  page,
  sandbox,
}) => {
  test.setTimeout(90_000);
  await seedSettings(page);
  const { link, traceId } = await chargeAmount(page, '820');
  await sandbox.open(link);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop charge' }).click();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
  await sandbox.pay(traceId);
  await expect(page.getByRole('alert')).toContainText('Late payment received: $8.20', { timeout: 40_000 });
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('history lists charges with totals, and CSV export downloads the right rows', async ({
  page,
  sandbox,
}) => {
  await seedSettings(page);
  const paid = await chargeAmount(page, '1250');
  await sandbox.open(paid.link);
  await sandbox.pay(paid.traceId);
  await page.getByRole('button', { name: 'New sale' }).click();
  await tapKeys(page, '300');
  await page.getByRole('button', { name: 'Charge' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop charge' }).click();

  await page.getByRole('button', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'Charges' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText('Cancelled');
  await expect(list.getByRole('listitem').nth(1)).toContainText('Received');
  await expect(page.getByText(/Received 1 × = \$12\.50/).first()).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'created_at,trace_id,status,quote_amount,quote_currency,paid_amount,paid_asset,note,link_mode,ended_at,late_payment,subtotal,discount,tip,items,linked_to',
  );
  expect(lines).toHaveLength(3);
  expect(lines.find((l) => l.includes(paid.traceId))).toMatch(/,received,12\.5,USD,/);
  expect(lines.some((l) => /,cancelled,3,USD,/.test(l))).toBe(true);

  // Clearing needs the owner PIN, then a confirmation.
  await page.getByRole('button', { name: 'Clear history…' }).click();
  await page.getByLabel('Owner PIN').fill('1111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Wrong PIN.')).toBeVisible();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Delete history' }).click();
  await expect(page.getByText('Deleted 2 charges.')).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(0);
});
