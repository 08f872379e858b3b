/**
 * Clickjacking guard. A page of another site could load the till in an invisible iframe and trick
 * the owner into tapping through settings. The real fix is an HTTP header (`Content-Security-Policy:
 * frame-ancestors 'none'`, `X-Frame-Options: DENY`; see README "Going live"), which a <meta> CSP
 * cannot carry; this check covers hosts that do not send it: inside a frame of another origin the
 * app does not start at all, and says how to open it directly.
 */
import { t } from '@lingui/core/macro';

type FrameWindow = {
  readonly self: unknown;
  readonly top: FrameWindow | null;
  readonly parent: FrameWindow;
  readonly location: {
    readonly origin: string;
    readonly href?: string;
    readonly ancestorOrigins?: ArrayLike<string>;
  };
};

/** True when any window above this one belongs to another origin (or cannot be read at all). */
export function framedByAnotherSite(win: FrameWindow = window as unknown as FrameWindow): boolean {
  let top: FrameWindow | null;
  try {
    top = win.top;
  } catch {
    return true;
  }
  if (top === null || top === win || top === win.self) return false;
  const own = win.location.origin;
  // An opaque origin (a sandboxed frame) can never be told apart from a hostile parent.
  if (own === 'null') return true;
  const ancestors = win.location.ancestorOrigins;
  if (ancestors) {
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] !== own) return true;
  }
  let current = win;
  for (let depth = 0; depth < 64; depth++) {
    let parent: FrameWindow;
    try {
      parent = current.parent;
      // Reading another origin's location throws a SecurityError.
      if (parent.location.origin !== own) return true;
    } catch {
      return true;
    }
    if (parent === top || parent === current) return false;
    current = parent;
  }
  return true;
}

/**
 * Replaces the page with the refusal (in the active language: call it once the language is
 * loaded); no app code runs after this.
 */
export function renderFramedRefusal(root: HTMLElement, href: string = window.location.href) {
  const main = document.createElement('main');
  main.className = 'screen center-screen';
  main.setAttribute('role', 'alert');
  const text = document.createElement('p');
  text.textContent = `${t`This app can't run inside another site's page. Open it directly:`} `;
  const link = document.createElement('a');
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = href;
  text.append(link);
  main.append(text);
  root.replaceChildren(main);
}
