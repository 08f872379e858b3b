import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DecimalSchema,
  FlagSchema,
  PaymentAssetSchema,
  PaymentResultSchema,
  SettlementAssetSchema,
  toDecimalString,
} from './schemas';

describe('DecimalSchema', () => {
  it.each([
    ['10', '10'],
    ['10.00', '10'],
    [' 0.50 ', '0.5'],
    [10, '10'],
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    [2.5e-8, '0.000000025'],
    [1.5e21, '1500000000000000000000'],
    ['1e-7', '0.0000001'],
    ['-0', '0'],
  ])('%j → %s', (input, expected) => {
    expect(v.parse(DecimalSchema, input)).toBe(expected);
  });

  it.each([
    NaN,
    Infinity,
    -Infinity,
    0.1 + 0.2,
    123456789.12345678,
    'ten',
    '',
    '1,5',
    '0x10',
    '1e99999',
    true,
    null,
    {},
  ])('rejects %j', (input) => {
    expect(v.safeParse(DecimalSchema, input).success).toBe(false);
    expect(toDecimalString(input)).toBeUndefined();
  });
});

describe('FlagSchema', () => {
  it.each([
    [1, true],
    ['1', true],
    [true, true],
    [0, false],
    ['0', false],
    [false, false],
  ])('%j → %s', (input, expected) => {
    expect(v.parse(FlagSchema, input)).toBe(expected);
  });

  it('rejects other values', () => {
    expect(v.safeParse(FlagSchema, 2).success).toBe(false);
    expect(v.safeParse(FlagSchema, 'yes').success).toBe(false);
  });
});

describe('asset schemas', () => {
  it('accepts null optionals and an empty-array chainAsset', () => {
    const parsed = v.parse(SettlementAssetSchema, {
      assetId: 'x',
      symbol: 'X',
      name: 'Ex',
      network: 'Mixin',
      iconUrl: null,
      isAsset: '1',
      isAvailable: null,
      chainAsset: [],
    });
    expect(parsed).toEqual({ assetId: 'x', symbol: 'X', name: 'Ex', network: 'Mixin', isAsset: true });
  });

  it('drops a malformed chainAsset instead of failing the list', () => {
    const parsed = v.parse(PaymentAssetSchema, {
      assetId: 'x',
      symbol: 'X',
      name: 'Ex',
      network: 'Mixin',
      onChainSupported: 0,
      minPaymentAmount: '0.0001',
      maxPaymentAmount: 0,
      chainAsset: { weird: true },
    });
    expect(parsed.chainAsset).toBeUndefined();
    expect(parsed.maxPaymentAmount).toBe('0');
  });
});

describe('PaymentResultSchema', () => {
  const minimal = { status: 'unpaid', quoteAmount: '1', quoteAssetId: 'usd', payeeId: 'p' };

  it('turns empty-string optional amounts and codes into undefined', () => {
    const parsed = v.parse(PaymentResultSchema, {
      ...minimal,
      paymentAmount: '',
      settleAmount: '',
      failureCode: '',
      confirmations: null,
      payment: [],
    });
    expect(parsed).toEqual({ status: 'unpaid', quoteAmount: '1', quoteAssetId: 'usd', payeeId: 'p' });
  });

  it('reads numeric strings as numbers', () => {
    const parsed = v.parse(PaymentResultSchema, {
      ...minimal,
      status: 'failed',
      failureCode: '40000',
      date: '1',
    });
    expect(parsed.failureCode).toBe(40000);
    expect(parsed.date).toBe(1);
  });

  it('rejects a required amount that is missing or garbage', () => {
    expect(v.safeParse(PaymentResultSchema, { ...minimal, quoteAmount: undefined }).success).toBe(false);
    expect(v.safeParse(PaymentResultSchema, { ...minimal, quoteAmount: '' }).success).toBe(false);
    expect(v.safeParse(PaymentResultSchema, { ...minimal, paymentAmount: 'abc' }).success).toBe(false);
  });
});
