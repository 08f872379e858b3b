/**
 * Exact decimal arithmetic on strings. Money never becomes a JS number here: a decimal string is
 * parsed into a BigInt of units plus a scale (number of fraction digits), so "10" and "10.00"
 * compare equal and 0.1 + 0.2 is exactly 0.3.
 */

const DECIMAL_RE = /^-?(\d+)(\.(\d+))?$/;

export interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

/** A plain decimal string: optional minus, digits, optional fraction. No exponent, no spaces. */
export function isDecimalString(value: string): boolean {
  return DECIMAL_RE.test(value);
}

export function parseDecimal(value: string): Decimal {
  const match = DECIMAL_RE.exec(value);
  if (!match) throw new RangeError(`Not a decimal string: ${JSON.stringify(value)}`);
  const fraction = match[3] ?? '';
  const negative = value.startsWith('-');
  const digits = BigInt(match[1] + fraction);
  return { units: negative ? -digits : digits, scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  const scale = Math.max(da.scale, db.scale);
  const ua = rescale(da, scale);
  const ub = rescale(db, scale);
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

export function decimalEquals(a: string, b: string): boolean {
  return compareDecimal(a, b) === 0;
}

/** Canonical form: no leading zeros, no trailing fraction zeros, "-0" becomes "0". */
export function normalizeDecimal(value: string): string {
  return formatUnits(parseDecimal(value));
}

export function formatUnits({ units, scale }: Decimal): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  let result = digits;
  if (scale > 0) {
    const intPart = digits.slice(0, -scale);
    const fracPart = digits.slice(-scale).replace(/0+$/, '');
    result = fracPart ? `${intPart}.${fracPart}` : intPart;
  }
  digits = result;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** Fixed number of fraction digits, padding with zeros (never rounds: more digits is an error). */
export function toFixedDecimal(value: string, fractionDigits: number): string {
  const d = parseDecimal(normalizeDecimal(value));
  if (d.scale > fractionDigits) throw new RangeError(`${value} has more than ${fractionDigits} decimals`);
  const units = rescale(d, fractionDigits);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(fractionDigits + 1, '0');
  const out =
    fractionDigits > 0 ? `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}` : digits;
  return negative ? `-${out}` : out;
}

export function addDecimal(a: string, b: string): string {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  const scale = Math.max(da.scale, db.scale);
  return formatUnits({ units: rescale(da, scale) + rescale(db, scale), scale });
}

export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, negateDecimal(b));
}

export function negateDecimal(a: string): string {
  const d = parseDecimal(a);
  return formatUnits({ units: -d.units, scale: d.scale });
}

export function multiplyDecimal(a: string, b: string): string {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  return formatUnits({ units: da.units * db.units, scale: da.scale + db.scale });
}

export type Rounding = 'down' | 'up' | 'half-up';

/** Rounds to at most `fractionDigits` decimals. 'down'/'up' go toward/away from zero. */
export function roundDecimal(value: string, fractionDigits: number, mode: Rounding = 'half-up'): string {
  const d = parseDecimal(value);
  if (d.scale <= fractionDigits) return formatUnits(d);
  const divisor = 10n ** BigInt(d.scale - fractionDigits);
  const negative = d.units < 0n;
  const abs = negative ? -d.units : d.units;
  let q = abs / divisor;
  const r = abs % divisor;
  if (r !== 0n && (mode === 'up' || (mode === 'half-up' && r * 2n >= divisor))) q += 1n;
  return formatUnits({ units: negative ? -q : q, scale: fractionDigits });
}

/** a / b rounded to `fractionDigits` decimals. */
export function divideDecimal(
  a: string,
  b: string,
  fractionDigits: number,
  mode: Rounding = 'half-up',
): string {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  if (db.units === 0n) throw new RangeError('Division by zero');
  const negative = da.units < 0n !== db.units < 0n;
  const numerator = (da.units < 0n ? -da.units : da.units) * 10n ** BigInt(db.scale + fractionDigits);
  const denominator = (db.units < 0n ? -db.units : db.units) * 10n ** BigInt(da.scale);
  let q = numerator / denominator;
  const r = numerator % denominator;
  if (r !== 0n && (mode === 'up' || (mode === 'half-up' && r * 2n >= denominator))) q += 1n;
  return formatUnits({ units: negative ? -q : q, scale: fractionDigits });
}

export function isZeroDecimal(value: string): boolean {
  return parseDecimal(value).units === 0n;
}

/** Number of fraction digits as written ("1.50" → 2). */
export function fractionDigitsOf(value: string): number {
  return parseDecimal(value).scale;
}
