import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, beginStartup } from '@/app/app';
import { AppProviders } from '@/app/providers';
import '@/app/styles.css';

// Storage reads start now, in parallel with React's first render.
beginStartup();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
