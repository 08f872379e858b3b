import { t } from '@lingui/core/macro';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, beginStartup } from '@/app/app';
import { framedByAnotherSite, renderFramedRefusal } from '@/app/frame-guard';
import { AppProviders } from '@/app/providers';
import { activateLanguage, i18n, resolveLanguage } from '@/i18n/i18n';
import '@/app/styles.css';

const root = document.getElementById('root')!;

// English needs no catalog and is active at once; the browser's language (or, once settings are
// read, the owner's choice: app.tsx) replaces it before the first screen when it is another one.
i18n.loadAndActivate({ locale: 'en', locales: [navigator.language || 'en-US'], messages: {} });
const firstLanguage = activateLanguage(resolveLanguage(undefined, navigator.languages)).catch(
  (error: unknown) => console.warn('Language not loaded', error),
);

if (/\/receipt\/?$/.test(window.location.pathname)) {
  // A customer's receipt (a till's "Receipt QR" or "Share receipt" link): a small page of its own.
  // Nothing of the till starts here: no storage is opened, no service worker is registered.
  Promise.all([import('@/charge/receipt/receipt-page'), firstLanguage]).then(
    ([{ renderReceiptPage }]) => renderReceiptPage(root),
    () => {
      root.textContent = t`The receipt could not be opened. Check the connection and reload the page.`;
    },
  );
} else if (framedByAnotherSite()) {
  // Inside another site's page (clickjacking): nothing of the till starts, storage is not opened.
  // The refusal waits for the language (a moment) so it reads in the browser's.
  void firstLanguage.then(() => renderFramedRefusal(root));
} else {
  // Storage reads start now, in parallel with React's first render.
  beginStartup();

  void firstLanguage.then(() =>
    createRoot(root).render(
      <StrictMode>
        <AppProviders>
          <App />
        </AppProviders>
      </StrictMode>,
    ),
  );
}
