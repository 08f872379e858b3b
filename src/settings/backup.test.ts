import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  allChargesForBackup,
  clearJournalForTests,
  closeShift,
  recordCharge,
  type ChargeRecord,
} from '@/journal/journal';
import { backupFileName, describeImport, exportBackup, importBackup } from './backup';
import { hashPin } from './pin';
import { getSettings, loadSettings, resetSettingsCacheForTests, saveSettings } from './settings-store';

const PAYEE = 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a';
const OTHER_PAYEE = '2e36f2b4-5f6c-4e0e-9a7d-0b8e5c3f9a11';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const NOW = 1_800_000_000_000;

function charge(n: number, over: Partial<ChargeRecord> = {}): ChargeRecord {
  return {
    traceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdAt: NOW + n * 1000,
    updatedAt: NOW + n * 1000,
    endedAt: NOW + n * 1000,
    shopName: 'Shop',
    payeeId: PAYEE,
    settlementAssetId: USDT,
    strictMode: false,
    quoteAssetId: 'usd',
    quoteSymbol: 'USD',
    quoteDecimals: 2,
    quoteIsFiat: true,
    quoteAmount: `${n}.5`,
    expiredTimestamp: NOW / 1000 + 900,
    linkMode: 'paylink',
    linkFellBack: false,
    link: `https://mixpay.me/pay?traceId=${n}`,
    status: 'received',
    ...over,
  };
}

let pin: Awaited<ReturnType<typeof hashPin>>;

beforeEach(async () => {
  await clearJournalForTests();
  resetSettingsCacheForTests();
  pin ??= await hashPin('4821');
  await loadSettings();
  await saveSettings({ payeeId: PAYEE, settlementAssetId: USDT, shopName: 'Corner Coffee', pin });
});

describe('exportBackup', () => {
  it('carries the charges, shift closes and settings, but never the PIN hash or lockout data', async () => {
    await recordCharge(charge(1));
    await recordCharge(charge(2, { status: 'cancelled' }));
    await closeShift(NOW + 5000);
    const backup = await exportBackup(NOW + 9000);
    expect(backup).toMatchObject({ kind: 'mixpay-pos-backup', schemaVersion: 1, exportedAt: NOW + 9000 });
    expect(backup.charges.map((c) => c.traceId)).toEqual([charge(1).traceId, charge(2).traceId]);
    expect(backup.shifts).toEqual([
      { closedAt: NOW + 5000, report: expect.objectContaining({ closedAt: NOW + 5000 }) },
    ]);
    expect(backup.settings).toMatchObject({
      payeeId: PAYEE,
      settlementAssetId: USDT,
      shopName: 'Corner Coffee',
    });
    expect(backup.settings).not.toHaveProperty('pin');
    const text = JSON.stringify(backup);
    expect(text).not.toContain(pin.hash);
    expect(text).not.toContain(pin.salt);
    expect(text).not.toMatch(/PBKDF2|pin-attempts|failures/);
  });

  it('leaves out the shop ledger password (the URL and user are kept)', async () => {
    const ledger = {
      url: 'https://couch.example.com/shop-ledger',
      user: 'tills',
      password: 'ledger-Secr3t!',
    };
    await saveSettings({ ledger, tillName: 'Front' });
    const backup = await exportBackup(NOW);
    expect(backup.settings.ledger).toEqual({ url: ledger.url, user: ledger.user });
    expect(backup.settings.tillName).toBe('Front');
    expect(JSON.stringify(backup)).not.toContain(ledger.password);
  });

  it('is named after the day', () => {
    expect(backupFileName(new Date(2026, 7, 3, 12).getTime())).toBe('mixpay-pos-backup-2026-08-03.json');
  });
});

describe('importBackup', () => {
  it('round trip: export, clear, import brings every charge back once; a second import changes nothing', async () => {
    for (let n = 1; n <= 3; n++) await recordCharge(charge(n));
    const before = await allChargesForBackup();
    const text = JSON.stringify(await exportBackup());
    await clearJournalForTests();
    const first = await importBackup(text);
    expect(first).toMatchObject({
      ok: true,
      summary: { added: 3, updated: 0, unchanged: 0 },
      settings: null,
    });
    expect(await allChargesForBackup()).toEqual(before);
    const second = await importBackup(text);
    expect(second).toMatchObject({ ok: true, summary: { added: 0, updated: 0, unchanged: 3 } });
    expect(await allChargesForBackup()).toEqual(before);
  });

  it('merges by traceId: an open copy never replaces a final one, a later final one is taken', async () => {
    await recordCharge(charge(1));
    await recordCharge(charge(2, { status: 'open', phase: 'confirming', endedAt: undefined }));
    const file = JSON.stringify({
      ...(await exportBackup()),
      charges: [
        charge(1, { status: 'open', phase: 'processing', endedAt: undefined, updatedAt: NOW + 99_000 }),
        charge(2),
        charge(3),
      ],
    });
    const outcome = await importBackup(file);
    expect(outcome.ok && describeImport(outcome)).toBe('1 charge added, 1 updated, 1 unchanged.');
    expect((await allChargesForBackup()).charges.map((c) => c.status)).toEqual([
      'received',
      'received',
      'received',
    ]);
  });

  it('does not apply the settings in the file unless asked to', async () => {
    const file = JSON.stringify({
      ...(await exportBackup()),
      settings: { ...(await exportBackup()).settings, payeeId: OTHER_PAYEE, shopName: 'Elsewhere' },
    });
    expect(await importBackup(file)).toMatchObject({ ok: true, settings: null });
    expect(getSettings()).toMatchObject({ payeeId: PAYEE, shopName: 'Corner Coffee' });
  });

  it('restores the settings when asked, keeping this till’s PIN (a PIN in the file is ignored)', async () => {
    const other = await hashPin('1111');
    const file = JSON.stringify({
      ...(await exportBackup()),
      settings: {
        ...(await exportBackup()).settings,
        payeeId: OTHER_PAYEE,
        settlementAssetId: BTC,
        defaultQuoteAssetId: 'eur',
        shopName: 'Elsewhere',
        pin: other,
      },
    });
    const outcome = await importBackup(file, { restoreSettings: true });
    expect(outcome).toMatchObject({
      ok: true,
      settings: { payeeId: OTHER_PAYEE, defaultQuoteAssetId: 'eur' },
    });
    expect(outcome.ok && describeImport(outcome)).toMatch(/Settings restored/);
    resetSettingsCacheForTests();
    const stored = await loadSettings();
    expect(stored).toMatchObject({ payeeId: OTHER_PAYEE, settlementAssetId: BTC, shopName: 'Elsewhere' });
    expect(stored.pin).toEqual(pin);
  });

  it('restoring settings keeps this till’s id, name and ledger (never the file’s)', async () => {
    const ledger = { url: 'https://couch.example.com/shop-ledger', user: 'tills', password: 'pw-here' };
    const mine = await saveSettings({ ledger, tillName: 'Front' });
    const file = JSON.stringify({
      ...(await exportBackup()),
      settings: {
        ...(await exportBackup()).settings,
        tillId: '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b',
        tillName: 'Terrace',
        ledger: { url: 'https://elsewhere.example.com/db', user: 'x' },
        shopName: 'Elsewhere',
      },
    });
    const outcome = await importBackup(file, { restoreSettings: true });
    expect(outcome).toMatchObject({ ok: true, settings: { shopName: 'Elsewhere' } });
    expect(getSettings()).toMatchObject({ tillId: mine.tillId, tillName: 'Front', ledger });
  });

  it('refuses settings that are not valid when asked to restore them, and writes nothing', async () => {
    const base = await exportBackup();
    for (const settings of [
      { ...base.settings, payeeId: 'not-a-uuid' },
      { ...base.settings, payeeId: '' },
      { ...base.settings, apiUrl: 'ftp://example.com' },
    ]) {
      const file = JSON.stringify({ ...base, settings, charges: [charge(7)] });
      const outcome = await importBackup(file, { restoreSettings: true });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(outcome.message).toMatch(/settings in this backup cannot be restored.*nothing was imported/);
      expect((await allChargesForBackup()).charges).toEqual([]);
      expect(getSettings()).toMatchObject({ payeeId: PAYEE });
    }
  });

  it('refuses a file that is not a backup, and writes nothing', async () => {
    await recordCharge(charge(1));
    const before = await allChargesForBackup();
    const base = await exportBackup();
    for (const text of [
      'hello',
      JSON.stringify({ kind: 'something-else' }),
      JSON.stringify({ ...base, schemaVersion: 99 }),
      JSON.stringify({ ...base, charges: [charge(5), { ...charge(6), status: 'paid' }] }),
    ]) {
      const outcome = await importBackup(text, { restoreSettings: true });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.message).toMatch(/nothing was imported/i);
    }
    expect(await allChargesForBackup()).toEqual(before);
    expect(getSettings()).toMatchObject({ payeeId: PAYEE });
  });

  it('says what it did', () => {
    const summary = { added: 12, updated: 3, unchanged: 40, shiftsAdded: 0 };
    expect(describeImport({ summary, settings: null })).toBe('12 charges added, 3 updated, 40 unchanged.');
    expect(describeImport({ summary: { ...summary, added: 1, shiftsAdded: 2 }, settings: null })).toBe(
      '1 charge added, 3 updated, 40 unchanged; 2 shift closes added.',
    );
  });
});
