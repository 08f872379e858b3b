/**
 * Screens have URLs (/, /history, /settings, /charge/<traceId>): the back button moves between
 * them and never out of the till, an open charge is never left without asking, a reload comes
 * back to the same screen. And the late-payment alert: calm, names the charge, opens it, and
 * leaves the keypad's Charge button on a phone's screen.
 */
import type { Page } from '@playwright/test';
import { chargeAmount, OWNER_PIN, seedSettings, tapKeys, waitForServiceWorker } from './support/app';
import { expect, test } from './support/fixtures';

const qr = (page: Page) => page.getByRole('img', { name: 'Payment QR code' });
const chargeButton = (page: Page) => page.getByRole('button', { name: 'Charge', exact: true });
const path = (page: Page) => new URL(page.url()).pathname;
/** The address bar's path (the app may still be settling it: back() is asynchronous). */
const expectPath = (page: Page, expected: string) => expect.poll(() => path(page)).toBe(expected);
const historyScreen = (page: Page) => page.getByRole('button', { name: 'Download CSV' });

/** Back, and the page is still the till (same origin) on its keypad. */
async function expectBackOnKeypad(page: Page, origin: string) {
  await page.goBack();
  expect(new URL(page.url()).origin).toBe(origin);
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
}

test('back from History and from Settings returns to the keypad, and another back stays in the till', async ({
  page,
}) => {
  await seedSettings(page);
  const origin = new URL(page.url()).origin;

  await page.getByRole('button', { name: 'History' }).click();
  await expect(historyScreen(page)).toBeVisible();
  await expectPath(page, '/history');
  await expectBackOnKeypad(page, origin);
  await expectBackOnKeypad(page, origin);

  // Settings (behind the PIN): back from the PIN prompt, and from the unlocked form.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Owner settings' })).toBeVisible();
  await expectPath(page, '/settings');
  await expectBackOnKeypad(page, origin);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();
  await expectBackOnKeypad(page, origin);
  await expectBackOnKeypad(page, origin);

  // The screens' own Back / Lock buttons leave no entry behind: back after them stays too.
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
  // Forward opens History again (the URL is the screen).
  await page.goForward();
  await expect(historyScreen(page)).toBeVisible();
  await expectBackOnKeypad(page, origin);
  await expectBackOnKeypad(page, origin);
});

test('a reload on /history or /settings comes back to that screen, with the keypad under it', async ({
  page,
  context,
}) => {
  await seedSettings(page);
  const origin = new URL(page.url()).origin;

  await page.goto('/history');
  await expect(historyScreen(page)).toBeVisible();
  await page.reload();
  await expect(historyScreen(page)).toBeVisible();
  await expectPath(page, '/history');
  await expectBackOnKeypad(page, origin);
  await expectBackOnKeypad(page, origin);

  // Settings asks for the PIN again after a reload (as it always did).
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Owner settings' })).toBeVisible();
  await page.getByLabel('Owner PIN').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Payee ID')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Owner settings' })).toBeVisible();
  await expect(page.getByLabel('Payee ID')).toHaveCount(0);
  await expectBackOnKeypad(page, origin);

  // An unknown path, or a charge that is not there, is the keypad.
  await page.goto('/no-such-screen');
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
  await page.goto('/charge/0b7c2a4e-5d1f-4c3b-9a8e-7f6d5c4b3a21');
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
  await expectBackOnKeypad(page, origin);

  // Offline, the service worker answers these paths with the app too.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto('/history');
  await expect(historyScreen(page)).toBeVisible();
  await page.reload();
  await expect(historyScreen(page)).toBeVisible();
  await expectBackOnKeypad(page, origin);
  await context.setOffline(false);
});

test('back on an open charge asks first: staying keeps the QR, leaving stops the charge', async ({
  page,
}) => {
  await seedSettings(page);
  const origin = new URL(page.url()).origin;
  const { link, traceId } = await chargeAmount(page, '640');
  await expectPath(page, `/charge/${traceId}`);

  await page.goBack();
  const leave = page.getByRole('dialog', { name: 'Leave this charge?' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(leave).toHaveCount(0);
  await expect(qr(page)).toBeVisible();
  expect(await page.getByLabel('Payment link').inputValue()).toBe(link);
  await expectPath(page, `/charge/${traceId}`);

  // A reload on the charge's URL brings the same QR back; back still asks.
  await page.reload();
  await expect(qr(page)).toBeVisible();
  expect(await page.getByLabel('Payment link').inputValue()).toBe(link);
  await page.goBack();
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Leave' }).click();
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
  await expect(qr(page)).toHaveCount(0);
  await expectBackOnKeypad(page, origin);

  // Left = stopped, like Cancel: History says so, and its URL no longer shows it.
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('list', { name: 'Charges' }).getByRole('listitem').first()).toContainText(
    'Cancelled',
  );
  await page.goto(`/charge/${traceId}`);
  await expect(chargeButton(page)).toBeVisible();
  await expectPath(page, '/');
});

test('back on a result is "New sale"', async ({ page, sandbox }) => {
  await seedSettings(page);
  const origin = new URL(page.url()).origin;
  const { link, traceId } = await chargeAmount(page, '1250');
  await sandbox.open(link);
  await sandbox.pay(traceId);
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  await expectPath(page, `/charge/${traceId}`);
  await expectBackOnKeypad(page, origin);
  // Moved on from: a reload (or forward to its URL) does not bring the result back.
  await page.reload();
  await expect(chargeButton(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Payment received' })).toHaveCount(0);
});

test('a late payment: calm alert with the charge’s time, amount and note, "Open charge" opens its result; on a phone Charge stays on screen', async ({
  page,
  sandbox,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await seedSettings(page);
  const origin = new URL(page.url()).origin;
  await page.getByLabel('Note (optional)').fill('Table 4');
  const { link, traceId } = await chargeAmount(page, '820');
  await sandbox.open(link);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Stop charge' }).click();
  await expect(chargeButton(page)).toBeVisible();
  await sandbox.pay(traceId);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Late payment received: $8.20', { timeout: 40_000 });
  await expect(alert).toContainText('Note: Table 4');
  await expect(alert).toContainText(/Charge of \d{1,2}:\d{2}/);
  await expect(alert).not.toContainText(traceId.slice(0, 8));
  // Good news is not error red.
  const background = await page
    .getByRole('region', { name: 'Late payment' })
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g] = background.match(/\d+/g)!.map(Number);
  expect(g).toBeGreaterThan(r);

  // On a phone, with the alert up, the keypad's Charge button is still on screen (a new sale can
  // start), and so are the alert's buttons.
  await tapKeys(page, '5');
  await expect(chargeButton(page)).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Open charge' })).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Dismiss' })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: test.info().outputPath('phone-late-alert.png') });

  await page.getByRole('button', { name: 'Open charge' }).click();
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  await expectPath(page, `/charge/${traceId}`);
  // Opened is seen: the alert has gone.
  await expect(page.getByRole('region', { name: 'Late payment' })).toHaveCount(0);
  // A reload on it shows it again; back is "New sale".
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
  await expectBackOnKeypad(page, origin);
});
