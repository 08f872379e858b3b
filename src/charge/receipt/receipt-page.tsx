/**
 * The receipt page a customer opens from a till's "Receipt QR" or "Share receipt": /receipt#<data>.
 * Everything it shows is in the link's fragment (see ./receipt.ts). main.tsx starts it instead of
 * the till: no settings, journal or cache storage is opened, no service worker registered.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { decodeReceipt, type DecodedReceipt } from './receipt';
import { ReceiptView } from './receipt-view';

export function ReceiptPage() {
  const [state, setState] = useState<DecodedReceipt | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void decodeReceipt(window.location.hash).then((decoded) => {
        if (!live) return;
        setState(decoded);
        document.title = decoded.ok && decoded.receipt.shop ? `Receipt · ${decoded.receipt.shop}` : 'Receipt';
      });
    read();
    window.addEventListener('hashchange', read);
    return () => {
      live = false;
      window.removeEventListener('hashchange', read);
    };
  }, []);

  if (state === null) {
    return (
      <main className="receipt-page" aria-busy="true">
        <p className="muted">Opening the receipt…</p>
      </main>
    );
  }
  if (!state.ok) {
    return (
      <main className="receipt-page">
        <h1>Receipt unavailable</h1>
        <p>{state.message}</p>
      </main>
    );
  }
  return (
    <main className="receipt-page">
      <ReceiptView receipt={state.receipt} headingLevel={1} />
      <p className="muted small">
        A copy of your receipt, carried in this link: keep the link (or a screenshot) to keep the receipt.
      </p>
    </main>
  );
}

export function renderReceiptPage(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <ReceiptPage />
    </StrictMode>,
  );
}
