import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import { decodeReceipt, encodeReceipt, receiptOf, receiptPageUrl, RECEIPT_MAX_ITEMS } from './receipt';

const charge: ChargeRecord = {
  traceId: '1b638d3f-e156-4621-87fd-778a410f4884',
  createdAt: Date.UTC(2026, 10, 21, 9),
  updatedAt: Date.UTC(2026, 10, 21, 9, 1),
  endedAt: Date.UTC(2026, 10, 21, 9, 1),
  shopName: 'Corner Café',
  payeeId: 'p',
  settlementAssetId: 's',
  strictMode: false,
  quoteAssetId: 'usd',
  quoteSymbol: 'USD',
  quoteDecimals: 2,
  quoteIsFiat: true,
  quoteAmount: '23',
  lines: [{ amount: '5' }, { amount: '7.5' }, { amount: '7.5' }],
  subtotal: '20',
  tip: { kind: 'percent', percent: '15', amount: '3' },
  remark: 'Table 4',
  expiredTimestamp: 0,
  linkMode: 'paylink',
  linkFellBack: false,
  link: '',
  status: 'received',
  result: {
    status: 'success',
    quoteAmount: '23',
    quoteAssetId: 'usd',
    payeeId: 'p',
    paymentAmount: '23.00000000',
    paymentSymbol: 'USDT',
    txid: 'abc123',
    blockExplorerUrl: 'https://etherscan.io/tx/abc123',
    date: 1_795_000_000,
  },
};

describe('receipts', () => {
  it('carries the sale apart from the total, what was paid, note, trace and transaction', () => {
    expect(receiptOf(charge)).toEqual({
      shop: 'Corner Café',
      at: 1_795_000_000_000,
      st: 'received',
      cur: { sym: 'USD', dec: 2, fiat: true, code: 'USD' },
      items: [{ a: '5' }, { a: '7.5' }, { a: '7.5' }],
      sub: '20',
      tip: { a: '3', p: '15' },
      total: '23',
      paid: { a: '23.00000000', sym: 'USDT' },
      note: 'Table 4',
      trace: charge.traceId,
      tx: 'abc123',
      url: 'https://etherscan.io/tx/abc123',
    });
  });

  it('travels in the link: deflated when the browser can, decoded back exactly', async () => {
    const receipt = receiptOf(charge);
    const fragment = await encodeReceipt(receipt);
    expect(fragment).toMatch(/^z[A-Za-z0-9_-]+$/);
    expect(await decodeReceipt(`#${fragment}`)).toEqual({ ok: true, receipt });
    const url = receiptPageUrl(fragment, 'https://till.example/pos/index.html');
    expect(url).toBe(`https://till.example/pos/receipt#${fragment}`);

    // A browser without CompressionStream writes plain base64url JSON, which reads back too.
    const saved = globalThis.CompressionStream;
    try {
      (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
      const plain = await encodeReceipt(receipt);
      expect(plain[0]).toBe('j');
      expect(await decodeReceipt(plain)).toEqual({ ok: true, receipt });
    } finally {
      globalThis.CompressionStream = saved;
    }
  });

  it('a long sale lists the first items and how many more', () => {
    const many = { ...charge, lines: Array.from({ length: 45 }, () => ({ amount: '1' })) };
    const receipt = receiptOf(many);
    expect(receipt.items).toHaveLength(RECEIPT_MAX_ITEMS);
    expect(receipt.more).toBe(45 - RECEIPT_MAX_ITEMS);
  });

  it('an old record reads as one item; nothing paid is not "paid 0"', () => {
    const { lines: _l, subtotal: _s, tip: _t, ...old } = charge;
    const receipt = receiptOf({
      ...old,
      quoteAmount: '12.34',
      status: 'failed',
      result: { ...charge.result!, status: 'failed', paymentAmount: '0', txid: undefined },
    });
    expect(receipt).toMatchObject({ items: [{ a: '12.34' }], sub: '12.34', total: '12.34', st: 'failed' });
    expect(receipt.paid).toBeUndefined();
    expect(receipt.tx).toBeUndefined();
  });

  it('refuses damaged or forged links: never a script link, never an amount that is not one', async () => {
    expect(await decodeReceipt('')).toMatchObject({ ok: false });
    expect(await decodeReceipt('#zAAAA')).toMatchObject({ ok: false });
    const forged = async (patch: Record<string, unknown>) =>
      decodeReceipt(await encodeReceipt({ ...receiptOf(charge), ...patch }));
    expect(await forged({ url: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(await forged({ total: '1e9' })).toMatchObject({ ok: false });
    expect(await forged({ st: 'paid' })).toMatchObject({ ok: false });
  });
});
