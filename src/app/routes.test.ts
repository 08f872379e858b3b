import { describe, expect, it } from 'vitest';
import {
  entryKindOf,
  formatRoute,
  KEYPAD,
  openStep,
  parseRoute,
  sameRoute,
  startupSteps,
  type Route,
} from './routes';

const TRACE = '0b7c2a4e-5d1f-4c3b-9a8e-7f6d5c4b3a21';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['/', KEYPAD],
    ['', KEYPAD],
    ['/history', { screen: 'history' }],
    ['/history/', { screen: 'history' }],
    ['/settings', { screen: 'settings' }],
    [`/charge/${TRACE}`, { screen: 'charge', traceId: TRACE }],
    [`/charge/${TRACE}/`, { screen: 'charge', traceId: TRACE }],
    // Unknown or malformed paths are the keypad, never an error page at the counter.
    ['/index.html', KEYPAD],
    ['/History', KEYPAD],
    ['/history/extra', KEYPAD],
    ['/charge', KEYPAD],
    ['/charge/', KEYPAD],
    ['/charge/short', KEYPAD],
    ['/charge/%E0%A4%A', KEYPAD],
    ['/charge/<script>alert(1)</script>', KEYPAD],
    [`/charge/${TRACE}/more`, KEYPAD],
    ['/sandbox/checkout', KEYPAD],
  ])('%s → %j', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('reads paths under the app base', () => {
    expect(parseRoute('/pos/', '/pos/')).toEqual(KEYPAD);
    expect(parseRoute('/pos', '/pos/')).toEqual(KEYPAD);
    expect(parseRoute('/pos/history', '/pos/')).toEqual({ screen: 'history' });
    expect(parseRoute(`/pos/charge/${TRACE}`, '/pos')).toEqual({ screen: 'charge', traceId: TRACE });
    expect(parseRoute('/history', '/pos/')).toEqual(KEYPAD);
  });
});

describe('formatRoute', () => {
  it.each<[Route, string]>([
    [KEYPAD, '/'],
    [{ screen: 'history' }, '/history'],
    [{ screen: 'settings' }, '/settings'],
    [{ screen: 'charge', traceId: TRACE }, `/charge/${TRACE}`],
  ])('%j → %s, and back', (route, path) => {
    expect(formatRoute(route)).toBe(path);
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute(route, '/pos/')).toBe(`/pos${path}`);
    expect(parseRoute(formatRoute(route, '/pos/'), '/pos/')).toEqual(route);
  });

  it('compares routes by their path', () => {
    expect(sameRoute({ screen: 'charge', traceId: TRACE }, { screen: 'charge', traceId: TRACE })).toBe(true);
    expect(sameRoute({ screen: 'charge', traceId: TRACE }, { screen: 'charge', traceId: `${TRACE}0` })).toBe(
      false,
    );
    expect(sameRoute(KEYPAD, { screen: 'history' })).toBe(false);
  });
});

describe('entryKindOf', () => {
  it('knows only the app own entries', () => {
    expect(entryKindOf({ mixpayPos: 'guard' })).toBe('guard');
    expect(entryKindOf({ mixpayPos: 'home' })).toBe('home');
    expect(entryKindOf({ mixpayPos: 'screen' })).toBe('screen');
    expect(entryKindOf({ mixpayPos: 'other' })).toBeUndefined();
    expect(entryKindOf(null)).toBeUndefined();
    expect(entryKindOf('home')).toBeUndefined();
  });
});

describe('startupSteps', () => {
  it('a first visit on / puts the guard under the keypad', () => {
    expect(startupSteps(undefined, '/')).toEqual([
      { op: 'replace', kind: 'guard', route: KEYPAD },
      { op: 'push', kind: 'home', route: KEYPAD },
    ]);
  });

  it.each<[string, Route]>([
    ['/history', { screen: 'history' }],
    ['/settings', { screen: 'settings' }],
    [`/charge/${TRACE}`, { screen: 'charge', traceId: TRACE }],
  ])('a deep-loaded %s gets the keypad inserted under it', (path, route) => {
    expect(startupSteps(undefined, path)).toEqual([
      { op: 'replace', kind: 'guard', route: KEYPAD },
      { op: 'push', kind: 'home', route: KEYPAD },
      { op: 'push', kind: 'screen', route },
    ]);
  });

  it('an unknown path starts on the keypad with its canonical URL', () => {
    expect(startupSteps(undefined, '/nope')).toEqual([
      { op: 'replace', kind: 'guard', route: KEYPAD },
      { op: 'push', kind: 'home', route: KEYPAD },
    ]);
  });

  it('a reload keeps the stack it finds', () => {
    expect(startupSteps('home', '/')).toEqual([]);
    expect(startupSteps('screen', '/history')).toEqual([]);
    expect(startupSteps('screen', `/charge/${TRACE}`)).toEqual([]);
    // Only a path that is not canonical is rewritten, in place.
    expect(startupSteps('screen', '/history/')).toEqual([
      { op: 'replace', kind: 'screen', route: { screen: 'history' } },
    ]);
  });

  it('a reload on the guard puts the keypad back on top of it', () => {
    expect(startupSteps('guard', '/')).toEqual([{ op: 'push', kind: 'home', route: KEYPAD }]);
  });

  it('odd entries are mended: a screen entry on / is the keypad, a keypad entry with a path a screen on it', () => {
    expect(startupSteps('screen', '/')).toEqual([{ op: 'replace', kind: 'home', route: KEYPAD }]);
    expect(startupSteps('home', '/settings')).toEqual([
      { op: 'replace', kind: 'home', route: KEYPAD },
      { op: 'push', kind: 'screen', route: { screen: 'settings' } },
    ]);
  });
});

describe('openStep', () => {
  it('pushes a screen on the keypad and replaces one screen with another (never deeper)', () => {
    const history: Route = { screen: 'history' };
    const charge: Route = { screen: 'charge', traceId: TRACE };
    expect(openStep('home', history)).toEqual({ op: 'push', kind: 'screen', route: history });
    expect(openStep('guard', history)).toEqual({ op: 'push', kind: 'screen', route: history });
    expect(openStep(undefined, charge)).toEqual({ op: 'push', kind: 'screen', route: charge });
    expect(openStep('screen', charge)).toEqual({ op: 'replace', kind: 'screen', route: charge });
    expect(openStep('screen', KEYPAD)).toEqual({ op: 'replace', kind: 'home', route: KEYPAD });
  });
});
