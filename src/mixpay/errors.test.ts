import { describe, expect, it } from 'vitest';
import {
  MixPayError,
  describeError,
  isMixPayError,
  isTransient,
  isUnknownPayment,
} from './errors';
import type { MixPayErrorKind } from './errors';
import { failureReasonText } from './failure-reasons';

const api = (code: number, apiMessage?: string) =>
  new MixPayError('api', 'x', { code, apiMessage, status: 200 });

describe('MixPayError', () => {
  it('carries its details', () => {
    const cause = new TypeError('boom');
    const e = new MixPayError('rate-limited', 'msg', {
      status: 429,
      retryAfterMs: 1000,
      rateLimitRemaining: 0,
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('MixPayError');
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 1000, rateLimitRemaining: 0 });
    expect(e.cause).toBe(cause);
    expect(isMixPayError(e)).toBe(true);
    expect(isMixPayError(new Error('x'))).toBe(false);
  });
});

describe('isUnknownPayment', () => {
  const envelope = (code: number, status: number) => new MixPayError('api', 'x', { code, status });

  describe.each([404, 40022, 10062])('MixPay code %i', (code) => {
    it.each([200, 400, 403, 404, 410, 422, 499])(
      'in an error envelope with HTTP %i means "not opened yet"',
      (status) => {
        expect(isUnknownPayment(envelope(code, status))).toBe(true);
      },
    );

    it('also without a known HTTP status', () => {
      expect(isUnknownPayment(new MixPayError('api', 'x', { code }))).toBe(true);
    });

    it.each([500, 502, 503, 301])('not with HTTP %i', (status) => {
      expect(isUnknownPayment(envelope(code, status))).toBe(false);
    });

    it('has a cashier text', () => {
      expect(describeError(envelope(code, 200))).toBe('MixPay does not know this payment yet');
    });

    it('is not worth retrying as a fault', () => {
      expect(isTransient(envelope(code, 200))).toBe(false);
    });
  });

  it.each([200, 400, 404, 410])(
    'an answer that is not a MixPay envelope (HTTP %i page) stays a connection problem',
    (status) => {
      expect(isUnknownPayment(new MixPayError('http', 'x', { status }))).toBe(false);
      expect(isUnknownPayment(new MixPayError('invalid-response', 'x', { status }))).toBe(false);
    },
  );

  it('is false for other codes, other kinds and foreign errors', () => {
    expect(isUnknownPayment(api(10001))).toBe(false);
    expect(isUnknownPayment(api(40024))).toBe(false);
    expect(isUnknownPayment(new MixPayError('rate-limited', 'x', { code: 1429, status: 429 }))).toBe(false);
    expect(isUnknownPayment(new MixPayError('network', 'x'))).toBe(false);
    expect(isUnknownPayment(new Error('404'))).toBe(false);
    expect(isUnknownPayment({ kind: 'api', code: 404, status: 200 })).toBe(false);
  });
});

describe('isTransient', () => {
  it.each<[MixPayError, boolean]>([
    [new MixPayError('network', 'x'), true],
    [new MixPayError('timeout', 'x'), true],
    [new MixPayError('rate-limited', 'x'), true],
    [new MixPayError('invalid-response', 'x'), true],
    [new MixPayError('http', 'x', { status: 502 }), true],
    [new MixPayError('http', 'x', { status: 403 }), false],
    [api(-1), true],
    [api(10008), true],
    [api(10001), false],
    [api(404), false],
  ])('%o → %s', (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });

  it('is false for foreign errors', () => {
    expect(isTransient(new TypeError('x'))).toBe(false);
  });
});

describe('describeError', () => {
  const kinds: MixPayErrorKind[] = ['network', 'timeout', 'http', 'api', 'rate-limited', 'invalid-response'];

  it.each(kinds)('gives a one-line message for %s', (kind) => {
    const text = describeError(new MixPayError(kind, 'internal detail', { status: 500 }));
    expect(text).toBeTruthy();
    expect(text).not.toContain('\n');
    expect(text).not.toContain('internal detail');
  });

  it('uses the agreed wording', () => {
    expect(describeError(new MixPayError('rate-limited', 'x'))).toBe(
      'MixPay is limiting requests; retrying shortly',
    );
    expect(describeError(new MixPayError('network', 'x'))).toBe('No connection to MixPay');
    expect(describeError(new MixPayError('invalid-response', 'x'))).toBe(
      'MixPay sent an answer the app could not read',
    );
    expect(describeError(new MixPayError('timeout', 'x'))).toMatch(/did not answer/);
    expect(describeError(new MixPayError('http', 'x', { status: 503 }))).toMatch(/503/);
    expect(describeError(api(10001))).toBe('That payee does not exist on MixPay');
    expect(describeError(api(10003))).toBe('This currency is not supported by MixPay');
    expect(describeError(api(10004))).toMatch(/too low/);
    expect(describeError(api(10005))).toMatch(/too high/);
    expect(describeError(api(10006))).toMatch(/1000 USDT/);
    expect(describeError(api(10008))).toMatch(/maintenance/);
  });

  it("falls back to MixPay's message for unknown codes, on one line", () => {
    expect(describeError(api(12345, 'Weird\n  thing'))).toBe('MixPay refused the request: Weird thing');
    expect(describeError(api(12345))).toMatch(/12345/);
  });

  it('handles foreign errors', () => {
    expect(describeError(new Error('x'))).toBeTruthy();
    expect(describeError(new DOMException('x', 'AbortError'))).toMatch(/cancelled/);
  });
});

describe('failureReasonText', () => {
  it.each([
    [40000, /overtime/],
    [40020, /wrong asset/],
    [40021, /twice/],
    [40024, /^Underpaid: the customer paid less than the amount due$/],
    [40025, /market moved/],
    [40027, /restricted/],
    [40032, /^The payment was cancelled$/],
    [10095, /^MixPay rejected the payment in review$/],
  ])('explains %i', (code, pattern) => {
    expect(failureReasonText(code)).toMatch(pattern);
  });

  it('falls back to the given reason, then a generic text', () => {
    expect(failureReasonText(49999, 'Odd failure')).toBe('Odd failure');
    expect(failureReasonText(undefined, '')).toBe('The payment failed');
    expect(failureReasonText()).toBe('The payment failed');
  });
});
