import { afterEach, describe, expect, it } from 'vitest';
import { buildMixinPayLink, buildOneTimeLink, buildPaylink, resolveBaseUrl } from './links';

const terms = {
  payeeId: '834c17e1-1427-434a-a280-1b3cfee05111',
  quoteAssetId: 'usd',
  quoteAmount: '10.50',
  settlementAssetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
  traceId: '1b638d3f-e156-4621-87fd-778a410f4884',
};

const originalLocation = Object.getOwnPropertyDescriptor(globalThis, 'location');

function setOrigin(origin: string) {
  Object.defineProperty(globalThis, 'location', { value: { origin }, configurable: true });
}

afterEach(() => {
  if (originalLocation) Object.defineProperty(globalThis, 'location', originalLocation);
  else Reflect.deleteProperty(globalThis, 'location');
});

describe('resolveBaseUrl', () => {
  it('keeps absolute URLs and strips trailing slashes', () => {
    expect(resolveBaseUrl('https://mixpay.me')).toBe('https://mixpay.me');
    expect(resolveBaseUrl('https://mixpay.me/')).toBe('https://mixpay.me');
    expect(resolveBaseUrl('https://api.mixpay.me/v1//')).toBe('https://api.mixpay.me/v1');
  });

  it('resolves relative URLs against a given or page origin', () => {
    expect(resolveBaseUrl('/sandbox/v1/', 'http://localhost:5173')).toBe('http://localhost:5173/sandbox/v1');
    setOrigin('https://till.example');
    expect(resolveBaseUrl('/sandbox/checkout')).toBe('https://till.example/sandbox/checkout');
  });

  it('throws a clear error for a relative URL without a page origin', () => {
    Reflect.deleteProperty(globalThis, 'location');
    expect(() => resolveBaseUrl('/sandbox/v1')).toThrow(/relative.*no page origin/);
    expect(() => resolveBaseUrl('')).toThrow(/empty/);
  });
});

describe('buildPaylink', () => {
  it('puts the required parameters first, in order', () => {
    expect(buildPaylink('https://mixpay.me/', terms)).toBe(
      'https://mixpay.me/pay?payeeId=834c17e1-1427-434a-a280-1b3cfee05111&quoteAssetId=usd&quoteAmount=10.50' +
        '&settlementAssetId=4d8c508b-91c5-375b-92b0-ee702ed2dac5&traceId=1b638d3f-e156-4621-87fd-778a410f4884',
    );
  });

  it('encodes optional parameters and omits empty ones', () => {
    const link = buildPaylink('https://mixpay.me', {
      ...terms,
      remark: 'Table 4 & co ☕',
      orderId: '',
      strictMode: false,
      expiredTimestamp: 1700000000,
      settlementMemo: undefined,
      returnTo: 'https://till.example/done?x=1',
    });
    expect(link).toContain(
      '&remark=Table%204%20%26%20co%20%E2%98%95&strictMode=0&expiredTimestamp=1700000000',
    );
    expect(link).toContain('&returnTo=https%3A%2F%2Ftill.example%2Fdone%3Fx%3D1');
    expect(link).not.toContain('orderId');
    expect(link).not.toContain('settlementMemo');
    const url = new URL(link);
    expect(url.searchParams.get('remark')).toBe('Table 4 & co ☕');
    expect([...url.searchParams.keys()]).toEqual([
      'payeeId',
      'quoteAssetId',
      'quoteAmount',
      'settlementAssetId',
      'traceId',
      'remark',
      'strictMode',
      'expiredTimestamp',
      'returnTo',
    ]);
  });

  it('writes strictMode true as 1', () => {
    expect(buildPaylink('https://mixpay.me', { ...terms, strictMode: true })).toMatch(/&strictMode=1$/);
  });

  it('resolves a relative checkout URL against the page origin', () => {
    setOrigin('http://localhost:4173');
    expect(buildPaylink('/sandbox/checkout/', terms)).toMatch(
      /^http:\/\/localhost:4173\/sandbox\/checkout\/pay\?/,
    );
  });

  it('refuses a missing payee or a non-decimal amount', () => {
    expect(() => buildPaylink('https://mixpay.me', { ...terms, payeeId: '' })).toThrow(/payeeId/);
    expect(() => buildPaylink('https://mixpay.me', { ...terms, quoteAmount: '1e3' })).toThrow(/quoteAmount/);
  });
});

describe('buildOneTimeLink', () => {
  it('encodes the code', () => {
    expect(buildOneTimeLink('https://mixpay.me/', 'abc-123')).toBe('https://mixpay.me/code/abc-123');
    expect(buildOneTimeLink('https://mixpay.me', 'a b/c')).toBe('https://mixpay.me/code/a%20b%2Fc');
  });

  it('resolves a relative checkout URL', () => {
    setOrigin('http://localhost:4173');
    expect(buildOneTimeLink('/sandbox/checkout', 'x')).toBe('http://localhost:4173/sandbox/checkout/code/x');
  });
});

describe('buildMixinPayLink', () => {
  it('encodes every parameter', () => {
    expect(
      buildMixinPayLink({
        recipient: 'r-1',
        asset: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
        amount: '0.00025836',
        memo: 'eyJ0IjoiYSBiJmMifQ==',
        trace: 't 1',
      }),
    ).toBe(
      'mixin://pay?recipient=r-1&asset=c6d0c728-2624-429b-8e0d-d9d19b6592fa&amount=0.00025836' +
        '&memo=eyJ0IjoiYSBiJmMifQ%3D%3D&trace=t%201',
    );
  });
});
