import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { hashPin, pinLockoutMs, verifyPin } from './pin';
import {
  defaultSettings,
  normalizeUuid,
  readStoredSettings,
  SettingsValidationError,
} from './settings-schema';
import { loadSettings, resetSettingsCacheForTests, saveSettings } from './settings-store';

const PAYEE = 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const defaults = defaultSettings('http://localhost:4173');

describe('settings schema', () => {
  it('normalises UUIDs written without dashes or in upper case', () => {
    expect(normalizeUuid('A0D7791408776B47EB1DD3F94ED15D6A')).toBe(PAYEE);
    expect(normalizeUuid(' a0d77914-0877-6b47-eb1d-d3f94ed15d6a ')).toBe(PAYEE);
    expect(normalizeUuid('40053095')).toBeNull();
    expect(normalizeUuid('a0d77914-0877-6b47-eb1d-d3f94ed15d6')).toBeNull();
  });

  it('defaults point at live MixPay and USD', () => {
    expect(defaults.apiUrl).toBe('https://api.mixpay.me/v1');
    expect(defaults.checkoutUrl).toBe('https://mixpay.me');
    expect(defaults.defaultQuoteAssetId).toBe('usd');
    expect(defaults.paymentWindowMinutes).toBe(15);
    expect(defaults.linkMode).toBe('one-time');
  });

  it('migrates a version 1 record', () => {
    const { settings } = readStoredSettings(
      {
        version: 1,
        payeeId: PAYEE.replace(/-/g, '').toUpperCase(),
        settlementAssetId: BTC,
        quoteAssetId: 'EUR',
        shopName: 'Café',
        paymentWindowSeconds: 600,
      },
      defaults,
    );
    expect(settings).toMatchObject({
      version: 2,
      payeeId: PAYEE,
      settlementAssetId: BTC,
      defaultQuoteAssetId: 'eur',
      shopName: 'Café',
      paymentWindowMinutes: 10,
    });
    expect(settings.pin).toBeNull();
    expect(settings.entryStyle).toBe('auto');
  });

  it('validates on read: invalid fields fall back to defaults and are reported', () => {
    const { settings, repaired } = readStoredSettings(
      {
        ...defaults,
        payeeId: 'not-a-uuid',
        paymentWindowMinutes: 99999,
        apiUrl: 'javascript:alert(1)',
        shopName: 'Kiosk',
      },
      defaults,
    );
    expect(settings.payeeId).toBe('');
    expect(settings.paymentWindowMinutes).toBe(15);
    expect(settings.apiUrl).toBe(defaults.apiUrl);
    expect(settings.shopName).toBe('Kiosk');
    expect(repaired.sort()).toEqual(['apiUrl', 'payeeId', 'paymentWindowMinutes']);
    expect(readStoredSettings(undefined, defaults).settings).toEqual(defaults);
    expect(readStoredSettings('garbage', defaults).settings).toEqual(defaults);
  });
});

describe('settings store', () => {
  beforeEach(async () => {
    resetSettingsCacheForTests();
    await set('settings', undefined, createStore('mixpay-pos-settings', 'settings'));
  });

  it('saves valid settings and reads them back after a restart', async () => {
    await loadSettings();
    await saveSettings({ payeeId: PAYEE, settlementAssetId: BTC, shopName: 'Corner shop' });
    resetSettingsCacheForTests();
    const reloaded = await loadSettings();
    expect(reloaded).toMatchObject({ payeeId: PAYEE, settlementAssetId: BTC, shopName: 'Corner shop' });
  });

  it('refuses invalid values and keeps what was there', async () => {
    await loadSettings();
    await saveSettings({ payeeId: PAYEE });
    await expect(saveSettings({ payeeId: '40053095' })).rejects.toBeInstanceOf(SettingsValidationError);
    await expect(saveSettings({ paymentWindowMinutes: 0 })).rejects.toThrow(/paymentWindowMinutes/);
    await expect(saveSettings({ checkoutUrl: 'ftp://example.com' })).rejects.toThrow(/checkoutUrl/);
    resetSettingsCacheForTests();
    expect((await loadSettings()).payeeId).toBe(PAYEE);
  });

  it('writes a migrated record back', async () => {
    const store = createStore('mixpay-pos-settings', 'settings');
    await set('settings', { version: 1, payeeId: PAYEE, quoteAssetId: 'jpy' }, store);
    const loaded = await loadSettings();
    expect(loaded.version).toBe(2);
    expect(loaded.defaultQuoteAssetId).toBe('jpy');
  });
});

describe('owner PIN', () => {
  it('hashes with a salt and verifies', async () => {
    const a = await hashPin('4821');
    const b = await hashPin('4821');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain('4821');
    expect(await verifyPin('4821', a)).toBe(true);
    expect(await verifyPin('4822', a)).toBe(false);
    expect(await verifyPin('', a)).toBe(false);
    await expect(hashPin('12')).rejects.toThrow();
    await expect(hashPin('123456789')).rejects.toThrow();
  });

  it('grows the delay after five wrong tries', () => {
    expect([0, 4].map(pinLockoutMs)).toEqual([0, 0]);
    expect(pinLockoutMs(5)).toBe(2_000);
    expect(pinLockoutMs(6)).toBe(4_000);
    expect(pinLockoutMs(20)).toBe(300_000);
  });
});
