import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, beginStartup } from '@/app/app';
import { framedByAnotherSite, renderFramedRefusal } from '@/app/frame-guard';
import { AppProviders } from '@/app/providers';
import '@/app/styles.css';

const root = document.getElementById('root')!;

if (framedByAnotherSite()) {
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
