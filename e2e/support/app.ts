/** Helpers that drive the app the way a shop owner and a cashier would. */
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { hashPin } from '../../src/settings/pin';
import { expect } from './fixtures';

export const PAYEE_ID = '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const USDT_ERC20 = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const OWNER_PIN = '4821';

let pinHash: Awaited<ReturnType<typeof hashPin>> | null = null;

/**
 * Writes owner settings straight into the app's IndexedDB (what onboarding would have saved), then
 * loads the app. Onboarding itself has its own test; this keeps charge tests short.
 */
export async function seedSettings(page: Page, overrides: Record<string, unknown> = {}) {
  pinHash ??= await hashPin(OWNER_PIN);
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  const settings = {
    version: 2,
    payeeId: PAYEE_ID,
    settlementAssetId: USDT_ERC20,
    strictMode: false,
    defaultQuoteAssetId: 'usd',
    entryStyle: 'auto',
    paymentWindowMinutes: 15,
    shopName: 'Test Café',
    linkMode: 'paylink',
    apiUrl: `${origin}/sandbox/v1`,
    checkoutUrl: `${origin}/sandbox`,
    pin: pinHash,
    ...overrides,
  };
  await page.evaluate(async (value) => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('mixpay-pos-settings');
      open.onupgradeneeded = () => open.result.createObjectStore('settings');
      open.onsuccess = () => {
        const tx = open.result.transaction('settings', 'readwrite');
        tx.objectStore('settings').put(value, 'settings');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
  }, settings);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Charge' })).toBeVisible();
}

/** Taps keypad keys: "1234" presses 1, 2, 3, 4. */
export async function tapKeys(page: Page, keys: string) {
  for (const key of keys) {
    await page.getByRole('button', { name: key, exact: true }).click();
  }
}

/** Reads the QR code off the screen with a real decoder (jsQR on a screenshot). */
export async function decodeQr(page: Page): Promise<string> {
  const qr = page.getByRole('img', { name: 'Payment QR code' });
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
  await page.getByRole('button', { name: 'Charge' }).click();
  const link = await decodeQr(page);
  const url = new URL(link);
  const traceId = url.searchParams.get('traceId') ?? url.pathname.split('/').pop() ?? '';
  return { link, url, traceId };
}
