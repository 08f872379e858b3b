/**
 * The backup file: what "Export backup" writes and the only shape "Import backup" accepts. A file
 * is checked completely before anything is written; a wrong kind, a newer format or a damaged
 * record is refused with a message that says which.
 *
 *   { kind: 'mixpay-pos-backup', schemaVersion: 1, exportedAt,
 *     settings: { …the owner settings without the PIN hash… },
 *     charges: ChargeRecord[], shifts: [{ closedAt, report? }] }
 *
 * Settings are an object here; their fields are checked by the settings feature (which owns their
 * schema) before anything is imported. Unknown fields of a charge are dropped, and the journal's
 * derived index keys are recomputed when the charges are written.
 *
 * The owner reads the refusal (Settings → Import backup), so its words are in the active language;
 * the schema's own messages are functions for the same reason (they name the damage and are only
 * worded when a file is checked). Valibot's built-in ones and the field paths stay as they are.
 */
import { t } from '@lingui/core/macro';
import * as v from 'valibot';
import type { ChargeRecord } from '@/lifecycle/charge-record';
import type { ShiftRecord } from './shift-report';
import { isDecimalString } from '@/money/decimal';

export const BACKUP_KIND = 'mixpay-pos-backup';
export const BACKUP_SCHEMA_VERSION = 1;

const time = v.pipe(v.number(), v.finite());
const text = v.string();
const optText = v.optional(v.string());
// Issue messages are worded when a file is checked, in the active language (parseBackup shows them).
const notADecimal = () => t`Not a decimal amount`;
const decimal = v.pipe(v.string(), v.check(isDecimalString, notADecimal));

const ResultSnapshotSchema = v.object({
  status: text,
  quoteAmount: text,
  quoteAssetId: text,
  payeeId: text,
  traceId: optText,
  paymentAmount: optText,
  paymentSymbol: optText,
  paymentAssetId: optText,
  payableAmount: optText,
  confirmations: v.optional(v.number()),
  failureCode: v.optional(v.number()),
  failureReason: optText,
  txid: optText,
  blockExplorerUrl: optText,
  date: v.optional(v.number()),
  expiredAt: v.optional(v.number()),
  settleAsset: optText,
  isFullyPaid: v.optional(v.boolean()),
  totalTransactionsAmount: optText,
});

const AdjustmentSchema = v.object({
  kind: v.picklist(['percent', 'amount']),
  percent: v.optional(decimal),
  amount: decimal,
});

const MISMATCH_FIELDS = [
  'payeeId',
  'quoteAssetId',
  'quoteAmount',
  'traceId',
  'expiredAt',
  'settlementAssetId',
] as const;

const tillIdTooLong = () => t`tillId too long`;
const tillNameTooLong = () => t`tillName too long`;

export const ChargeRecordSchema = v.object({
  traceId: v.pipe(
    v.string(),
    v.minLength(1, () => t`Empty traceId`),
    v.maxLength(100, () => t`traceId too long`),
  ),
  createdAt: time,
  updatedAt: time,
  endedAt: v.optional(time),
  shopName: text,
  payeeId: text,
  settlementAssetId: text,
  strictMode: v.boolean(),
  quoteAssetId: text,
  quoteSymbol: text,
  quoteDecimals: v.pipe(v.number(), v.integer()),
  quoteIsFiat: v.boolean(),
  quoteAmount: decimal,
  lines: v.optional(v.array(v.object({ amount: decimal, label: optText }))),
  subtotal: v.optional(decimal),
  discount: v.optional(AdjustmentSchema),
  tip: v.optional(AdjustmentSchema),
  linkedTo: v.optional(v.object({ traceId: text, reason: v.picklist(['difference', 'again']) })),
  remark: optText,
  expiredTimestamp: time,
  linkMode: v.picklist(['one-time', 'paylink']),
  linkFellBack: v.boolean(),
  linkReady: v.optional(v.boolean()),
  link: text,
  wallet: v.optional(v.picklist(['any', 'mixin', 'on-chain'])),
  walletAssetId: optText,
  walletFellBack: optText,
  status: v.picklist(['open', 'received', 'mismatch', 'failed', 'expired', 'cancelled']),
  phase: v.optional(
    v.picklist(['waiting', 'opened', 'confirming', 'paid-less', 'processing', 'auditing', 'reported']),
  ),
  result: v.optional(ResultSnapshotSchema),
  mismatches: v.optional(
    v.array(v.object({ field: v.picklist(MISMATCH_FIELDS), expected: text, actual: text })),
  ),
  candidate: optText,
  latePayment: v.optional(v.object({ seenAt: time, acknowledged: v.boolean() })),
  acknowledgedAt: v.optional(time),
  tillId: v.optional(v.pipe(v.string(), v.maxLength(100, tillIdTooLong))),
  tillName: v.optional(v.pipe(v.string(), v.maxLength(100, tillNameTooLong))),
});

// The schema and the record type must not drift apart: this fails to compile if they do.
type ParsedCharge = v.InferOutput<typeof ChargeRecordSchema>;
const _sameShape: (c: ParsedCharge) => ChargeRecord = (c) => c;
void _sameShape;

const StatusTotalSchema = v.object({ count: v.number(), total: decimal });

const ShiftReportSchema = v.object({
  openedAt: time,
  closedAt: time,
  count: v.number(),
  currencies: v.array(
    v.object({
      quoteAssetId: text,
      symbol: text,
      decimals: v.number(),
      isFiat: v.boolean(),
      count: v.number(),
      received: v.number(),
      gross: decimal,
      discounts: decimal,
      net: decimal,
      tips: decimal,
      collected: decimal,
      byStatus: v.object({
        open: v.optional(StatusTotalSchema),
        received: v.optional(StatusTotalSchema),
        mismatch: v.optional(StatusTotalSchema),
        failed: v.optional(StatusTotalSchema),
        expired: v.optional(StatusTotalSchema),
        cancelled: v.optional(StatusTotalSchema),
      }),
    }),
  ),
  paymentAssets: v.array(v.object({ assetId: text, symbol: text, count: v.number(), amount: decimal })),
  rebuilt: v.optional(v.boolean()),
});

export const ShiftCloseSchema = v.object({ closedAt: time, report: v.optional(ShiftReportSchema) });
export type ShiftClose = v.InferOutput<typeof ShiftCloseSchema>;
const _sameShift: (s: ShiftClose) => ShiftRecord = (s) => s;
void _sameShift;

export const BackupSchema = v.object({
  kind: v.literal(BACKUP_KIND),
  schemaVersion: v.literal(BACKUP_SCHEMA_VERSION),
  exportedAt: time,
  settings: v.record(v.string(), v.unknown()),
  charges: v.array(ChargeRecordSchema),
  shifts: v.array(ShiftCloseSchema),
});

export interface Backup<S = Record<string, unknown>> {
  kind: typeof BACKUP_KIND;
  schemaVersion: typeof BACKUP_SCHEMA_VERSION;
  exportedAt: number;
  settings: S;
  charges: ChargeRecord[];
  shifts: ShiftClose[];
}

export type ParsedBackup = { ok: true; backup: Backup } | { ok: false; message: string };

/** Reads a backup file's text (or already-parsed JSON); never throws. Messages in the active language. */
export function parseBackup(input: string | unknown): ParsedBackup {
  const notABackup = t`This file is not a MixPay POS backup: nothing was imported.`;
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch {
      return {
        ok: false,
        message: t`This file is not a MixPay POS backup: nothing was imported. (It is not JSON.)`,
      };
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, message: notABackup };
  const head = data as { kind?: unknown; schemaVersion?: unknown };
  if (head.kind !== BACKUP_KIND) return { ok: false, message: notABackup };
  if (head.schemaVersion !== BACKUP_SCHEMA_VERSION) {
    const newer = typeof head.schemaVersion === 'number' && head.schemaVersion > BACKUP_SCHEMA_VERSION;
    const format = newer ? String(head.schemaVersion) : JSON.stringify(head.schemaVersion ?? null);
    return {
      ok: false,
      message: newer
        ? t`This backup was made by a newer version of the app (backup format ${format}): update the app, then import it. Nothing was imported.`
        : t`This backup's format (${format}) is not one this app reads: nothing was imported.`,
    };
  }
  const parsed = v.safeParse(BackupSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue) ?? 'file';
    const problem = issue.message;
    return {
      ok: false,
      message: t({
        message: `This backup file is damaged (${where}: ${problem}): nothing was imported.`,
        comment: 'where: the place in the file, e.g. charges.3.quoteAmount; problem: what is wrong there',
      }),
    };
  }
  return { ok: true, backup: parsed.output };
}
