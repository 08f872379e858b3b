import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  LedgerConfigSchema,
  OptionalLedgerConfigSchema,
  basicAuthorization,
  ledgerDbName,
  ledgerOrigin,
  ledgerUrlProblem,
  ledgerUserProblem,
  normalizeLedgerUrl,
  parseLedgerConfig,
  sameLedger,
} from './ledger-config';

describe('ledger URL', () => {
  it.each([
    'https://couch.example.com/shop-ledger',
    'https://couch.example.com:6984/shop-ledger',
    'https://example.com/couchdb/shop_ledger',
    'http://localhost:5984/shop-ledger',
    'http://127.0.0.1:5984/shop-ledger',
    'http://[::1]:5984/ledger',
    'https://couch.example.com/shop-ledger/',
  ])('accepts %s', (url) => {
    expect(ledgerUrlProblem(url)).toBeNull();
  });

  it.each([
    ['', 'Enter the ledger database URL'],
    ['couch.example.com/ledger', 'Must be an http(s) URL'],
    ['ftp://couch.example.com/ledger', 'Must be an http(s) URL'],
    ['http://couch.example.com/ledger', 'Must use https (http only for localhost)'],
    ['http://192.168.1.10:5984/ledger', 'Must use https (http only for localhost)'],
    ['http://localhost.evil.com/ledger', 'Must use https (http only for localhost)'],
    [
      'https://admin:secret@couch.example.com/ledger',
      'No user name or password in the URL (use the fields below)',
    ],
    ['https://admin@couch.example.com/ledger', 'No user name or password in the URL (use the fields below)'],
    ['https://couch.example.com/ledger?x=1', 'No ? or # part allowed'],
    ['https://couch.example.com/ledger#', 'No ? or # part allowed'],
    ['https://couch.example.com', 'Add the database name (https://host/database)'],
    ['https://couch.example.com/', 'Add the database name (https://host/database)'],
    ['https://couch.example.com/_users', 'Not a database name (it starts with _)'],
  ])('refuses %j: %s', (url, message) => {
    expect(ledgerUrlProblem(url)).toBe(message);
  });

  it('refuses database names CouchDB would refuse', () => {
    expect(ledgerUrlProblem('https://couch.example.com/Shop')).toMatch(/Not a CouchDB database name/);
    expect(ledgerUrlProblem('https://couch.example.com/1shop')).toMatch(/Not a CouchDB database name/);
  });

  it('is normalized without spaces or trailing slashes', () => {
    expect(normalizeLedgerUrl('  https://couch.example.com/shop-ledger//  ')).toBe(
      'https://couch.example.com/shop-ledger',
    );
  });

  it('gives the origin for connect-src and the database name', () => {
    const config = { url: 'https://couch.example.com:6984/couchdb/shop-ledger' };
    expect(ledgerOrigin(config)).toBe('https://couch.example.com:6984');
    expect(ledgerDbName(config)).toBe('shop-ledger');
  });
});

describe('ledger user and password', () => {
  it('needs a user without a colon or surrounding spaces', () => {
    expect(ledgerUserProblem('')).toBe('Enter the ledger user');
    expect(ledgerUserProblem(' till')).toBe('No spaces before or after the user name');
    expect(ledgerUserProblem('till:1')).toBe('A user name cannot contain ":"');
    expect(ledgerUserProblem('till-1')).toBeNull();
  });

  it('parses the form into a config or a message per field', () => {
    expect(
      parseLedgerConfig({ url: ' https://couch.example.com/ledger/ ', user: 'till', password: 'pw' }),
    ).toEqual({
      ok: true,
      config: { url: 'https://couch.example.com/ledger', user: 'till', password: 'pw' },
    });
    expect(parseLedgerConfig({ url: 'http://couch.example.com/ledger', user: '', password: '' })).toEqual({
      ok: false,
      problems: {
        url: 'Must use https (http only for localhost)',
        user: 'Enter the ledger user',
        password: 'Enter the ledger password',
      },
    });
  });

  it('validates a stored config (null: no ledger)', () => {
    const config = { url: 'https://couch.example.com/ledger', user: 'till', password: 'pw' };
    expect(v.safeParse(LedgerConfigSchema, config).success).toBe(true);
    expect(v.safeParse(OptionalLedgerConfigSchema, null).success).toBe(true);
    expect(
      v.safeParse(LedgerConfigSchema, { ...config, url: 'https://couch.example.com/ledger/' }).success,
    ).toBe(false);
    expect(
      v.safeParse(LedgerConfigSchema, { ...config, url: 'http://couch.example.com/ledger' }).success,
    ).toBe(false);
    expect(v.safeParse(LedgerConfigSchema, { ...config, password: '' }).success).toBe(false);
  });

  it('builds a UTF-8 Basic authorization header', () => {
    expect(basicAuthorization('till', 'secret')).toBe(`Basic ${btoa('till:secret')}`);
    const header = basicAuthorization('till', 'pässwörd€');
    const bytes = Uint8Array.from(atob(header.slice(6)), (ch) => ch.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe('till:pässwörd€');
  });

  it('tells whether two configs are the same connection', () => {
    const a = { url: 'https://couch.example.com/ledger', user: 'till', password: 'pw' };
    expect(sameLedger(a, { ...a })).toBe(true);
    expect(sameLedger(a, { ...a, password: 'other' })).toBe(false);
    expect(sameLedger(a, null)).toBe(false);
  });
});
