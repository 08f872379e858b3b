import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/journal/journal';
import { buildShiftReport } from '@/journal/shift-report';
import { csvField, csvHeader, csvRow, shiftReportCsv } from './csv';
import { dayRange, summarize } from './summary';

const base: ChargeRecord = {
  traceId: 't-1',
  createdAt: Date.UTC(2026, 10, 21, 9, 30),
  updatedAt: 0,
  shopName: '',
  payeeId: 'p',
  settlementAssetId: 's',
  strictMode: false,
  quoteAssetId: 'usd',
  quoteSymbol: 'USD',
  quoteDecimals: 2,
  quoteIsFiat: true,
  quoteAmount: '10.10',
  expiredTimestamp: 0,
  linkMode: 'paylink',
  linkFellBack: false,
  link: '',
  status: 'received',
};

describe('CSV', () => {
  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField('-12.5')).toBe('-12.5');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1 shot')).toBe("'+1 shot");
  });

  it('writes one line per charge under a header', () => {
    expect(csvHeader().split(',')).toHaveLength(16);
    const row = csvRow({
      ...base,
      remark: 'Table 4, "window"',
      result: {
        status: 'success',
        quoteAmount: '10.1',
        quoteAssetId: 'usd',
        payeeId: 'p',
        paymentAmount: '0.00015',
        paymentSymbol: 'BTC',
      },
    });
    expect(row).toBe(
      '2026-11-21T09:30:00.000Z,t-1,received,10.10,USD,0.00015,BTC,"Table 4, ""window""",paylink,,,10.10,0,0,10.10,',
    );
  });

  it('keeps subtotal, discount, tip and items apart from the total', () => {
    const row = csvRow({
      ...base,
      quoteAmount: '20.7',
      lines: [{ amount: '10' }, { amount: '10' }],
      subtotal: '20',
      discount: { kind: 'percent', percent: '10', amount: '2' },
      tip: { kind: 'amount', amount: '2.7' },
      linkedTo: { traceId: 't-0', reason: 'again' },
    });
    expect(row.split(',').slice(3, 4)).toEqual(['20.7']);
    expect(row.split(',').slice(-5)).toEqual(['20', '2', '2.7', '10|10', 'again:t-0']);
  });

  it('exports a shift report one figure per line', () => {
    const report = buildShiftReport(
      [
        {
          ...base,
          quoteAmount: '23',
          lines: [{ amount: '20' }],
          subtotal: '20',
          tip: { kind: 'percent', percent: '15', amount: '3' },
        },
        { ...base, quoteAmount: '5', status: 'failed' },
      ],
      0,
      Date.UTC(2026, 10, 22),
    );
    const lines = shiftReportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,currency,item,count,amount');
    expect(lines).toContain('sales,USD,gross,1,20');
    expect(lines).toContain('sales,USD,tips,,3');
    expect(lines).toContain('sales,USD,collected,1,23');
    expect(lines).toContain('status,USD,failed,1,5');
  });
});

describe('totals', () => {
  it('sums per currency and status as decimals', () => {
    const totals = summarize([
      base,
      { ...base, quoteAmount: '0.2' },
      { ...base, quoteAmount: '5', status: 'failed' },
      { ...base, quoteAssetId: 'eur', quoteSymbol: 'EUR', quoteAmount: '3' },
    ]);
    expect(totals.map((t) => t.symbol)).toEqual(['EUR', 'USD']);
    expect(totals[1].byStatus.received).toEqual({ count: 2, total: '10.3' });
    expect(totals[1].byStatus.failed).toEqual({ count: 1, total: '5' });
  });

  it('finds a local day', () => {
    const { from, to } = dayRange('2026-11-21');
    expect(to - from).toBeGreaterThanOrEqual(23 * 3600_000);
    expect(new Date(from).getDate()).toBe(21);
  });
});
