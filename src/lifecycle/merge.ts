/**
 * When two records of the same charge meet (a backup imported into a till that has the charge
 * already; later, a shared ledger), which one wins. Pure and deterministic: mergeCharge(a, b)
 * equals mergeCharge(b, a), merging a record with itself gives it back, and merging a chain in any
 * grouping gives the same record.
 *
 * The rules:
 * - A final state beats an open one: a charge that ended is never reopened by an older copy.
 * - Between two final states: received > mismatch > failed > expired > cancelled. So a late
 *   payment (a cancelled or expired charge MixPay later reported paid: status received or
 *   mismatch, with `latePayment`) beats the same charge's plain cancelled or expired copy, and
 *   nothing but a record of the same rank replaces a received one.
 * - Between two open records: the one further along (waiting < opened < confirming, paid-less <
 *   processing, auditing, reported).
 * - Same rank: the later `updatedAt`; same again: a fixed order on the records' contents, so the
 *   choice never depends on which copy came first.
 * - Flags are united, whichever record wins: a late payment acknowledged on either copy stays
 *   acknowledged (seen at the earliest time either copy saw it), and `acknowledgedAt` is the
 *   earliest one set.
 *
 * The journal's index keys (`watchUntil`, `lateAlert`) are derived on every write, so the merged
 * record leaves them out.
 */
import type { ChargeRecord, ChargeStatus, OpenPhase } from './charge-record';

const FINAL_RANK: Record<Exclude<ChargeStatus, 'open'>, number> = {
  cancelled: 1,
  expired: 2,
  failed: 3,
  mismatch: 4,
  received: 5,
};

const PHASE_RANK: Record<OpenPhase, number> = {
  waiting: 0,
  opened: 1,
  confirming: 2,
  'paid-less': 2,
  processing: 3,
  auditing: 3,
  reported: 3,
};

/** Fields that are united rather than taken from the winner, and derived index keys. */
const FLAG_KEYS = ['latePayment', 'acknowledgedAt', 'watchUntil', 'lateAlert'] as const;

/** Open records rank below every final one; each side is ordered as described above. */
function rankOf(c: ChargeRecord): number {
  if (c.status === 'open') return PHASE_RANK[c.phase ?? 'waiting'] ?? 0;
  return 10 + (FINAL_RANK[c.status] ?? 0);
}

/** JSON with sorted keys (undefined-valued keys left out), for a content-based total order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** The record without its flags and index keys: what decides a tie and what the winner gives. */
function bodyOf(c: ChargeRecord): ChargeRecord {
  const body: Record<string, unknown> = { ...c };
  for (const key of FLAG_KEYS) delete body[key];
  return body as unknown as ChargeRecord;
}

/** > 0 when `a` wins, < 0 when `b` wins, 0 when their bodies are the same. */
function compareRecords(a: ChargeRecord, b: ChargeRecord): number {
  const byRank = rankOf(a) - rankOf(b);
  if (byRank !== 0) return byRank;
  const byTime = (a.updatedAt ?? 0) - (b.updatedAt ?? 0);
  if (byTime !== 0 && Number.isFinite(byTime)) return byTime;
  const ja = canonicalJson(bodyOf(a));
  const jb = canonicalJson(bodyOf(b));
  return ja === jb ? 0 : ja > jb ? 1 : -1;
}

function earliest(x: number | undefined, y: number | undefined): number | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  return Math.min(x, y);
}

/** Two records of the same traceId → the one record to keep (see the rules above). */
export function mergeCharge(a: ChargeRecord, b: ChargeRecord): ChargeRecord {
  if (a.traceId !== b.traceId) {
    throw new Error(`Cannot merge different charges (${a.traceId}, ${b.traceId})`);
  }
  const winner = compareRecords(a, b) >= 0 ? a : b;
  const out = bodyOf(winner);
  if (a.latePayment || b.latePayment) {
    out.latePayment = {
      seenAt: earliest(a.latePayment?.seenAt, b.latePayment?.seenAt)!,
      acknowledged: !!a.latePayment?.acknowledged || !!b.latePayment?.acknowledged,
    };
  }
  const acknowledgedAt = earliest(a.acknowledgedAt, b.acknowledgedAt);
  if (acknowledgedAt !== undefined) out.acknowledgedAt = acknowledgedAt;
  return out;
}

/** The same record as far as merging is concerned (index keys and key order aside). */
export function sameChargeRecord(a: ChargeRecord, b: ChargeRecord): boolean {
  const strip = (c: ChargeRecord) => {
    const { watchUntil: _w, lateAlert: _l, ...rest } = c;
    return canonicalJson(rest);
  };
  return strip(a) === strip(b);
}
