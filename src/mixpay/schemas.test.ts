import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DecimalSchema,
  FlagSchema,
  IntegerSchema,
  KNOWN_PAYMENT_STATUSES,
  PaymentAssetSchema,
  PaymentResultSchema,
  SettlementAssetSchema,
  isFinalPaymentStatus,
  isKnownPaymentStatus,
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
    // Number literals as the client hands them over: their exact text.
    ['9.99999999999999999', '9.99999999999999999'],
    ['10.0000000000000001', '10.0000000000000001'],
    ['1e1', '10'],
    ['1E-2', '0.01'],
    ['-1.5E+2', '-150'],
    ['123456789.12345678', '123456789.12345678'],
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

describe('IntegerSchema', () => {
  it.each([
    [7, 7],
    ['7', 7],
    [' -1 ', -1],
    ['1656513302', 1656513302],
    ['40000.0', 40000],
    ['1e3', 1000],
  ])('%j → %s', (input, expected) => {
    expect(v.parse(IntegerSchema, input)).toBe(expected);
  });

  it.each([1.5, '1.5', '', 'x', '1e400', '9007199254740993', 2 ** 53, null])('rejects %j', (input) => {
    expect(v.safeParse(IntegerSchema, input).success).toBe(false);
  });
});

describe('FlagSchema', () => {
  it.each([
    [1, true],
    ['1', true],
    ['1.0', true],
    [true, true],
    [0, false],
    ['0', false],
    ['0e0', false],
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

  it('takes any status string; the known list is the documented lifecycle', () => {
    expect(KNOWN_PAYMENT_STATUSES).toEqual([
      'unpaid',
      'confirming',
      'paid_less',
      'pending',
      'auditing',
      'success',
      'failed',
    ]);
    for (const status of [...KNOWN_PAYMENT_STATUSES, 'refunding', 'SUCCESS', '']) {
      expect(v.parse(PaymentResultSchema, { ...minimal, status }).status).toBe(status);
    }
    expect(v.safeParse(PaymentResultSchema, { ...minimal, status: undefined }).success).toBe(false);
    expect(isKnownPaymentStatus('paid_less')).toBe(true);
    expect(isKnownPaymentStatus('refunding')).toBe(false);
    expect(isFinalPaymentStatus('success')).toBe(true);
    expect(isFinalPaymentStatus('failed')).toBe(true);
    expect(isFinalPaymentStatus('pending')).toBe(false);
    expect(isFinalPaymentStatus('refunding')).toBe(false);
  });

  it('reads a payment before the payer has chosen a channel', () => {
    const parsed = v.parse(PaymentResultSchema, {
      ...minimal,
      payeeId: 'xxxxx-xxx-xxx-xxx-xxxxxxx',
      paymentAmount: '',
      paymentSymbol: '',
      paymentAssetId: '',
      payableAmount: '',
      payableSymbol: '',
      payableAssetId: '',
      quoteAssetVersion: '',
      returnTo: 'https://example.com/done',
      expiredAt: '1656514302',
      date: 1656513302,
    });
    expect(parsed).toEqual({
      ...minimal,
      payeeId: 'xxxxx-xxx-xxx-xxx-xxxxxxx',
      returnTo: 'https://example.com/done',
      expiredAt: 1656514302,
      date: 1656513302,
    });
  });

  it('reads transactions by the documented paymentAmount, or amount as a fallback', () => {
    const parsed = v.parse(PaymentResultSchema, {
      ...minimal,
      transactions: [
        {
          paymentAmount: '0.2',
          paymentAssetId: '25dabac5-056a-48ff-b9f9-f67395dc407c',
          paymentAssetSymbol: 'TRX',
          paymentAssetVersion: '',
          requiredConfirms: 1,
          confirmations: '10',
          txid: 'abc',
          blockExplorerUrl: 'https://tronscan.org/#/transaction/abc',
          broadcastAt: '2023-06-25T13:47:23.000000Z',
          confirmSeconds: 0,
          somethingNew: true,
        },
        { amount: '0.1' },
        { paymentAmount: '', amount: '0.05' },
      ],
    });
    expect(parsed.transactions).toEqual([
      {
        paymentAmount: '0.2',
        paymentAssetId: '25dabac5-056a-48ff-b9f9-f67395dc407c',
        paymentAssetSymbol: 'TRX',
        requiredConfirms: 1,
        confirmations: 10,
        txid: 'abc',
        blockExplorerUrl: 'https://tronscan.org/#/transaction/abc',
        broadcastAt: '2023-06-25T13:47:23.000000Z',
        confirmSeconds: 0,
      },
      { paymentAmount: '0.1' },
      { paymentAmount: '0.05' },
    ]);
    expect(parsed.transactions?.[1]).not.toHaveProperty('amount');
  });

  it('drops a transfer list it cannot read instead of failing the result', () => {
    for (const transactions of [[{ txid: 'no amount' }], [{ paymentAmount: 'abc' }], 'x', [], null]) {
      const parsed = v.parse(PaymentResultSchema, { ...minimal, transactions });
      expect(parsed.transactions).toEqual(
        Array.isArray(transactions) && !transactions.length ? [] : undefined,
      );
    }
  });

  it('rejects a required amount that is missing or garbage', () => {
    expect(v.safeParse(PaymentResultSchema, { ...minimal, quoteAmount: undefined }).success).toBe(false);
    expect(v.safeParse(PaymentResultSchema, { ...minimal, quoteAmount: '' }).success).toBe(false);
    expect(v.safeParse(PaymentResultSchema, { ...minimal, paymentAmount: 'abc' }).success).toBe(false);
  });
});
