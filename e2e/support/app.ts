/** Helpers that drive the app the way a shop owner and a cashier would. */
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect } from './fixtures';

export { BTC, OWNER_PIN, PAYEE_ID, seedSettings, USDT_ERC20 } from './seed';

/** Taps keypad keys: "1234" presses 1, 2, 3, 4. */
export async function tapKeys(page: Page, keys: string) {
  for (const key of keys) {
    await page.getByRole('button', { name: key, exact: true }).click();
  }
}

/** Reads a QR code off the screen with a real decoder (jsQR on a screenshot). */
export async function decodeQr(page: Page, name = 'Payment QR code'): Promise<string> {
  const qr = page.getByRole('img', { name });
  await expect(qr).toBeVisible();
  const png = PNG.sync.read(await qr.screenshot());
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  if (!code) throw new Error('No QR code could be decoded from the screen');
  return code.data;
}

export async function chargeAmount(
  page: Page,
  keys: string,
): Promise<{ link: string; url: URL; traceId: string }> {
  await tapKeys(page, keys);
  await page.getByRole('button', { name: 'Charge', exact: true }).click();
  const link = await decodeQr(page);
  const url = new URL(link);
  const traceId = url.searchParams.get('traceId') ?? url.pathname.split('/').pop() ?? '';
  return { link, url, traceId };
}

/**
 * Waits until the service worker controls the page (for tests that then go offline). A page that
 * loaded while the worker was still installing (a reload during its first install) stays
 * uncontrolled until its next load, `clients.claim()` or not: then it is reloaded once.
 */
export async function waitForServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.ready.then(() => true), undefined, {
    timeout: 20_000,
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 20_000,
  });
}
