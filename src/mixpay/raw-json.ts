/**
 * JSON parsing that keeps every number literal as its source text. `JSON.parse` turns the amount
 * 9.99999999999999999 into the float 10 before any schema sees it, so a $10.00 charge could read
 * as paid. Here each number token outside a string is wrapped in quotes first, so it reaches the
 * schemas as the exact text MixPay sent ("9.99999999999999999", "1e1"); the schemas then read
 * amounts, integers and flags from that text.
 */

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const MINUS = 0x2d; // -
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;

/** A number token exactly as JSON's grammar defines it (sticky: matches at lastIndex only). */
const NUMBER_TOKEN_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE_RE = /[ \t\n\r]*/y;

/**
 * Wraps every JSON number token outside strings in double quotes: `{"a":1.50,"b":"1.5"}` becomes
 * `{"a":"1.50","b":"1.5"}`. Strings (including escaped quotes and backslashes) are copied as they
 * are. Text that is not valid JSON is returned so that `JSON.parse` still rejects it: an
 * unterminated string or a lone "-" returns the input unchanged, and a number used as an object
 * key (`{1:2}`, which quoting would make valid) does too.
 */
export function quoteNumberLiterals(text: string): string {
  const length = text.length;
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: a backslash always escapes the next character, whatever it is.
      i += 1;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) break;
        i += d === BACKSLASH ? 2 : 1;
      }
      if (i >= length) return text; // unterminated: JSON.parse reports it
      i += 1;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      NUMBER_TOKEN_RE.lastIndex = i;
      const match = NUMBER_TOKEN_RE.exec(text);
      if (!match) return text; // "-" without digits: not JSON
      const end = i + match[0].length;
      WHITESPACE_RE.lastIndex = end;
      WHITESPACE_RE.exec(text);
      if (text.charCodeAt(WHITESPACE_RE.lastIndex) === COLON) return text; // a number as a key
      out += `${text.slice(copiedUpTo, i)}"${match[0]}"`;
      copiedUpTo = end;
      i = end;
    } else {
      i += 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * `JSON.parse`, except that every number arrives as a string holding its literal text. Throws
 * exactly when `JSON.parse(text)` would (a SyntaxError).
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  return JSON.parse(quoteNumberLiterals(text));
}
