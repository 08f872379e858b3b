/**
 * Fault injection for `/v1` requests, so tests can exercise the app's error handling. Rules stack:
 * every matching rule adds its latency, and the oldest matching rule with a mode decides how the
 * request is answered. A rule with `count` applies to that many matching requests, then disappears.
 *
 * Modes: http-500 / http-503 (error envelopes), rate-limited (429 + 1429 without using the real
 * budget), drop (socket destroyed, no answer), html-error (502 HTML page from a "gateway"),
 * malformed-json (the real answer cut in half), tamper (payments_result forced to success with one
 * field replaced), flap (payments_result alternating unpaid / success, starting with unpaid),
 * raw-numbers (the real answer, with `quoteAmount` / `paymentAmount` written as JSON number
 * literals instead of strings: their own digits, or the exact literal text given in `raw`, such
 * as `9.99999999999999999` or `1e1`, which no JSON.stringify can produce).
 * tamper and flap only match `/v1/payments_result`; for a trace the sandbox has never seen they
 * answer about a placeholder payment, since the point is to feed the app a result it must not trust.
 */
import { randomUUID } from 'node:crypto';

export const FAULT_MODES = [
  'http-500',
  'http-503',
  'rate-limited',
  'drop',
  'html-error',
  'malformed-json',
  'tamper',
  'flap',
  'raw-numbers',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const TAMPER_FIELDS = ['quoteAmount', 'quoteAssetId', 'payeeId', 'status'] as const;
export type TamperField = (typeof TAMPER_FIELDS)[number];

export const RESULT_PATH = '/v1/payments_result';

/** The fields raw-numbers writes as JSON numbers. */
export const RAW_NUMBER_FIELDS = ['quoteAmount', 'paymentAmount'] as const;
export type RawNumberField = (typeof RAW_NUMBER_FIELDS)[number];

/** JSON's number grammar (RFC 8259), which is what a raw literal must match. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export interface FaultRule {
  id: number;
  path: string | null;
  latencyMs: number;
  jitterMs: number;
  mode: FaultMode | null;
  /** Matching requests left; null = until cleared. */
  remaining: number | null;
  tamper: { field: TamperField; value: string } | null;
  /** raw-numbers: literal JSON text per field; a field not given keeps its own digits. */
  raw: Partial<Record<RawNumberField, string>> | null;
  retryAfterSeconds: number;
  /** How many answers this rule has shaped (flap alternates on it). */
  applied: number;
}

export class FaultInputError extends Error {}

function nonNegativeInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new FaultInputError(`${name} must be a non-negative integer`);
  return n;
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Reads a rule from a control request body (JSON, or a form with `tamperField`/`tamperValue`). */
export function parseFaultRule(body: Record<string, unknown>, id: number): FaultRule {
  const path = body.path === undefined || body.path === '' ? null : body.path;
  if (path !== null && (typeof path !== 'string' || !path.startsWith('/v1'))) {
    throw new FaultInputError('path must start with /v1');
  }
  const mode = body.mode === undefined || body.mode === '' ? null : body.mode;
  if (mode !== null && !isOneOf(FAULT_MODES, mode)) {
    throw new FaultInputError(`mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  let tamper: FaultRule['tamper'] = null;
  const rawTamper =
    body.tamper ??
    (body.tamperField !== undefined ? { field: body.tamperField, value: body.tamperValue } : undefined);
  if (mode === 'tamper') {
    if (typeof rawTamper !== 'object' || rawTamper === null) {
      throw new FaultInputError('tamper mode needs tamper: { field, value }');
    }
    const { field, value } = rawTamper as { field?: unknown; value?: unknown };
    if (!isOneOf(TAMPER_FIELDS, field))
      throw new FaultInputError(`tamper.field must be one of ${TAMPER_FIELDS.join(', ')}`);
    if (typeof value !== 'string') throw new FaultInputError('tamper.value must be a string');
    tamper = { field, value };
  }
  let raw: FaultRule['raw'] = null;
  if (mode === 'raw-numbers') {
    raw = {};
    const rawInput = body.raw ?? {};
    if (typeof rawInput !== 'object' || rawInput === null || Array.isArray(rawInput)) {
      throw new FaultInputError('raw must be { quoteAmount?, paymentAmount? } of JSON number literals');
    }
    for (const [field, value] of Object.entries(rawInput)) {
      if (!isOneOf(RAW_NUMBER_FIELDS, field)) {
        throw new FaultInputError(`raw fields are ${RAW_NUMBER_FIELDS.join(', ')}`);
      }
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !JSON_NUMBER.test(text)) {
        throw new FaultInputError(
          `raw.${field} must be the text of a JSON number, e.g. "9.99999999999999999"`,
        );
      }
      raw[field] = text;
    }
  }
  const count = body.count === undefined || body.count === '' ? null : nonNegativeInt(body.count, 'count', 0);
  if (count === 0) throw new FaultInputError('count must be at least 1 (omit it to apply until cleared)');
  return {
    id,
    path,
    latencyMs: nonNegativeInt(body.latencyMs, 'latencyMs', 0),
    jitterMs: nonNegativeInt(body.jitterMs, 'jitterMs', 0),
    mode,
    remaining: count,
    tamper,
    raw,
    retryAfterSeconds: nonNegativeInt(body.retryAfterSeconds, 'retryAfterSeconds', 2),
    applied: 0,
  };
}

export interface FaultDecision {
  delayMs: number;
  rule: FaultRule | null;
}

export class FaultSet {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(body: Record<string, unknown>): FaultRule {
    const rule = parseFaultRule(body, this.nextId);
    this.nextId += 1;
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Picks the rules for one request and uses up their counts. */
  take(path: string, random: () => number = Math.random): FaultDecision {
    let delayMs = 0;
    let chosen: FaultRule | null = null;
    for (const rule of this.rules) {
      if (!path.startsWith(rule.path ?? '/v1')) continue;
      if ((rule.mode === 'tamper' || rule.mode === 'flap') && path !== RESULT_PATH) continue;
      if (rule.mode !== null && chosen !== null) continue;
      delayMs += rule.latencyMs + Math.floor(random() * rule.jitterMs);
      if (rule.mode !== null) chosen = rule;
      rule.applied += 1;
      if (rule.remaining !== null) rule.remaining -= 1;
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return { delayMs, rule: chosen ? { ...chosen } : null };
  }
}

/** Rewrites a payments_result `data` as the tamper or flap rule says. */
export function shapeResult(data: Record<string, unknown>, rule: FaultRule): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data, confirmations: -1, failureCode: '0', failureReason: '' };
  if (rule.mode === 'flap') {
    // `applied` was counted before this answer: 1st answer unpaid, 2nd success, ...
    out.status = rule.applied % 2 === 1 ? 'unpaid' : 'success';
    return out;
  }
  out.status = 'success';
  if (rule.tamper) out[rule.tamper.field] = rule.tamper.value;
  return out;
}

/**
 * The JSON text of an envelope whose `data.quoteAmount` / `data.paymentAmount` (and every
 * `data.transactions[].paymentAmount`) are number literals: `raw`'s exact text where given, else
 * the field's own decimal digits ("10.00" stays 10.00). Values that are not plain decimals (e.g.
 * "" while the payer has not chosen an asset) stay strings unless `raw` says otherwise.
 */
export function rawNumberJson(
  envelope: { data: unknown } & Record<string, unknown>,
  raw: Partial<Record<RawNumberField, string>>,
): string {
  const marker = `__sandbox_raw_${randomUUID()}_`;
  const literals: string[] = [];
  const literal = (value: unknown, override: string | undefined): unknown => {
    const text = override ?? (typeof value === 'string' && JSON_NUMBER.test(value) ? value : null);
    if (text === null) return value;
    literals.push(text);
    return `${marker}${literals.length - 1}`;
  };
  const { data } = envelope;
  let shaped: unknown = data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const field of RAW_NUMBER_FIELDS) {
      if (field in copy || raw[field] !== undefined) copy[field] = literal(copy[field], raw[field]);
    }
    if (Array.isArray(copy.transactions)) {
      copy.transactions = copy.transactions.map((t: unknown) =>
        typeof t === 'object' && t !== null && 'paymentAmount' in t
          ? { ...t, paymentAmount: literal((t as { paymentAmount: unknown }).paymentAmount, undefined) }
          : t,
      );
    }
    shaped = copy;
  }
  const text = JSON.stringify({ ...envelope, data: shaped });
  return text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), (_, i: string) => literals[Number(i)] ?? 'null');
}
