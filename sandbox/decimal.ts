/**
 * The sandbox's own exact decimal arithmetic on plain decimal strings ("12.30", "-0.5"), written
 * separately from the app's money code so that a bug there cannot hide behind the same bug here.
 * A value is a BigInt coefficient and a count of fraction digits: value = coef / 10^digits.
 */

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

interface Fixed {
  coef: bigint;
  digits: number;
}

export type Rounding = 'down' | 'up' | 'half-up';

/** Optional minus, digits, optional "." and digits. No exponent, no "+", no spaces, no ".5". */
export function isDecimalString(value: string): boolean {
  return PLAIN.test(value);
}

function read(value: string): Fixed {
  const m = PLAIN.exec(value);
  if (!m) throw new RangeError(`sandbox decimal: not a plain decimal: ${JSON.stringify(value)}`);
  const fraction = m[3] ?? '';
  const magnitude = BigInt(`${m[2]}${fraction}`);
  return { coef: m[1] === '-' ? -magnitude : magnitude, digits: fraction.length };
}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Both coefficients over the same number of fraction digits. */
function common(a: Fixed, b: Fixed): [bigint, bigint, number] {
  const digits = a.digits > b.digits ? a.digits : b.digits;
  return [a.coef * pow10(digits - a.digits), b.coef * pow10(digits - b.digits), digits];
}

/** Shortest form: no trailing fraction zeros, no "-0". */
function write({ coef, digits }: Fixed): string {
  const negative = coef < 0n;
  const abs = (negative ? -coef : coef).toString();
  let out: string;
  if (digits === 0) {
    out = abs;
  } else {
    const padded = abs.length <= digits ? '0'.repeat(digits - abs.length + 1) + abs : abs;
    const whole = padded.slice(0, padded.length - digits);
    const fraction = padded.slice(padded.length - digits).replace(/0+$/, '');
    out = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative && out !== '0' ? `-${out}` : out;
}

export function normalizeDecimal(value: string): string {
  return write(read(value));
}

/** Fraction digits of the shortest form ("1.50" → 1, "10" → 0). */
export function fractionDigits(value: string): number {
  const normalized = normalizeDecimal(value);
  const dot = normalized.indexOf('.');
  return dot < 0 ? 0 : normalized.length - dot - 1;
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = common(read(a), read(b));
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

export function decimalEquals(a: string, b: string): boolean {
  return compareDecimal(a, b) === 0;
}

export function addDecimal(a: string, b: string): string {
  const [x, y, digits] = common(read(a), read(b));
  return write({ coef: x + y, digits });
}

export function subtractDecimal(a: string, b: string): string {
  const [x, y, digits] = common(read(a), read(b));
  return write({ coef: x - y, digits });
}

export function multiplyDecimal(a: string, b: string): string {
  const x = read(a);
  const y = read(b);
  return write({ coef: x.coef * y.coef, digits: x.digits + y.digits });
}

/** The larger of two decimals (as written, first one on a tie). */
export function maxDecimal(a: string, b: string): string {
  return compareDecimal(a, b) >= 0 ? a : b;
}

/** Integer division of non-negative numerator by positive denominator, rounded as asked. */
function roundedQuotient(numerator: bigint, denominator: bigint, mode: Rounding): bigint {
  const q = numerator / denominator;
  const r = numerator % denominator;
  if (r === 0n) return q;
  if (mode === 'up') return q + 1n;
  if (mode === 'half-up' && 2n * r >= denominator) return q + 1n;
  return q;
}

/** a / b with `digits` fraction digits; 'down'/'up' round toward/away from zero. */
export function divideDecimal(a: string, b: string, digits: number, mode: Rounding = 'half-up'): string {
  const x = read(a);
  const y = read(b);
  if (y.coef === 0n) throw new RangeError('sandbox decimal: division by zero');
  // a/b = (x.coef / 10^x.digits) / (y.coef / 10^y.digits); scaled by 10^digits.
  const numerator = (x.coef < 0n ? -x.coef : x.coef) * pow10(y.digits + digits);
  const denominator = (y.coef < 0n ? -y.coef : y.coef) * pow10(x.digits);
  const q = roundedQuotient(numerator, denominator, mode);
  const negative = x.coef < 0n !== y.coef < 0n;
  return write({ coef: negative ? -q : q, digits });
}

/** Rounds to at most `digits` fraction digits. */
export function roundDecimal(value: string, digits: number, mode: Rounding = 'half-up'): string {
  return divideDecimal(value, '1', digits, mode);
}

/** Exactly `digits` fraction digits, zero-padded; a value needing more digits is an error. */
export function toFixedDecimal(value: string, digits: number): string {
  const shortest = normalizeDecimal(value);
  if (fractionDigits(shortest) > digits) {
    throw new RangeError(`sandbox decimal: ${value} has more than ${digits} fraction digits`);
  }
  if (digits === 0) return shortest;
  const dot = shortest.indexOf('.');
  const fraction = dot < 0 ? '' : shortest.slice(dot + 1);
  const whole = dot < 0 ? shortest : shortest.slice(0, dot);
  return `${whole}.${fraction.padEnd(digits, '0')}`;
}
