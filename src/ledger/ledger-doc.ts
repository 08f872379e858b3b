/**
 * What the shop ledger (CouchDB) holds, and how journal records map to it. Pure.
 *
 *   charge:<traceId>            { type: 'charge', v: 1, tillId, charge: ChargeRecord & { tillId } }
 *   shift:<tillId>:<closedAt>   { type: 'shift', v: 1, tillId, closedAt, scope, report? }
 *   till:<tillId>               { type: 'till', v: 1, tillId, name, seenAt }
 *
 * One document per charge, its _id from the traceId, so the same sale made known by two tills is
 * one document (never a duplicate), and two versions of it are CouchDB conflicts that
 * resolveLeaves settles by the lifecycle's order (src/lifecycle/resolve-revisions.ts).
 *
 * A charge document carries the record as the journal keeps it, less the journal's index keys
 * (watchUntil, lateAlert: derived again on every journal write) and with the till that made the
 * sale: records from before till identity have no tillId and are this till's own, so the till
 * that pushes one stamps its own id. Nothing else goes in: no credentials, no settings.
 *
 * Documents are built with their keys sorted (at every depth): PouchDB's revision ids hash the
 * document as written, so two tills writing the same content on the same parent revision make the
 * same revision, and a conflict both of them settle does not come back as a new one.
 */
import * as v from 'valibot';
import { ChargeRecordSchema, ShiftCloseSchema } from '@/journal/backup-schema';
import type { ChargeRecord, ShiftRecord } from '@/journal/journal';
import { canonicalJson } from '@/lifecycle/merge';
import { resolveChargeRevisions } from '@/lifecycle/resolve-revisions';
import { isTillId } from './till';

export const LEDGER_DOC_VERSION = 1;

/** A charge as the ledger holds it: always with the till that made it. */
export type LedgerCharge = ChargeRecord & { tillId: string; tillName?: string };

export interface ChargeDoc {
  _id: string;
  type: 'charge';
  v: typeof LEDGER_DOC_VERSION;
  tillId: string;
  charge: LedgerCharge;
}

/** `shop`: closed for the whole shop (every till closes its own shift at closedAt when it hears). */
export type ShiftScope = 'till' | 'shop';

export interface ShiftDoc {
  _id: string;
  type: 'shift';
  v: typeof LEDGER_DOC_VERSION;
  tillId: string;
  closedAt: number;
  scope: ShiftScope;
  report?: ShiftRecord['report'];
}

/** A till's card: its name (for "unique in the shop" and the views) and when it was last heard of. */
export interface TillDoc {
  _id: string;
  type: 'till';
  v: typeof LEDGER_DOC_VERSION;
  tillId: string;
  name: string;
  seenAt: number;
}

export type LedgerDoc = ChargeDoc | ShiftDoc | TillDoc;

/** The revision fields a stored document comes with. */
export interface RevFields {
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
}

const CHARGE_PREFIX = 'charge:';
const SHIFT_PREFIX = 'shift:';
const TILL_PREFIX = 'till:';

export const chargeDocId = (traceId: string) => `${CHARGE_PREFIX}${traceId}`;
export const shiftDocId = (tillId: string, closedAt: number) => `${SHIFT_PREFIX}${tillId}:${closedAt}`;
export const tillDocId = (tillId: string) => `${TILL_PREFIX}${tillId}`;

/** The traceId of a charge document's _id, or null for any other document. */
export function traceIdOfDocId(id: string): string | null {
  return id.startsWith(CHARGE_PREFIX) && id.length > CHARGE_PREFIX.length
    ? id.slice(CHARGE_PREFIX.length)
    : null;
}

export function docKind(id: string): LedgerDoc['type'] | null {
  if (id.startsWith(CHARGE_PREFIX)) return 'charge';
  if (id.startsWith(SHIFT_PREFIX)) return 'shift';
  if (id.startsWith(TILL_PREFIX)) return 'till';
  return null;
}

/** A deep copy with every object's keys sorted and undefined values left out. */
export function sortedKeys<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}

/** The journal's derived keys, which never travel. */
function withoutIndexKeys(record: ChargeRecord): ChargeRecord {
  const { watchUntil: _w, lateAlert: _l, ...rest } = record;
  return rest;
}

/** The record as the ledger sees it: index keys left out, a record without a till is `tillId`'s. */
export function ledgerCharge(record: ChargeRecord, ownTillId: string): LedgerCharge {
  const rest = withoutIndexKeys(record) as LedgerCharge;
  return isTillId(rest.tillId) ? rest : { ...rest, tillId: ownTillId };
}

/** A journal record → its ledger document (no _rev). */
export function chargeToDoc(record: ChargeRecord, ownTillId: string): ChargeDoc {
  const charge = ledgerCharge(record, ownTillId);
  return sortedKeys({
    _id: chargeDocId(charge.traceId),
    type: 'charge',
    v: LEDGER_DOC_VERSION,
    tillId: charge.tillId,
    charge,
  });
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * A ledger document → the charge it carries, or null when it is not a well-formed charge document
 * (another app's document, a damaged one). Fields this version does not know are kept, so a till
 * running an older version never strips what a newer one wrote.
 */
export function chargeFromDoc(doc: unknown): LedgerCharge | null {
  if (!isObject(doc) || doc.type !== 'charge' || doc._deleted) return null;
  const charge = doc.charge;
  if (!isObject(charge) || typeof charge.traceId !== 'string') return null;
  if (doc._id !== chargeDocId(charge.traceId)) return null;
  if (!isTillId(charge.tillId) || charge.tillId !== doc.tillId) return null;
  if (!v.safeParse(ChargeRecordSchema, charge).success) return null;
  return withoutIndexKeys(sortedKeys(charge) as unknown as ChargeRecord) as LedgerCharge;
}

/** A journal shift close → its ledger document (no _rev). */
export function shiftToDoc(shift: ShiftRecord, tillId: string, scope: ShiftScope = 'till'): ShiftDoc {
  return sortedKeys({
    _id: shiftDocId(tillId, shift.closedAt),
    type: 'shift',
    v: LEDGER_DOC_VERSION,
    tillId,
    closedAt: shift.closedAt,
    scope,
    report: shift.report,
  });
}

export function shiftFromDoc(doc: unknown): ShiftDoc | null {
  if (!isObject(doc) || doc.type !== 'shift' || doc._deleted) return null;
  if (!isTillId(doc.tillId) || typeof doc.closedAt !== 'number') return null;
  if (doc._id !== shiftDocId(doc.tillId, doc.closedAt)) return null;
  if (doc.scope !== 'till' && doc.scope !== 'shop') return null;
  if (!v.safeParse(ShiftCloseSchema, { closedAt: doc.closedAt, report: doc.report }).success) return null;
  return stripRevFields(doc) as unknown as ShiftDoc;
}

/** The journal's shift close a shift document stands for. */
export function shiftRecordOf(doc: ShiftDoc): ShiftRecord {
  return doc.report ? { closedAt: doc.closedAt, report: doc.report } : { closedAt: doc.closedAt };
}

export function tillToDoc(till: { tillId: string; tillName: string }, seenAt: number): TillDoc {
  return sortedKeys({
    _id: tillDocId(till.tillId),
    type: 'till',
    v: LEDGER_DOC_VERSION,
    tillId: till.tillId,
    name: till.tillName,
    seenAt,
  });
}

export function tillFromDoc(doc: unknown): TillDoc | null {
  if (!isObject(doc) || doc.type !== 'till' || doc._deleted) return null;
  if (!isTillId(doc.tillId) || doc._id !== tillDocId(doc.tillId)) return null;
  if (typeof doc.name !== 'string' || typeof doc.seenAt !== 'number') return null;
  return stripRevFields(doc) as unknown as TillDoc;
}

/** The document without _rev, _conflicts, _revisions and the like (its content), keys sorted. */
export function stripRevFields(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '_id' || !key.startsWith('_')) out[key] = value;
  }
  return sortedKeys(out);
}

/** Same content (revision fields and key order aside). */
export function sameDocContent(a: object, b: object): boolean {
  return (
    canonicalJson(stripRevFields(a as Record<string, unknown>)) ===
    canonicalJson(stripRevFields(b as Record<string, unknown>))
  );
}

/**
 * The leaves of one document's revision tree (the winning revision and its conflicts, in any
 * order) → the content every copy should hold, or null when none of them can be read. Charges by
 * the lifecycle's merge; a shift close is the shop's when any leaf says so and keeps a report when
 * any leaf has one; a till's card is its latest. Leaves that cannot be read are left out.
 */
export function resolveLeaves(leaves: readonly unknown[]): LedgerDoc | null {
  const id = leaves.find(isObject)?._id;
  if (typeof id !== 'string') return null;
  switch (docKind(id)) {
    case 'charge': {
      const charges = leaves.map(chargeFromDoc).filter((c): c is LedgerCharge => c !== null);
      if (!charges.length) return null;
      const merged = resolveChargeRevisions(charges) as LedgerCharge;
      return chargeToDoc(merged, merged.tillId);
    }
    case 'shift': {
      const shifts = leaves.map(shiftFromDoc).filter((s): s is ShiftDoc => s !== null);
      if (!shifts.length) return null;
      const withReport = shifts
        .filter((s) => s.report)
        .map((s) => canonicalJson(s.report))
        .sort();
      const base = shifts[0];
      return sortedKeys({
        ...base,
        scope: shifts.some((s) => s.scope === 'shop') ? 'shop' : 'till',
        report: withReport.length
          ? (JSON.parse(withReport[withReport.length - 1]) as ShiftDoc['report'])
          : undefined,
      });
    }
    case 'till': {
      const tills = leaves.map(tillFromDoc).filter((t): t is TillDoc => t !== null);
      if (!tills.length) return null;
      return tills.reduce((a, b) =>
        a.seenAt !== b.seenAt ? (a.seenAt > b.seenAt ? a : b) : canonicalJson(a) >= canonicalJson(b) ? a : b,
      );
    }
    default:
      return null;
  }
}

/** A document write as PouchDB's bulkDocs takes it. */
export type DocWrite = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };

/**
 * The writes that settle a document: `resolved` over the winning revision when its content differs
 * (or when `winning` is a deletion), and a deletion of each losing leaf. Keys sorted, so two tills
 * settling the same conflict make the same revisions. Empty when there is nothing to do.
 */
export function settleWrites(
  winning: { _id: string; _rev: string; _deleted?: boolean } & Record<string, unknown>,
  losingRevs: readonly string[],
  resolved: LedgerDoc | null,
): DocWrite[] {
  const writes: DocWrite[] = [];
  if (resolved && (winning._deleted || !sameDocContent(resolved, winning))) {
    writes.push(
      sortedKeys({
        ...stripRevFields(resolved as unknown as Record<string, unknown>),
        _rev: winning._rev,
      }) as DocWrite,
    );
  }
  for (const rev of [...losingRevs].sort()) {
    writes.push(sortedKeys({ _id: winning._id, _rev: rev, _deleted: true }));
  }
  return writes;
}
