/**
 * The owner's settings as stored on the device. Versioned: a stored record of an older version is
 * migrated on read, and every field is validated on read as well as on write, so a corrupted or
 * hand-edited record can never send money to a malformed payee.
 */
import { t } from '@lingui/core/macro';
import * as v from 'valibot';
import { isPercent } from '@/money/totals';
import { LANGUAGES } from '@/i18n/i18n';
import type { PinHash as StoredPinHash } from './pin';

/**
 * 3 added `shiftCloseNeedsPin` (on for every till upgraded from 2); 4 added tips (off until the
 * owner turns them on), discounts (on) and the receipt paper width (80 mm); 5 added the till's
 * identity (a random till id made once, a till name) and the shop ledger (none until the owner
 * sets one). `soundsEnabled` came without a new version: a record without it (every one written
 * before it) reads as sounds on, which is what the till did until then; so did `language` (absent:
 * the browser's language, as before it).
 *
 * Validation messages are functions (Lingui's `t` inside): the owner reads them in the language
 * active when the settings are saved, not in the one active when this module was loaded.
 */
export const SETTINGS_VERSION = 5;

/** A new till's name until the owner gives it one: "Till" and the start of its id ("Till 3F9A"). */
export function defaultTillName(tillId: string): string {
  // Stored data, not a message: made at start-up, before the language is known, and shared with
  // the shop's other tills; the owner renames it.
  // eslint-disable-next-line lingui/no-unlocalized-strings -- a stored default name (see above)
  return `Till ${tillId.replace(/-/g, '').slice(0, 4).toUpperCase()}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Lower-case, dashed form; accepts upper case and the 32-hex form without dashes. */
export function normalizeUuid(value: string): string | null {
  const hex = value.trim().toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID_RE.test(dashed) ? dashed : null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a MixPay API or checkout URL is refused (words: serviceUrlProblem). */
export type ServiceUrlIssue = 'not-http' | 'query-or-hash' | 'credentials' | 'not-https';

/**
 * Why a MixPay API or checkout URL is refused, or null when it is fine. Links and API paths are
 * appended to these URLs, so anything after the path would break them: a `?` or `#` (even an empty
 * one, e.g. `https://x/#` builds `https://x/#/pay?…`, which never opens the payment page) is
 * refused. So are user names and passwords, and schemes other than https; plain http only for this
 * device (localhost, 127.0.0.1, [::1]) and for the app's own origin (a sandbox build served over
 * http talks to its sandbox on that same origin: no downgrade). Relative values such as the sandbox
 * build's `/sandbox/v1` are resolved against the page before they are stored (defaultSettings).
 */
export function serviceUrlIssue(
  value: string,
  appOrigin: string | undefined = globalThis.location?.origin,
): ServiceUrlIssue | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not-http';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not-http';
  // The URL parser forgets an empty "?" or "#", so look at the text as typed.
  if (value.includes('?') || value.includes('#')) return 'query-or-hash';
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(value.trim())?.[1] ?? '';
  if (url.username || url.password || authority.includes('@')) return 'credentials';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && url.origin !== appOrigin) {
    return 'not-https';
  }
  return null;
}

/** A refused URL's issue in words (the active language). */
export function serviceUrlIssueText(issue: ServiceUrlIssue): string {
  switch (issue) {
    case 'not-http':
      return t`Must be an http(s) URL`;
    case 'query-or-hash':
      return t`No ? or # part allowed`;
    case 'credentials':
      return t`No user name or password allowed`;
    case 'not-https':
      return t`Must use https (http only for localhost)`;
  }
}

/** serviceUrlIssue in words, or null when the URL is fine. */
export function serviceUrlProblem(
  value: string,
  appOrigin: string | undefined = globalThis.location?.origin,
): string | null {
  const issue = serviceUrlIssue(value, appOrigin);
  return issue && serviceUrlIssueText(issue);
}

export function isHttpUrl(value: string): boolean {
  return serviceUrlIssue(value) === null;
}

const uuidOrEmpty = v.union([
  v.literal(''),
  v.pipe(
    v.string(),
    v.regex(UUID_RE, () => t`Not a UUID`),
  ),
]);
const httpUrl = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = serviceUrlProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

export const PinHashSchema = v.object({
  // eslint-disable-next-line lingui/no-unlocalized-strings -- an algorithm's name, not words
  algorithm: v.literal('PBKDF2-SHA-256'),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(10_000)),
  salt: v.pipe(v.string(), v.minLength(16)),
  hash: v.pipe(v.string(), v.minLength(32)),
});
export type PinHash = v.InferOutput<typeof PinHashSchema>;
// The schema and ./pin.ts's type must not drift apart: this fails to compile if they do.
const _samePin: (p: PinHash) => StoredPinHash = (p) => p;
const _samePinBack: (p: StoredPinHash) => PinHash = (p) => p;
void _samePin;
void _samePinBack;

/**
 * The till's identity and the shop ledger, checked on every read here with the few rules that keep
 * a stored value usable (a UUID, a name, an http(s) URL that is https unless on this device). The
 * owner's input is checked in full when it is saved (onboarding, the settings screen: the ledger
 * feature's tillNameProblem and parseLedgerConfig), and the ledger's connection again before it is
 * used (LedgerConfigSchema, in the lazily loaded runner). This module is in the app's first
 * download, the ledger's rules are not.
 */
const TILL_NAME_LIMIT = 30; // TILL_NAME_MAX in src/ledger/till.ts
const TillIdSchema = v.pipe(
  v.string(),
  v.regex(UUID_RE, () => t`Not a till id`),
);
const TillNameSchema = v.pipe(
  v.string(),
  v.check(
    (name) => name.trim().length > 0,
    () => t`Enter a till name`,
  ),
  v.maxLength(TILL_NAME_LIMIT, () => t`At most ${TILL_NAME_LIMIT} characters`),
);
const LedgerSchema = v.nullable(
  v.object({
    url: httpUrl,
    user: v.pipe(
      v.string(),
      v.minLength(1, () => t`Enter the ledger user`),
    ),
    password: v.pipe(
      v.string(),
      v.minLength(1, () => t`Enter the ledger password`),
    ),
  }),
);

export const ENTRY_STYLES = ['auto', 'register', 'decimal'] as const;
export const RECEIPT_PAPERS = ['58mm', '80mm'] as const;
export const DEFAULT_TIP_PERCENTS = ['10', '15', '20'];
export const LINK_MODES = ['one-time', 'paylink'] as const;
/** The Language setting: a language (src/i18n/i18n.ts's LANGUAGES) or the browser's ('auto'). */
export const LANGUAGE_SETTINGS = ['auto', ...LANGUAGES] as const;

export const SettingsSchema = v.object({
  version: v.literal(SETTINGS_VERSION),
  payeeId: uuidOrEmpty,
  settlementAssetId: uuidOrEmpty,
  strictMode: v.boolean(),
  defaultQuoteAssetId: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9-]{2,36}$/, () => t`Not an asset id`),
  ),
  entryStyle: v.picklist(ENTRY_STYLES),
  paymentWindowMinutes: v.pipe(
    v.number(),
    v.integer(() => t`Whole minutes only`),
    v.minValue(1, () => t`At least 1 minute`),
    v.maxValue(2880, () => t`At most 2880 minutes (48 hours)`),
  ),
  shopName: v.pipe(
    v.string(),
    v.maxLength(40, () => t`At most 40 characters`),
  ),
  linkMode: v.picklist(LINK_MODES),
  apiUrl: httpUrl,
  checkoutUrl: httpUrl,
  pin: v.nullable(PinHashSchema),
  /** "Close shift" asks for the owner PIN. */
  shiftCloseNeedsPin: v.boolean(),
  /** After Charge, the customer is asked for a tip ("Add a tip?"). */
  tipsEnabled: v.boolean(),
  /** The tip buttons: up to three percentages (0 < p ≤ 100, two decimals at most). */
  tipPercents: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.check(isPercent, () => t`A percentage from 0.01 to 100`),
      ),
    ),
    v.maxLength(3, () => t`At most three tip percentages`),
  ),
  /** The keypad offers "Discount". */
  discountsEnabled: v.boolean(),
  /** Thermal paper width for "Print receipt" and printed shift reports. */
  receiptPaper: v.picklist(RECEIPT_PAPERS),
  /**
   * "Play sounds": a tone when a charge ends. Optional so that a record (or a test's settings)
   * from before it still reads: absent is on (defaults and readStoredSettings fill it in).
   */
  soundsEnabled: v.optional(v.boolean()),
  /**
   * "Language": the app's language, or the browser's ('auto'). Optional like soundsEnabled: absent
   * (a record from before it) is 'auto', what the till did until then.
   */
  language: v.optional(v.picklist(LANGUAGE_SETTINGS)),
  /** This till's random id (made once, never edited): every charge it makes carries it. */
  tillId: TillIdSchema,
  /** This till's name (unique in the shop; checked against the ledger's other tills on save). */
  tillName: TillNameSchema,
  /** The shop ledger (CouchDB): URL, user, password; null: none (the app loads none of it). */
  ledger: LedgerSchema,
});
export type Settings = v.InferOutput<typeof SettingsSchema>;
export type SettingsField = Exclude<keyof Settings, 'version'>;

/** Build-time defaults; relative URLs (the sandbox build) resolve against the page's origin. */
export function defaultSettings(
  origin: string = globalThis.location?.origin ?? 'http://localhost',
): Settings {
  const api = import.meta.env.VITE_MIXPAY_API_URL || 'https://api.mixpay.me/v1';
  const checkout = import.meta.env.VITE_MIXPAY_CHECKOUT_URL || 'https://mixpay.me';
  const tillId = crypto.randomUUID();
  return {
    version: SETTINGS_VERSION,
    payeeId: '',
    settlementAssetId: '',
    strictMode: false,
    defaultQuoteAssetId: 'usd',
    entryStyle: 'auto',
    paymentWindowMinutes: 15,
    shopName: '',
    linkMode: 'one-time',
    apiUrl: new URL(api, origin).href.replace(/\/+$/, ''),
    checkoutUrl: new URL(checkout, origin).href.replace(/\/+$/, ''),
    pin: null,
    shiftCloseNeedsPin: true,
    tipsEnabled: false,
    tipPercents: [...DEFAULT_TIP_PERCENTS],
    discountsEnabled: true,
    receiptPaper: '80mm',
    soundsEnabled: true,
    language: 'auto',
    tillId,
    tillName: defaultTillName(tillId),
    ledger: null,
  };
}

/** Version 1 (the first release): no entry style, link mode, URLs or PIN; `quoteAssetId` renamed since. */
const SettingsV1Schema = v.object({
  version: v.literal(1),
  payeeId: v.optional(v.string()),
  settlementAssetId: v.optional(v.string()),
  quoteAssetId: v.optional(v.string()),
  shopName: v.optional(v.string()),
  paymentWindowSeconds: v.optional(v.number()),
});

/**
 * Reads anything found in storage into valid current settings: migrates old versions, then keeps
 * each valid field and resets each invalid one to its default (an invalid payee becomes "not set",
 * which sends the app back to onboarding rather than charging to a wrong account).
 */
export function readStoredSettings(
  raw: unknown,
  defaults: Settings,
): { settings: Settings; repaired: SettingsField[] } {
  let candidate: Record<string, unknown> = {};
  const v1 = v.safeParse(SettingsV1Schema, raw);
  if (v1.success) {
    const old = v1.output;
    candidate = {
      version: SETTINGS_VERSION,
      payeeId: old.payeeId !== undefined ? (normalizeUuid(old.payeeId) ?? old.payeeId) : undefined,
      settlementAssetId: old.settlementAssetId,
      defaultQuoteAssetId: old.quoteAssetId?.toLowerCase(),
      shopName: old.shopName,
      paymentWindowMinutes:
        old.paymentWindowSeconds !== undefined
          ? Math.max(1, Math.round(old.paymentWindowSeconds / 60))
          : undefined,
    };
  } else if (raw && typeof raw === 'object') {
    candidate = { ...(raw as Record<string, unknown>), version: SETTINGS_VERSION };
    const version = (raw as { version?: unknown }).version;
    // Version 2 → 3: closing a shift needs the PIN unless the owner turns it off.
    if (version === 2) candidate.shiftCloseNeedsPin = true;
    // Version 3 → 4 (and older): no tips until the owner turns them on; discounts allowed;
    // 80 mm receipts. Fields a record already has are kept.
    if (typeof version === 'number' && version < 4) {
      candidate.tipsEnabled ??= false;
      candidate.tipPercents ??= [...DEFAULT_TIP_PERCENTS];
      candidate.discountsEnabled ??= true;
      candidate.receiptPaper ??= '80mm';
    }
  }
  const settings: Settings = { ...defaults };
  const repaired: SettingsField[] = [];
  const shape = SettingsSchema.entries;
  for (const key of Object.keys(shape) as (keyof Settings)[]) {
    if (key === 'version' || !(key in candidate) || candidate[key] === undefined) continue;
    const parsed = v.safeParse(shape[key], candidate[key]);
    if (parsed.success) (settings as Record<string, unknown>)[key] = parsed.output;
    else repaired.push(key);
  }
  // Version 4 → 5 (and older): a till id is made (the defaults' fresh one) and the till is named
  // after it; no ledger. A record whose id is kept but whose name is not gets the name of its id.
  if (settings.tillId !== defaults.tillId && settings.tillName === defaults.tillName) {
    settings.tillName = defaultTillName(settings.tillId);
  }
  return { settings, repaired };
}

export class SettingsValidationError extends Error {
  constructor(readonly fields: Partial<Record<SettingsField, string>>) {
    super(
      Object.entries(fields)
        .map(([k, m]) => `${k}: ${m}`)
        .join('; '),
    );
    this.name = 'SettingsValidationError';
  }
}

export function validateSettings(candidate: Settings): Settings {
  const parsed = v.safeParse(SettingsSchema, candidate);
  if (parsed.success) return parsed.output;
  const fields: Partial<Record<SettingsField, string>> = {};
  for (const issue of parsed.issues) {
    const key = issue.path?.[0]?.key as SettingsField | undefined;
    if (key && !fields[key]) fields[key] = issue.message;
  }
  throw new SettingsValidationError(fields);
}
