/**
 * Owner settings written straight into the app's IndexedDB (what onboarding would have saved).
 * No Playwright test imports here: the benchmark uses it too.
 */
import type { Page } from '@playwright/test';
import { hashPin } from '../../src/settings/pin';

export const PAYEE_ID = '3e5d1b0f-6a2c-4c7e-9f41-2b8d7a9c0e15';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const USDT_ERC20 = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const OWNER_PIN = '4821';

let pinHash: Awaited<ReturnType<typeof hashPin>> | null = null;

/** Loads the app, writes settings, reloads; resolves once the keypad's Charge button is there. */
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
  await page.getByRole('button', { name: /^(Charge|收款)$/ }).waitFor();
}
