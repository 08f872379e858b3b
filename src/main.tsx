import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, beginStartup } from '@/app/app';
import { framedByAnotherSite, renderFramedRefusal } from '@/app/frame-guard';
import { AppProviders } from '@/app/providers';
import '@/app/styles.css';

const root = document.getElementById('root')!;

if (/\/receipt\/?$/.test(window.location.pathname)) {
  // A customer's receipt (a till's "Receipt QR" or "Share receipt" link): a small page of its own.
  // Nothing of the till starts here: no storage is opened, no service worker is registered.
  import('@/charge/receipt/receipt-page').then(
    ({ renderReceiptPage }) => renderReceiptPage(root),
    () => {
      root.textContent = 'The receipt could not be opened. Check the connection and reload the page.';
    },
  );
} else if (framedByAnotherSite()) {
  // Inside another site's page (clickjacking): nothing of the till starts, storage is not opened.
  renderFramedRefusal(root);
} else {
  // Storage reads start now, in parallel with React's first render.
  beginStartup();

  createRoot(root).render(
    <StrictMode>
      <AppProviders>
        <App />
      </AppProviders>
    </StrictMode>,
  );
}
