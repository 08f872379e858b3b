/**
 * What the browser prints: its children, on thermal paper of the owner's width (58 or 80 mm), and
 * nothing else of the app (see receipt.css). Put next to the app's root only while printing (the
 * Print button, or the browser's own Print command through `beforeprint`), so the page never holds
 * a second, hidden copy of what is on screen.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { createPortal, flushSync } from 'react-dom';
import './receipt.css';

export type Paper = '58mm' | '80mm';

/** `printing` while the print layout is wanted; `print()` lays it out, then opens the browser's print. */
export function usePrint(): { printing: boolean; print: () => void } {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  const print = () => {
    flushSync(() => setPrinting(true));
    window.print();
  };
  return { printing, print };
}

export function PrintArea({
  active,
  paper,
  label,
  children,
}: {
  active: boolean;
  paper: Paper;
  label: string;
  children: ReactNode;
}) {
  if (!active) return null;
  return createPortal(
    <section className={`print-area paper-${paper}`} aria-label={label}>
      {children}
    </section>,
    document.body,
  );
}
