import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { buildShiftReport } from './shift-report';

const base: ChargeRecord = {
  traceId: 't',
  createdAt: 1000,
  updatedAt: 1000,
  shopName: '',
  payeeId: 'p',
  settlementAssetId: 's',
  strictMode: false,
  quoteAssetId: 'usd',
  quoteSymbol: 'USD',
  quoteDecimals: 2,
  quoteIsFiat: true,
  quoteAmount: '10',
  expiredTimestamp: 0,
  linkMode: 'paylink',
  linkFellBack: false,
  link: '',
  status: 'received',
};

const paid = (amount: string, symbol: string, assetId: string) => ({
  result: {
    status: 'success',
    quoteAmount: '0',
    quoteAssetId: 'usd',
    payeeId: 'p',
    paymentAmount: amount,
    paymentSymbol: symbol,
    paymentAssetId: assetId,
  },
});

describe('shift report', () => {
  it('adds up gross, discounts, net, tips and collected per currency, as exact decimals', () => {
    const report = buildShiftReport(
      [
        // 3 items of 20.00 with a 15% tip: 23.00 paid in USDT.
        {
          ...base,
          quoteAmount: '23',
          lines: [{ amount: '5' }, { amount: '7.5' }, { amount: '7.5' }],
          subtotal: '20',
          tip: { kind: 'percent', percent: '15', amount: '3' },
          ...paid('23', 'USDT', 'usdt'),
        },
        // 40.00 less 10%, tip 0.10: 36.10 paid in BTC.
        {
          ...base,
          quoteAmount: '36.1',
          lines: [{ amount: '40' }],
          subtotal: '40',
          discount: { kind: 'percent', percent: '10', amount: '4' },
          tip: { kind: 'amount', amount: '0.1' },
          ...paid('0.00055538', 'BTC', 'btc'),
        },
        // An old record: one item, no discount or tip.
        { ...base, quoteAmount: '0.2', ...paid('0.2', 'USDT', 'usdt') },
        { ...base, quoteAmount: '9.99', status: 'failed' },
        { ...base, quoteAmount: '1', status: 'expired' },
        { ...base, quoteAmount: '1500', quoteAssetId: 'jpy', quoteSymbol: 'JPY', quoteDecimals: 0 },
        // Outside the shift.
        { ...base, createdAt: 5000 },
      ],
      0,
      5000,
    );
    expect(report).toMatchObject({ openedAt: 0, closedAt: 5000, count: 6 });
    expect(report.currencies.map((c) => c.symbol)).toEqual(['JPY', 'USD']);
    expect(report.currencies[1]).toEqual({
      quoteAssetId: 'usd',
      symbol: 'USD',
      decimals: 2,
      isFiat: true,
      count: 5,
      received: 3,
      gross: '60.2',
      discounts: '4',
      net: '56.2',
      tips: '3.1',
      collected: '59.3',
      byStatus: {
        received: { count: 3, total: '59.3' },
        failed: { count: 1, total: '9.99' },
        expired: { count: 1, total: '1' },
      },
    });
    expect(report.currencies[0]).toMatchObject({ gross: '1500', collected: '1500', tips: '0' });
    expect(report.paymentAssets).toEqual([
      { assetId: 'btc', symbol: 'BTC', count: 1, amount: '0.00055538' },
      { assetId: 'usdt', symbol: 'USDT', count: 2, amount: '23.2' },
    ]);
  });
});
