/**
 * The receipt page a customer opens from a till's "Receipt QR" or "Share receipt": /receipt#<data>.
 * Everything it shows is in the link's fragment (see ./receipt.ts). main.tsx starts it instead of
 * the till: no settings, journal or cache storage is opened, no service worker registered.
 */
import { t } from '@lingui/core/macro';
import { I18nProvider } from '@lingui/react';
import { Trans } from '@lingui/react/macro';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from '@/i18n/i18n';
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
        const shop = decoded.ok ? decoded.receipt.shop : '';
        document.title = shop ? t`Receipt · ${shop}` : t`Receipt`;
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
        <p className="muted">
          <Trans>Opening the receipt…</Trans>
        </p>
      </main>
    );
  }
  if (!state.ok) {
    return (
      <main className="receipt-page">
        <h1>
          <Trans>Receipt unavailable</Trans>
        </h1>
        <p>{state.message}</p>
      </main>
    );
  }
  return (
    <main className="receipt-page">
      <ReceiptView receipt={state.receipt} headingLevel={1} />
      <p className="muted small">
        <Trans>
          A copy of your receipt, carried in this link: keep the link (or a screenshot) to keep the receipt.
        </Trans>
      </p>
    </main>
  );
}

export function renderReceiptPage(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      {/* main.tsx activates the browser's language before this renders. */}
      <I18nProvider i18n={i18n}>
        <ReceiptPage />
      </I18nProvider>
    </StrictMode>,
  );
}
