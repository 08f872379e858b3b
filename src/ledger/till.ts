/**
 * Till identity: each tablet has a till name (asked at onboarding, editable, unique in the shop)
 * and a random till id (made once, never edited) that every charge and shift close carries, so a
 * shop's tills can share one ledger and still tell their sales apart. Pure.
 */
import { t } from '@lingui/core/macro';
import * as v from 'valibot';

export const TILL_NAME_MAX = 30;

const TILL_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const TillIdSchema = v.pipe(
  v.string(),
  v.regex(TILL_ID_RE, () => t`Not a till id`),
);

/** A new random till id (a v4 UUID). */
export function newTillId(): string {
  return crypto.randomUUID();
}

export function isTillId(value: unknown): value is string {
  return typeof value === 'string' && TILL_ID_RE.test(value);
}

/** How names are compared for uniqueness: trimmed, spaces collapsed, case and accents ignored. */
export function tillNameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** The name as stored: trimmed, inner runs of spaces collapsed. */
export function normalizeTillName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/**
 * Why a till name is refused, or null. `takenNames`: the other tills' names in the shop (from the
 * ledger's till documents; empty without a ledger); this till's own current name must not be in it.
 */
export function tillNameProblem(name: string, takenNames: Iterable<string> = []): string | null {
  const normalized = normalizeTillName(name);
  if (!normalized) return t`Enter a till name`;
  const max = TILL_NAME_MAX;
  if (normalized.length > max) return t`At most ${max} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(normalized)) return t`No control characters`;
  const key = tillNameKey(normalized);
  for (const taken of takenNames) {
    if (tillNameKey(taken) === key) {
      const other = normalizeTillName(taken);
      return t`Another till in this shop is called "${other}"`;
    }
  }
  return null;
}

export const TillNameSchema = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const message = tillNameProblem(dataset.value);
    if (message) addIssue({ message });
  }),
);

/** Who this tablet is, as the ledger needs it. */
export interface TillIdentity {
  tillId: string;
  tillName: string;
}
