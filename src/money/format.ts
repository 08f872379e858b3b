/**
 * Locale display of amounts. Decimal strings go to Intl.NumberFormat as strings (NumberFormat v3
 * formats them exactly), never through Number().
 */
import { formatLocale } from '@/i18n/i18n';
import { isDecimalString, normalizeDecimal } from './decimal';
import { amountOf, isEntryText } from './entry';
import type { EntryStyle } from './entry';

export interface DisplayAsset {
  symbol: string;
  decimals: number;
  isFiat: boolean;
  /** ISO 4217 code for fiat, e.g. 'USD'. */
  currencyCode?: string;
}

const NBSP = '\u00a0';

/**
 * The project's lib (ES2022) types format() for numbers only; the v3 runtime accepts decimal
 * strings, which is the whole point here.
 */
interface ExactNumberFormat {
  format(value: string): string;
  formatToParts(value: string): Intl.NumberFormatPart[];
}

// Formatting runs on every keystroke; a handful of locale/asset combinations are ever live.
const CACHE_LIMIT = 64;
const formatters = new Map<string, ExactNumberFormat>();

function createFormat(locale: string | undefined, options: Intl.NumberFormatOptions): ExactNumberFormat {
  try {
    return new Intl.NumberFormat(locale, options) as unknown as ExactNumberFormat;
  } catch (error) {
    // A malformed locale (e.g. from settings) must not break the amount display.
    if (locale !== undefined && error instanceof RangeError) {
      return new Intl.NumberFormat(undefined, options) as unknown as ExactNumberFormat;
    }
    throw error;
  }
}

/** `locale` defaults to the app's active language (src/i18n). */
function formatter(givenLocale: string | undefined, options: Intl.NumberFormatOptions): ExactNumberFormat {
  const locale = givenLocale ?? formatLocale();
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = createFormat(locale, options);
    if (formatters.size >= CACHE_LIMIT) {
      const oldest = formatters.keys().next();
      if (!oldest.done) formatters.delete(oldest.value);
    }
    formatters.set(key, nf);
  }
  return nf;
}

let knownCurrencies: Set<string> | undefined;

/** The ISO code Intl can format the asset with, or null to fall back to " SYMBOL". */
function intlCurrency(asset: DisplayAsset): string | null {
  if (!asset.isFiat || !asset.currencyCode) return null;
  const code = asset.currencyCode.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return null;
  // Intl accepts any three letters; only codes it knows get a real symbol.
  knownCurrencies ??= new Set(
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [],
  );
  return knownCurrencies.size === 0 || knownCurrencies.has(code) ? code : null;
}

function safeDecimals(decimals: number): number {
  return Number.isInteger(decimals) && decimals > 0 ? Math.min(decimals, 100) : 0;
}

function options(
  currency: string | null,
  minFraction: number,
  maxFraction: number,
): Intl.NumberFormatOptions {
  return currency
    ? { style: 'currency', currency, minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction }
    : { minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction };
}

function withSymbol(formatted: string, currency: string | null, symbol: string): string {
  return currency || !symbol ? formatted : `${formatted}${NBSP}${symbol}`;
}

function requireDecimal(amount: string): void {
  // Showing a garbled amount as 0 would be worse than failing loudly.
  if (!isDecimalString(amount)) throw new RangeError(`Not a decimal string: ${JSON.stringify(amount)}`);
}

function formatFixed(
  amount: string,
  decimals: number,
  asset: DisplayAsset,
  locale: string | undefined,
): string {
  const currency = intlCurrency(asset);
  return withSymbol(
    formatter(locale, options(currency, decimals, decimals)).format(amount),
    currency,
    asset.symbol,
  );
}

/**
 * A settled amount: fiat with the currency's fixed decimals (Intl currency style when the code is
 * known), crypto with trailing zeros trimmed, e.g. "0.0005 BTC".
 */
export function formatAmount(amount: string, asset: DisplayAsset, locale?: string): string {
  requireDecimal(amount);
  const decimals = safeDecimals(asset.decimals);
  if (asset.isFiat) return formatFixed(amount, decimals, asset, locale);
  return withSymbol(formatter(locale, options(null, 0, decimals)).format(amount), null, asset.symbol);
}

/** The locale's decimal separator for this display (currency style may differ from plain). */
function decimalSeparator(locale: string | undefined, currency: string | null): string {
  const parts = formatter(locale, options(currency, 1, 1)).formatToParts('1.1');
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}

/**
 * The big amount display while typing. Register style shows the fixed-decimals amount ("" as
 * 0.00). Decimal style shows exactly what was typed, "12." and "0.50" included, with locale
 * grouping, separator and digits.
 */
export function formatEntry(
  text: string,
  rules: { style: EntryStyle; decimals: number },
  asset: DisplayAsset,
  locale?: string,
): string {
  const decimals = safeDecimals(rules.decimals);
  if (rules.style === 'register') return formatFixed(amountOf(text, rules), decimals, asset, locale);

  // Invalid text displays as nothing typed, matching amountOf's "0".
  const typed = text !== '' && isEntryText(text, rules) ? text : '0';
  const [integer, fraction = ''] = typed.split('.');
  const currency = intlCurrency(asset);
  // Exactly as many fraction digits as typed, so trailing zeros survive.
  const nf = formatter(locale, options(currency, fraction.length, fraction.length));
  let shown: string;
  if (typed.endsWith('.')) {
    // Intl cannot show a bare point: insert the locale's separator after the last integer group.
    const parts = nf.formatToParts(integer);
    const last = parts.map((part) => part.type).lastIndexOf('integer');
    const separator = decimalSeparator(locale, currency);
    shown = parts.map((part, i) => (i === last ? part.value + separator : part.value)).join('');
  } else {
    shown = nf.format(typed);
  }
  return withSymbol(shown, currency, asset.symbol);
}

/**
 * A crypto amount as MixPay gave it (e.g. what a customer paid): locale grouping and separator like
 * fiat, every digit kept (never rounded), trailing zeros trimmed, the symbol once: "0.0005 BTC".
 */
export function formatCrypto(amount: string, symbol: string | undefined, locale?: string): string {
  if (!isDecimalString(amount)) return symbol ? `${amount} ${symbol}` : amount;
  const digits = normalizeDecimal(amount).split('.')[1]?.length ?? 0;
  return formatAmount(amount, { symbol: symbol ?? '', decimals: digits, isFiat: false }, locale);
}
