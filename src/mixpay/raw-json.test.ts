import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumbers, quoteNumberLiterals } from './raw-json';

/**
 * Whether `kept` (numbers as literal text) is `JSON.parse`'s answer `parsed` with each number
 * replaced by a text that denotes it.
 */
function agrees(kept: unknown, parsed: unknown): boolean {
  if (typeof parsed === 'number') {
    return typeof kept === 'string' && /^-?\d/.test(kept) && Object.is(Number(kept), parsed);
  }
  if (Array.isArray(parsed)) {
    return (
      Array.isArray(kept) && kept.length === parsed.length && parsed.every((item, i) => agrees(kept[i], item))
    );
  }
  if (parsed !== null && typeof parsed === 'object') {
    if (kept === null || typeof kept !== 'object' || Array.isArray(kept)) return false;
    const keys = Object.keys(parsed);
    return (
      keys.length === Object.keys(kept).length &&
      keys.every(
        (key) =>
          Object.hasOwn(kept, key) &&
          agrees((kept as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key]),
      )
    );
  }
  return Object.is(kept, parsed);
}

describe('quoteNumberLiterals', () => {
  it.each([
    ['9.99999999999999999', '"9.99999999999999999"'],
    ['{"a":10.0000000000000001}', '{"a":"10.0000000000000001"}'],
    ['[1e1,1E-2,-0,0.5e+3]', '["1e1","1E-2","-0","0.5e+3"]'],
    ['{ "a" : -12 , "b":[ 3 ] }', '{ "a" : "-12" , "b":[ "3" ] }'],
    ['{"a":true,"b":null,"c":false}', '{"a":true,"b":null,"c":false}'],
  ])('%s → %s', (input, expected) => {
    expect(quoteNumberLiterals(input)).toBe(expected);
  });

  it('leaves strings with digits, escapes and unicode alone', () => {
    const text = String.raw`{"a":"1.5","b":"x\"2\"","c":"\\","d":3,"e":"\\\"4","f":"\u0035","g":"é6"}`;
    expect(quoteNumberLiterals(text)).toBe(
      String.raw`{"a":"1.5","b":"x\"2\"","c":"\\","d":"3","e":"\\\"4","f":"\u0035","g":"é6"}`,
    );
    expect(parseJsonKeepingNumbers(text)).toEqual({
      a: '1.5',
      b: 'x"2"',
      c: '\\',
      d: '3',
      e: '\\"4',
      f: '5',
      g: 'é6',
    });
  });

  it('returns text it cannot read unchanged, so JSON.parse still rejects it', () => {
    for (const bad of ['"unterminated 12', '{"a":"x\\"}', '-', '[-]', '{1:2}', '{"a":{ 12 :3}}']) {
      expect(quoteNumberLiterals(bad)).toBe(bad);
      expect(() => parseJsonKeepingNumbers(bad)).toThrow(SyntaxError);
    }
  });

  it('keeps other invalid number forms invalid', () => {
    for (const bad of ['01', '1.', '.5', '+1', '1e', '0x10', '1.5.3', '[1 2]', 'NaN', '-Infinity']) {
      expect(() => JSON.parse(bad)).toThrow(SyntaxError);
      expect(() => parseJsonKeepingNumbers(bad)).toThrow(SyntaxError);
    }
  });

  it('parses any JSON like JSON.parse, with numbers as their literal text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(agrees(parseJsonKeepingNumbers(text), JSON.parse(text))).toBe(true);
      }),
    );
  });

  it('throws exactly when JSON.parse throws', () => {
    const jsonish = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'{}[]:,"\\-+.0123456789eE \tntrufalse'.split('')) }),
      fc.string(),
      // Valid JSON cut short or with one character replaced.
      fc
        .tuple(fc.json(), fc.nat(), fc.constantFrom('', ':', '"', '\\', '-', '1', '.', '}'))
        .map(([text, at, c]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + c + text.slice(i + 1);
        }),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expect(() => parseJsonKeepingNumbers(text)).toThrow(SyntaxError);
          return;
        }
        expect(agrees(parseJsonKeepingNumbers(text), expected)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
