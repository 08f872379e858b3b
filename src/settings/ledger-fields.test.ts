import { describe, expect, it } from 'vitest';
import { draftOf, ledgerToSave } from './ledger-fields';

describe('Shop ledger fields', () => {
  it('three empty fields: no ledger', () => {
    expect(ledgerToSave(draftOf(null))).toEqual({ ok: true, ledger: null });
    expect(ledgerToSave({ url: '  ', user: '', password: '' })).toEqual({ ok: true, ledger: null });
  });

  it('a full, valid connection is saved with its URL normalized', () => {
    expect(
      ledgerToSave({ url: ' https://couch.example.com/shop-ledger/ ', user: 'tills', password: 'pw' }),
    ).toEqual({
      ok: true,
      ledger: { url: 'https://couch.example.com/shop-ledger', user: 'tills', password: 'pw' },
    });
  });

  it('anything else: a message per field (plain http off this device, a missing password)', () => {
    const result = ledgerToSave({ url: 'http://couch.example.com/shop-ledger', user: 'tills', password: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.url).toMatch(/https/);
      expect(result.problems.password).toBe('Enter the ledger password');
      expect(result.problems.user).toBeUndefined();
    }
  });
});
