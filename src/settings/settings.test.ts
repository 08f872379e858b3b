import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, get, set } from 'idb-keyval';
import { i18n } from '@lingui/core';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { TILL_NAME_MAX } from '@/ledger';
import { startIdleTimer } from './idle-lock';
import { hashPin, pinLockoutMs, verifyPin } from './pin';
import {
  defaultSettings,
  defaultTillName,
  normalizeUuid,
  readStoredSettings,
  serviceUrlProblem,
  SETTINGS_VERSION,
  SettingsValidationError,
  validateSettings,
} from './settings-schema';
import { settingsProblemsText } from './settings-problems';
import { formatBytes, readStorageReport } from './storage-status';
import {
  loadSettings,
  resetSettingsCacheForTests,
  saveSettings,
  soundsMuted,
  soundsMutedIn,
} from './settings-store';

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
      version: SETTINGS_VERSION,
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
    expect(loaded.version).toBe(SETTINGS_VERSION);
    expect(loaded.defaultQuoteAssetId).toBe('jpy');
  });

  it('migrates a version 2 record: closing a shift needs the PIN, everything else kept', async () => {
    const store = createStore('mixpay-pos-settings', 'settings');
    const {
      shiftCloseNeedsPin: _dropped,
      tipsEnabled: _t,
      tipPercents: _p,
      discountsEnabled: _d,
      receiptPaper: _r,
      ...v2
    } = {
      ...defaults,
      version: 2,
      payeeId: PAYEE,
      shopName: 'Kiosk',
    };
    await set('settings', v2, store);
    const loaded = await loadSettings();
    expect(SETTINGS_VERSION).toBe(5);
    expect(loaded).toMatchObject({
      version: SETTINGS_VERSION,
      payeeId: PAYEE,
      shopName: 'Kiosk',
      shiftCloseNeedsPin: true,
    });
    expect(await get('settings', store)).toMatchObject({
      version: SETTINGS_VERSION,
      shiftCloseNeedsPin: true,
    });
  });

  it('migrates a version 3 record to 4: tips off (10/15/20 ready), discounts on, 80 mm receipts', async () => {
    const store = createStore('mixpay-pos-settings', 'settings');
    const {
      tipsEnabled: _t,
      tipPercents: _p,
      discountsEnabled: _d,
      receiptPaper: _r,
      ...v3
    } = {
      ...defaults,
      version: 3,
      payeeId: PAYEE,
      shiftCloseNeedsPin: false,
    };
    await set('settings', v3, store);
    const loaded = await loadSettings();
    expect(loaded).toMatchObject({
      version: SETTINGS_VERSION,
      payeeId: PAYEE,
      shiftCloseNeedsPin: false,
      tipsEnabled: false,
      tipPercents: ['10', '15', '20'],
      discountsEnabled: true,
      receiptPaper: '80mm',
    });
    expect(await get('settings', store)).toMatchObject({
      version: SETTINGS_VERSION,
      tipsEnabled: false,
      receiptPaper: '80mm',
    });
  });

  it('keeps tip settings an older record already carries, and refuses bad percentages', () => {
    const { settings, repaired } = readStoredSettings(
      { ...defaults, version: 3, tipsEnabled: true, tipPercents: ['5', '12.5'] },
      defaults,
    );
    expect(settings).toMatchObject({ tipsEnabled: true, tipPercents: ['5', '12.5'] });
    expect(repaired).toEqual([]);
    expect(() => validateSettings({ ...defaults, tipPercents: ['0'] })).toThrow(/tipPercents/);
    expect(() => validateSettings({ ...defaults, tipPercents: ['101'] })).toThrow(/tipPercents/);
    expect(() => validateSettings({ ...defaults, tipPercents: ['1', '2', '3', '4'] })).toThrow(/tipPercents/);
    expect(() => validateSettings({ ...defaults, receiptPaper: '57mm' as '58mm' })).toThrow(/receiptPaper/);
  });

  it('migrates a version 4 record to 5: a till id made once, a till name from it, no ledger', async () => {
    const store = createStore('mixpay-pos-settings', 'settings');
    const { tillId: _i, tillName: _n, ledger: _l, ...v4 } = { ...defaults, version: 4, payeeId: PAYEE };
    await set('settings', v4, store);
    const loaded = await loadSettings();
    expect(loaded.version).toBe(5);
    expect(loaded.tillId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(loaded.tillId).not.toBe(defaults.tillId);
    expect(loaded.tillName).toBe(defaultTillName(loaded.tillId));
    expect(loaded.ledger).toBeNull();
    // Written back: the id is the same on every later start.
    expect(await get('settings', store)).toMatchObject({ version: 5, tillId: loaded.tillId, ledger: null });
    resetSettingsCacheForTests();
    expect((await loadSettings()).tillId).toBe(loaded.tillId);
  });

  it('till name and ledger are validated on read and on write', () => {
    const ledger = { url: 'https://couch.example.com/shop-ledger', user: 'tills', password: 'secret' };
    const kept = readStoredSettings({ ...defaults, tillName: 'Front', ledger }, defaults);
    expect(kept.repaired).toEqual([]);
    expect(kept.settings).toMatchObject({ tillName: 'Front', ledger });
    const bad = readStoredSettings(
      {
        ...defaults,
        tillId: 'nope',
        tillName: '',
        ledger: { ...ledger, url: 'http://couch.example.com/db' },
      },
      defaults,
    );
    expect(bad.repaired.sort()).toEqual(['ledger', 'tillId', 'tillName']);
    expect(bad.settings).toMatchObject({
      tillId: defaults.tillId,
      tillName: defaults.tillName,
      ledger: null,
    });
    expect(() => validateSettings({ ...defaults, tillName: '   ' })).toThrow(/tillName/);
    expect(() => validateSettings({ ...defaults, ledger: { ...ledger, password: '' } })).toThrow(/ledger/);
    expect(validateSettings({ ...defaults, ledger }).ledger).toEqual(ledger);
    // The stored name's limit is the ledger feature's (checked in full on save: tillNameProblem).
    expect(validateSettings({ ...defaults, tillName: 'x'.repeat(TILL_NAME_MAX) }).tillName).toHaveLength(
      TILL_NAME_MAX,
    );
    expect(() => validateSettings({ ...defaults, tillName: 'x'.repeat(TILL_NAME_MAX + 1) })).toThrow(
      /tillName/,
    );
  });

  it('"Play sounds": on for a new till and for a record from before it; off is kept and read at once', async () => {
    expect(defaults.soundsEnabled).toBe(true);
    const store = createStore('mixpay-pos-settings', 'settings');
    // A version 5 record written before the setting existed: no soundsEnabled at all.
    const { soundsEnabled: _s, ...before } = { ...defaults, payeeId: PAYEE, shopName: 'Kiosk' };
    await set('settings', before, store);
    const loaded = await loadSettings();
    expect(loaded).toMatchObject({ version: SETTINGS_VERSION, shopName: 'Kiosk', soundsEnabled: true });
    expect(soundsMuted()).toBe(false);

    await saveSettings({ soundsEnabled: false });
    expect(soundsMuted()).toBe(true); // the next sound is already silent, no reload needed
    resetSettingsCacheForTests();
    expect(soundsMuted()).toBe(false); // nothing loaded yet: sounds on, as before the setting
    expect((await loadSettings()).soundsEnabled).toBe(false);
    expect(soundsMuted()).toBe(true);
  });

  it('"Play sounds" is validated on read and on write', () => {
    const bad = readStoredSettings({ ...defaults, soundsEnabled: 'no' }, defaults);
    expect(bad.repaired).toEqual(['soundsEnabled']);
    expect(bad.settings.soundsEnabled).toBe(true);
    expect(readStoredSettings({ ...defaults, soundsEnabled: false }, defaults).settings.soundsEnabled).toBe(
      false,
    );
    expect(() => validateSettings({ ...defaults, soundsEnabled: 0 as unknown as boolean })).toThrow(
      /soundsEnabled/,
    );
    expect(soundsMutedIn({ soundsEnabled: undefined })).toBe(false);
    expect(soundsMutedIn(null)).toBe(false);
  });

  it('"Language": automatic (the browser\'s) for a new till and for a record from before it; a choice is kept', async () => {
    expect(defaults.language).toBe('auto');
    const store = createStore('mixpay-pos-settings', 'settings');
    // A version 5 record written before the setting existed: no language at all.
    const { language: _l, ...before } = { ...defaults, payeeId: PAYEE, shopName: 'Kiosk' };
    await set('settings', before, store);
    expect(await loadSettings()).toMatchObject({
      version: SETTINGS_VERSION,
      shopName: 'Kiosk',
      language: 'auto',
    });

    expect((await saveSettings({ language: 'zh' })).language).toBe('zh');
    resetSettingsCacheForTests();
    expect((await loadSettings()).language).toBe('zh');
  });

  it('"Language" is validated on read and on write', () => {
    const bad = readStoredSettings({ ...defaults, language: 'fr' }, defaults);
    expect(bad.repaired).toEqual(['language']);
    expect(bad.settings.language).toBe('auto');
    expect(readStoredSettings({ ...defaults, language: 'en' }, defaults).settings.language).toBe('en');
    expect(() => validateSettings({ ...defaults, language: 'de' as 'en' })).toThrow(/language/);
  });

  it('keeps "Closing a shift needs the PIN" off once the owner turns it off', async () => {
    await loadSettings();
    expect((await saveSettings({ shiftCloseNeedsPin: false })).shiftCloseNeedsPin).toBe(false);
    resetSettingsCacheForTests();
    expect((await loadSettings()).shiftCloseNeedsPin).toBe(false);
  });
});

describe('MixPay API and checkout URLs', () => {
  const APP = 'https://till.example.com';
  it.each([
    ['https://api.mixpay.me/v1', null],
    ['https://mixpay.me', null],
    ['https://mixpay.me/', null],
    ['https://pay.example.com:8443/base/path', null],
    ['http://localhost:4173/sandbox/v1', null],
    ['http://127.0.0.1:4173/sandbox', null],
    ['http://[::1]:4173/sandbox', null],
    ['https://mixpay.me#', 'No ? or # part allowed'],
    ['https://x/#', 'No ? or # part allowed'],
    ['https://x/?', 'No ? or # part allowed'],
    ['https://mixpay.me/#/pay', 'No ? or # part allowed'],
    ['https://api.mixpay.me/v1?x=1', 'No ? or # part allowed'],
    ['https://user:pass@mixpay.me', 'No user name or password allowed'],
    ['https://user@mixpay.me', 'No user name or password allowed'],
    ['https://@mixpay.me', 'No user name or password allowed'],
    ['http://mixpay.me', 'Must use https (http only for localhost)'],
    ['http://192.168.1.20:4173/sandbox/v1', 'Must use https (http only for localhost)'],
    ['ftp://example.com', 'Must be an http(s) URL'],
    ['javascript:alert(1)', 'Must be an http(s) URL'],
    ['data:text/html,hi', 'Must be an http(s) URL'],
    ['file:///etc/passwd', 'Must be an http(s) URL'],
    ['mixpay.me', 'Must be an http(s) URL'],
    ['/sandbox/v1', 'Must be an http(s) URL'],
    ['', 'Must be an http(s) URL'],
  ])('%j → %s', (url, problem) => {
    expect(serviceUrlProblem(url, APP)).toBe(problem);
    const candidate = { ...defaults, apiUrl: url, checkoutUrl: url };
    if (problem === null) expect(validateSettings(candidate).checkoutUrl).toBe(url);
    else expect(() => validateSettings(candidate)).toThrow(SettingsValidationError);
  });

  it("allows plain http for the app's own origin (a sandbox build served over http on a LAN)", () => {
    expect(serviceUrlProblem('http://192.168.1.20:4173/sandbox/v1', 'http://192.168.1.20:4173')).toBeNull();
    expect(
      serviceUrlProblem('http://192.168.1.20:4173/sandbox/v1', 'http://192.168.1.21:4173'),
    ).not.toBeNull();
  });

  it('repairs a stored URL with a fragment to the default on read', () => {
    const { settings, repaired } = readStoredSettings(
      { ...defaults, checkoutUrl: 'https://mixpay.me/#' },
      defaults,
    );
    expect(settings.checkoutUrl).toBe(defaults.checkoutUrl);
    expect(repaired).toEqual(['checkoutUrl']);
  });

  it('the sandbox build stores absolute URLs resolved from its relative defaults', () => {
    expect(serviceUrlProblem(new URL('/sandbox/v1', 'http://127.0.0.1:4173').href, APP)).toBeNull();
  });
});

describe('settings idle lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after 2 minutes without input; any input restarts the wait', () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = startIdleTimer({ idleMs: 120_000, onIdle, target });
    vi.advanceTimersByTime(90_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(90_000);
    expect(onIdle).not.toHaveBeenCalled();
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(119_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('does nothing once stopped (the screen was closed)', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const stop = startIdleTimer({ idleMs: 120_000, onIdle, target: new EventTarget() });
    stop();
    vi.advanceTimersByTime(600_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('storage report', () => {
  it('reports persistence and usage, or that the browser cannot tell', async () => {
    expect(await readStorageReport(undefined)).toEqual({ kind: 'unsupported' });
    expect(
      await readStorageReport({
        persisted: () => Promise.resolve(false),
        estimate: () => Promise.resolve({ usage: 1_234_567, quota: 300_000_000 }),
      }),
    ).toEqual({ kind: 'known', persisted: false, usage: 1_234_567, quota: 300_000_000 });
    expect(
      await readStorageReport({
        persisted: () => Promise.resolve(true),
        estimate: () => Promise.reject(new Error('x')),
      }),
    ).toEqual({ kind: 'known', persisted: true, usage: null, quota: null });
  });

  it('formats sizes', () => {
    expect([0, 512, 1_500, 12_345_678, 1_200_000_000].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '1.5 kB',
      '12 MB',
      '1.2 GB',
    ]);
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

describe('what a refused save says', () => {
  afterEach(() => {
    i18n.loadAndActivate({ locale: 'en', locales: ['en-US'], messages: {} });
  });

  it('names each field as the screens do', () => {
    let fields: Record<string, string> = {};
    try {
      validateSettings({ ...defaults, paymentWindowMinutes: 0, shopName: 'x'.repeat(41) });
    } catch (e) {
      fields = (e as SettingsValidationError).fields;
    }
    expect(settingsProblemsText(fields)).toBe(
      'Time to pay (minutes): At least 1 minute; Shop name: At most 40 characters',
    );
  });

  it('is worded in the language active when saving, not when the schema was loaded', () => {
    const message = (english: string) => generateMessageId(english);
    i18n.loadAndActivate({
      locale: 'zh',
      locales: ['zh-CN'],
      messages: {
        [message('At least 1 minute')]: compileMessage('至少 1 分钟'),
        [message('Time to pay (minutes)')]: compileMessage('付款时限（分钟）'),
        [message('{field}: {problem}')]: compileMessage('{field}：{problem}'),
      },
    });
    let fields: Record<string, string> = {};
    try {
      validateSettings({ ...defaults, paymentWindowMinutes: 0 });
    } catch (e) {
      fields = (e as SettingsValidationError).fields;
    }
    expect(fields.paymentWindowMinutes).toBe('至少 1 分钟');
    expect(settingsProblemsText(fields)).toBe('付款时限（分钟）：至少 1 分钟');
    expect(serviceUrlProblem('ftp://example.com')).toBe('Must be an http(s) URL'); // untranslated here
  });
});
