import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allChargesForBackup, clearJournalForTests, recordCharge } from '@/journal/journal';
import type { Settings } from '@/settings';
import { buildChargeRecord, startCharge } from './start-charge';
import { startErrorMessage, STORAGE_FULL_MESSAGE } from './start-error';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

const settings = {
  version: 5,
  payeeId: 'a0d77914-0877-6b47-eb1d-d3f94ed15d6a',
  settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
  strictMode: false,
  defaultQuoteAssetId: 'usd',
  entryStyle: 'auto',
  paymentWindowMinutes: 15,
  shopName: 'Shop',
  linkMode: 'paylink',
  apiUrl: 'https://api.mixpay.me/v1',
  checkoutUrl: 'https://mixpay.me',
  pin: null,
  shiftCloseNeedsPin: true,
  tipsEnabled: false,
  tipPercents: ['10', '15', '20'],
  discountsEnabled: true,
  receiptPaper: '80mm',
  tillId: '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b',
  tillName: 'Front',
  ledger: null,
} satisfies Settings;
const usd = { assetId: 'usd', symbol: 'USD', decimalDigit: 2, isAsset: false };

describe('the keypad’s message when a charge cannot start', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each<[string, unknown]>([
    ['a QuotaExceededError', quota()],
    ['a quota error as the cause', new Error('Journal write failed', { cause: quota() })],
    [
      'an aborted transaction carrying the quota error',
      { name: 'AbortError', message: 'aborted', error: quota() },
    ],
    ['an AbortError that says quota', new DOMException('Quota exceeded', 'AbortError')],
  ])('storage full: %s', (_name, error) => {
    expect(startErrorMessage(error)).toBe(STORAGE_FULL_MESSAGE);
    expect(STORAGE_FULL_MESSAGE).toBe(
      "This device's storage is full: the charge was not started. Export a backup and clear old history in Settings.",
    );
  });

  it('anything else keeps the plain message', () => {
    expect(startErrorMessage(new DOMException('Key already exists', 'ConstraintError'))).toBe(
      'Could not start the charge: Key already exists',
    );
    expect(startErrorMessage(new Error('boom'))).toBe('Could not start the charge: boom');
  });

  it('a full device: startCharge fails (no record, so no QR), the message says why, other charges stay', async () => {
    await clearJournalForTests();
    const existing = buildChargeRecord({ settings, quoteAsset: usd, amount: '12.5' });
    await recordCharge(existing);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quota();
    });
    const error = await startCharge({ settings, quoteAsset: usd, amount: '3' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(startErrorMessage(error)).toBe(STORAGE_FULL_MESSAGE);
    vi.restoreAllMocks();
    expect((await allChargesForBackup()).charges).toEqual([existing]);
  });

  it('a new charge carries its till', () => {
    const record = buildChargeRecord({ settings, quoteAsset: usd, amount: '4' });
    expect(record).toMatchObject({ tillId: settings.tillId, tillName: 'Front' });
  });
});
