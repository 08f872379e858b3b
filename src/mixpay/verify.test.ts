import { describe, expect, it } from 'vitest';
import type { PaymentResult } from './schemas';
import { isFinalVerdict, verifyResult } from './verify';
import type { ChargeTerms } from './verify';

const terms: ChargeTerms = {
  payeeId: '834c17e1-1427-434a-a280-1b3cfee05111',
  quoteAssetId: 'usd',
  quoteAmount: '10',
  traceId: '1b638d3f-e156-4621-87fd-778a410f4884',
};

const paid: PaymentResult = {
  status: 'success',
  payeeId: terms.payeeId,
  quoteAssetId: 'usd',
  quoteAmount: '10.00',
  traceId: terms.traceId,
};

describe('verifyResult', () => {
  it('accepts a success that matches, comparing amounts as decimals', () => {
    expect(verifyResult(terms, paid)).toEqual({ kind: 'received', result: paid });
  });

  it('matches a dashless upper-case payeeId and an upper-case asset id', () => {
    const result = { ...paid, payeeId: '834C17E11427434AA2801B3CFEE05111', quoteAssetId: 'USD' };
    expect(verifyResult(terms, result).kind).toBe('received');
  });

  it('accepts a success without traceId', () => {
    const { traceId: _omit, ...withoutTrace } = paid;
    expect(verifyResult(terms, withoutTrace).kind).toBe('received');
  });

  it.each([
    ['payeeId', { payeeId: '00000000-0000-0000-0000-000000000000' }],
    ['quoteAssetId', { quoteAssetId: 'eur' }],
    ['quoteAmount', { quoteAmount: '0.01' }],
    ['traceId', { traceId: 'ffffffff-e156-4621-87fd-778a410f4884' }],
  ] as const)('flags a different %s', (field, change) => {
    const result = { ...paid, ...change };
    expect(verifyResult(terms, result)).toEqual({
      kind: 'mismatch',
      mismatches: [{ field, expected: terms[field], actual: change[field as keyof typeof change] }],
      result,
    });
  });

  it('lists every differing field', () => {
    const result = { ...paid, payeeId: 'someone-else', quoteAssetId: 'eur', quoteAmount: '1' };
    const verdict = verifyResult(terms, result);
    expect(verdict.kind === 'mismatch' && verdict.mismatches.map((m) => m.field)).toEqual([
      'payeeId',
      'quoteAssetId',
      'quoteAmount',
    ]);
  });

  it('treats a non-decimal amount as a mismatch instead of throwing', () => {
    expect(verifyResult(terms, { ...paid, quoteAmount: 'ten' }).kind).toBe('mismatch');
    expect(verifyResult({ ...terms, quoteAmount: '' }, paid).kind).toBe('mismatch');
  });

  it('maps the waiting statuses', () => {
    expect(verifyResult(terms, { ...paid, status: 'unpaid' })).toEqual({ kind: 'waiting' });
    expect(verifyResult(terms, { ...paid, status: 'auditing' })).toEqual({ kind: 'auditing' });
    expect(verifyResult(terms, { ...paid, status: 'pending', confirmations: 2 })).toEqual({
      kind: 'pending',
      confirmations: 2,
    });
    expect(verifyResult(terms, { ...paid, status: 'pending', confirmations: -1 })).toEqual({
      kind: 'pending',
      confirmations: null,
    });
    expect(verifyResult(terms, { ...paid, status: 'pending' })).toEqual({
      kind: 'pending',
      confirmations: null,
    });
  });

  it('explains failures', () => {
    const overtime = {
      ...paid,
      status: 'failed' as const,
      failureCode: 40000,
      failureReason: 'Payment overtime',
    };
    expect(verifyResult(terms, overtime)).toEqual({
      kind: 'failed',
      failureCode: 40000,
      reason: 'The payment came too late (payment overtime)',
      result: overtime,
    });
    const unknown = {
      ...paid,
      status: 'failed' as const,
      failureCode: 49999,
      failureReason: 'Something odd',
    };
    expect(verifyResult(terms, unknown)).toMatchObject({ kind: 'failed', reason: 'Something odd' });
  });
});

describe('isFinalVerdict', () => {
  it('is true only for received, mismatch and failed', () => {
    expect(isFinalVerdict({ kind: 'received', result: paid })).toBe(true);
    expect(isFinalVerdict({ kind: 'mismatch', mismatches: [], result: paid })).toBe(true);
    expect(isFinalVerdict({ kind: 'failed', reason: 'x', result: paid })).toBe(true);
    expect(isFinalVerdict({ kind: 'waiting' })).toBe(false);
    expect(isFinalVerdict({ kind: 'pending', confirmations: 1 })).toBe(false);
    expect(isFinalVerdict({ kind: 'auditing' })).toBe(false);
  });
});
