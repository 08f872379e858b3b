import { fileURLToPath } from 'node:url';
import { lingui } from '@lingui/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { linguiMacros } from './lingui-macros.ts';
import { mixpaySandbox } from './sandbox/vite-plugin.ts';

/**
 * Build-time Content-Security-Policy: scripts, styles, workers only from the app itself; no
 * plugins, no foreign forms or base URLs. connect-src is narrowed further at run time to the
 * configured MixPay API (src/app/content-security.ts). Not in dev: Vite injects inline scripts.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// `--mode sandbox` (npm start / npm run dev) builds into dist-sandbox with the sandbox's URLs
// from .env.sandbox; a plain `vite build` is the production build pointing at live MixPay.
export default defineConfig(({ mode }) => {
  const sandbox = mode === 'sandbox';
  return {
    resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
    build: {
      outDir: sandbox ? 'dist-sandbox' : 'dist',
      target: 'es2022',
      sourcemap: false,
      modulePreload: {
        // index.html keeps its preloads (the entry's own imports). A lazy chunk's imports get no
        // <link rel="modulepreload"> appended at run time: a dozen at once for a screen made long
        // tasks on a slow tablet right after start-up (Lighthouse's total blocking time). They are
        // fetched together once the chunk itself is parsed instead (from the service worker's
        // cache after the first visit). A lazy chunk's CSS is still loaded with it.
        resolveDependencies: (_file, deps, { hostType }) =>
          hostType === 'html' ? deps : deps.filter((dep) => dep.endsWith('.css')),
      },
      rolldownOptions: {
        output: {
          codeSplitting: {
            // Everything the entry imports statically is downloaded before the first screen anyway:
            // one chunk instead of the shared pieces rolldown would split it into (each a request, a
            // gzip stream of its own and import/export glue). Lazy chunks import from it.
            groups: [{ name: 'index', tags: ['$initial'] }],
          },
        },
      },
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    plugins: [
      linguiMacros(),
      react(),
      // Catalogs (.po) are compiled when imported; a message with no translation fails the build.
      lingui({ failOnMissing: true, failOnCompileError: true }),
      contentSecurityPolicy(),
      VitePWA({
        registerType: 'prompt',
        injectRegister: false,
        includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
        manifest: {
          // A stable identity: the installed app stays the same app if start_url ever changes.
          id: '.',
          name: 'MixPay POS',
          short_name: 'MixPay POS',
          description: 'Take crypto payments at the counter with MixPay.',
          theme_color: '#1b5cff',
          background_color: '#ffffff',
          display: 'standalone',
          orientation: 'any',
          start_url: '.',
          scope: '.',
          categories: ['business', 'finance', 'shopping'],
          // Made by `npm run screenshots` (scripts/screenshots.ts).
          screenshots: [
            { src: 'screenshots/wide.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'Keypad' },
            { src: 'screenshots/narrow.png', sizes: '390x844', type: 'image/png', form_factor: 'narrow', label: 'Payment QR code' },
          ],
          shortcuts: [{ name: 'History', short_name: 'History', url: 'history', icons: [{ src: 'icon-192.png', sizes: '192x192' }] }],
          icons: [
            { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,mp3,wav}'],
          // The install dialog's pictures are fetched when shown, not kept offline.
          globIgnores: ['screenshots/**'],
          navigateFallback: 'index.html',
          // The sandbox's checkout pages share the origin in dev/start; never answer them with the app.
          navigateFallbackDenylist: [/^\/sandbox\//],
          cleanupOutdatedCaches: true,
          // The first visit is controlled at once, so the app starts offline after one visit. Updates
          // still wait for the cashier (no skipWaiting): see src/app/reload-prompt.tsx.
          clientsClaim: true,
        },
      }),
      sandbox && mixpaySandbox(),
    ],
  };
});
