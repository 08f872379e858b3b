import { describe, expect, it } from 'vitest';
import { framedByAnotherSite } from './frame-guard';

type Fake = {
  self: unknown;
  top: Fake | null;
  parent: Fake;
  location: { origin: string; ancestorOrigins?: string[] };
};

/** A chain of windows, outermost first; a `null` origin stands for one whose location throws. */
function frames(...origins: (string | null)[]): Fake {
  let parent: Fake | null = null;
  let top: Fake | null = null;
  let win: Fake | null = null;
  for (const origin of origins) {
    const w = {} as Fake;
    w.self = w;
    Object.defineProperty(w, 'location', {
      configurable: true,
      get() {
        if (origin === null) throw new DOMException('Blocked a frame', 'SecurityError');
        return { origin };
      },
    });
    top ??= w;
    w.top = top;
    w.parent = parent ?? w;
    parent = w;
    win = w;
  }
  return win!;
}

const APP = 'https://till.example.com';

describe('frame guard', () => {
  it('lets the app run as a top-level page', () => {
    expect(framedByAnotherSite(frames(APP))).toBe(false);
  });

  it('lets the app run inside a page of its own origin', () => {
    expect(framedByAnotherSite(frames(APP, APP))).toBe(false);
    expect(framedByAnotherSite(frames(APP, APP, APP))).toBe(false);
  });

  it("refuses to run inside another site's page", () => {
    expect(framedByAnotherSite(frames(null, APP))).toBe(true);
    expect(framedByAnotherSite(frames('https://evil.example', APP))).toBe(true);
    // Our page on top, another site in between.
    expect(framedByAnotherSite(frames(APP, null, APP))).toBe(true);
  });

  it('refuses when the browser lists a foreign ancestor origin', () => {
    const win = frames(APP, APP);
    Object.defineProperty(win, 'location', {
      get: () => ({ origin: APP, ancestorOrigins: ['https://evil.example'] }),
    });
    expect(framedByAnotherSite(win)).toBe(true);
  });

  it('refuses in a sandboxed frame with an opaque origin', () => {
    expect(framedByAnotherSite(frames(APP, 'null'))).toBe(true);
  });
});
