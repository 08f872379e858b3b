/**
 * Receipts. A receipt is made from a charge in the journal (receiptOf) and travels whole inside a
 * link to this app's receipt page: https://<till>/receipt#<data>. The data is the receipt's JSON,
 * deflated (CompressionStream 'deflate-raw', where the browser has it) and base64url-encoded, after
 * the `#`, so it never reaches a server: no server stores receipts and the till needs no network
 * to hand one over (a QR the customer scans, or Web Share).
 *
 *   #z<base64url(deflate-raw(json))>   or   #j<base64url(json)>   (older browsers)
 *
 * The receipt page (./receipt-page.tsx) reads nothing but that fragment: no till storage is opened
 * on the customer's phone. What the link says is checked on the way in (decodeReceipt) and only
 * ever shown as text; the explorer link is kept only when it is an https address.
 *
 * Because a receipt is the link itself, anyone could write a link that shows any receipt: it is
 * a copy for the customer, not proof of payment (the journal and MixPay are).
 */
import { t } from '@lingui/core/macro';
import type { ChargeRecord, ChargeStatus } from '@/lifecycle/charge-record';
import { saleOf } from '@/lifecycle/sale';
import { isDecimalString } from '@/money/decimal';

/** Links stay short enough for a QR a phone reads easily; a longer sale lists the first items. */
export const RECEIPT_MAX_ITEMS = 30;
const LABEL_MAX = 40;

export interface Receipt {
  shop: string;
  /** When it was paid (or the charge ended / was made), ms. */
  at: number;
  st: ChargeStatus;
  cur: { sym: string; dec: number; fiat: boolean; code?: string };
  items: Array<{ a: string; l?: string }>;
  /** Items left out of the link (see RECEIPT_MAX_ITEMS). */
  more?: number;
  sub: string;
  disc?: { a: string; p?: string };
  tip?: { a: string; p?: string };
  total: string;
  /** What the customer sent, in the payment asset. */
  paid?: { a: string; sym: string };
  note?: string;
  trace: string;
  tx?: string;
  /** Block explorer page of the transaction (https only). */
  url?: string;
}

// What a link may say, checked by hand (the receipt page loads no schema library for it).
const STATUSES: ReadonlySet<string> = new Set([
  'open',
  'received',
  'mismatch',
  'failed',
  'expired',
  'cancelled',
]);
type Check = (value: unknown) => boolean;
const text =
  (max: number): Check =>
  (value) =>
    typeof value === 'string' && value.length <= max;
const amount: Check = (value) => typeof value === 'string' && value.length <= 60 && isDecimalString(value);
const count: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const shape =
  (fields: Record<string, Check>): Check =>
  (value) =>
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.entries(fields).every(([key, check]) => check((value as Record<string, unknown>)[key]));
const adjustment = optional(shape({ a: amount, p: optional(amount) }));

const isReceipt = shape({
  shop: text(80),
  at: (value) => typeof value === 'number' && Number.isFinite(value),
  st: (value) => typeof value === 'string' && STATUSES.has(value),
  cur: shape({
    sym: text(20),
    dec: (value) => count(value) && (value as number) <= 18,
    fiat: (value) => typeof value === 'boolean',
    code: optional(text(10)),
  }),
  items: (value) =>
    Array.isArray(value) &&
    value.length <= 200 &&
    value.every(shape({ a: amount, l: optional(text(LABEL_MAX)) })),
  more: optional(count),
  sub: amount,
  disc: adjustment,
  tip: adjustment,
  total: amount,
  paid: optional(shape({ a: amount, sym: text(20) })),
  note: optional(text(200)),
  trace: text(100),
  tx: optional(text(200)),
  url: optional(
    (value) => typeof value === 'string' && value.length <= 500 && /^https:\/\/\S+$/i.test(value),
  ),
});

/** Only the fields a receipt has (anything else in a link is dropped). */
function receiptFrom(value: Record<string, unknown>): Receipt {
  const keys: Array<keyof Receipt> = [
    'shop',
    'at',
    'st',
    'cur',
    'items',
    'more',
    'sub',
    'disc',
    'tip',
    'total',
    'paid',
    'note',
    'trace',
    'tx',
    'url',
  ];
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out as unknown as Receipt;
}

/** The receipt of a charge: the sale as the lifecycle recorded it, and what MixPay reported. */
export function receiptOf(c: ChargeRecord): Receipt {
  const sale = saleOf(c);
  const r = c.result;
  const at = c.status === 'received' && r?.date ? r.date * 1000 : (c.endedAt ?? c.createdAt);
  const items = sale.lines
    .slice(0, RECEIPT_MAX_ITEMS)
    .map((line) => (line.label ? { a: line.amount, l: line.label.slice(0, LABEL_MAX) } : { a: line.amount }));
  const receipt: Receipt = {
    shop: c.shopName,
    at,
    st: c.status,
    cur: {
      sym: c.quoteSymbol,
      dec: c.quoteDecimals,
      fiat: c.quoteIsFiat,
      ...(c.quoteIsFiat ? { code: c.quoteAssetId.toUpperCase() } : {}),
    },
    items,
    sub: sale.subtotal,
    total: sale.total,
    trace: c.traceId,
  };
  if (sale.lines.length > items.length) receipt.more = sale.lines.length - items.length;
  if (sale.discount)
    receipt.disc = {
      a: sale.discount.amount,
      ...(sale.discount.percent ? { p: sale.discount.percent } : {}),
    };
  if (sale.tip) receipt.tip = { a: sale.tip.amount, ...(sale.tip.percent ? { p: sale.tip.percent } : {}) };
  const paid = r?.paymentAmount;
  if (paid && isDecimalString(paid) && /[1-9]/.test(paid) && r?.paymentSymbol) {
    receipt.paid = { a: paid, sym: r.paymentSymbol };
  }
  if (c.remark) receipt.note = c.remark;
  if (r?.txid) receipt.tx = r.txid;
  if (r?.txid && r.blockExplorerUrl && /^https:\/\//i.test(r.blockExplorerUrl))
    receipt.url = r.blockExplorerUrl;
  return receipt;
}

// ---------------------------------------------------------------------------------------------
// The link

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The fragment for a receipt (without the `#`). */
export async function encodeReceipt(receipt: Receipt): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(receipt));
  if (typeof CompressionStream === 'function') {
    try {
      const packed = await pipe(json, new CompressionStream('deflate-raw'));
      if (packed.length < json.length) return `z${toBase64Url(packed)}`;
    } catch {
      // Fall through to the plain form.
    }
  }
  return `j${toBase64Url(json)}`;
}

export type DecodedReceipt = { ok: true; receipt: Receipt } | { ok: false; message: string };

/** Reads a fragment written by encodeReceipt (with or without its `#`); never throws. */
export async function decodeReceipt(fragment: string): Promise<DecodedReceipt> {
  // For the customer, in the receipt page's language (active before the page reads its link).
  const DAMAGED = t`This receipt link is incomplete or damaged. Ask the shop for a new one.`;
  const text = fragment.replace(/^#/, '');
  if (!text || text.length > 16_000 || !/^[zj][A-Za-z0-9_-]+$/.test(text))
    return { ok: false, message: DAMAGED };
  try {
    let bytes = fromBase64Url(text.slice(1));
    if (text[0] === 'z') {
      if (typeof DecompressionStream !== 'function') {
        return { ok: false, message: t`This browser is too old to open the receipt. Try another browser.` };
      }
      bytes = await pipe(bytes, new DecompressionStream('deflate-raw'));
    }
    if (bytes.length > 200_000) return { ok: false, message: DAMAGED };
    const data: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isReceipt(data)
      ? { ok: true, receipt: receiptFrom(data as Record<string, unknown>) }
      : { ok: false, message: DAMAGED };
  } catch {
    return { ok: false, message: DAMAGED };
  }
}

/**
 * This app's receipt page, from wherever the app is served (`/receipt` next to index.html): from
 * the app's base, not the page's URL, which is a screen's (`/charge/<traceId>`).
 */
export function receiptPageUrl(
  fragment: string,
  base: string = new URL(import.meta.env.BASE_URL, window.location.origin).href,
): string {
  const url = new URL('receipt', base);
  url.search = '';
  url.hash = fragment;
  return url.href;
}
