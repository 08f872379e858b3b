/**
 * The result screens' outcome icons, drawn inline: an emoji font is not on every till (the
 * expired clock was an empty box on some), and an icon library would be a download for four
 * shapes. Decorative only: the heading says the same in words.
 */
import type { ReactNode } from 'react';
import type { Outcome } from '@/lifecycle/lifecycle';

const GLYPHS: Record<'check' | 'cross' | 'clock' | 'warning' | 'stop', ReactNode> = {
  check: <path d="M19 33.5l8.5 8.5L46 23.5" />,
  cross: <path d="M22 22l20 20M42 22L22 42" />,
  clock: (
    <>
      <circle cx="32" cy="32" r="15" strokeWidth="4" />
      <path d="M32 23v9.5l6.5 4" strokeWidth="4" />
    </>
  ),
  // A triangle with an exclamation mark: paid, but not what was asked.
  warning: (
    <>
      <path d="M32 15.5L49.5 46h-35z" strokeWidth="4" />
      <path d="M32 27v8.5" strokeWidth="4.5" />
      <circle cx="32" cy="41.5" r="2.8" fill="currentColor" stroke="none" />
    </>
  ),
  stop: <path d="M22 32h20" />,
};

const GLYPH_OF: Record<Outcome, keyof typeof GLYPHS> = {
  received: 'check',
  failed: 'cross',
  expired: 'clock',
  mismatch: 'warning',
  underpaid: 'warning',
  cancelled: 'stop',
};

export function ResultIcon({ outcome }: { outcome: Outcome }) {
  return (
    <svg
      className="result-icon"
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="5.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="32" cy="32" r="28.5" strokeWidth="3.5" />
      {GLYPHS[GLYPH_OF[outcome]]}
    </svg>
  );
}
