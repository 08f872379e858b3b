/**
 * The app shell: which screen is up. First run (no payee or PIN) → onboarding; an open charge
 * (also one found in the journal after a reload or crash) → its QR screen; otherwise the keypad,
 * with Settings and History behind the owner's PIN where the issue asks for it.
 *
 * Screens have URLs (./routes.ts: /, /history, /settings, /charge/<traceId>), so the back button
 * moves between them instead of leaving the app: back from History or Settings is the keypad; on
 * a result it is "New sale"; on an open charge it asks first, and leaving stops the charge as
 * Cancel does. A reload on any of them comes back to the same screen.
 */
import { t } from '@lingui/core/macro';
import { Trans } from '@lingui/react/macro';
import {
  lazy,
  startTransition,
  Suspense,
  useCallback,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { KeypadScreen } from '@/charge/keypad-screen';
import { useCurrentCharge } from '@/charge/use-current-charge';
import { applyChargeEvent, type ChargeRecord } from '@/journal/journal-lazy';
import { useLanguageFromSettings, type Settings } from '@/settings';
import { loadSettings } from '@/settings/settings-store';
import { MixPayProvider, MixPayReady } from '@/settings/use-mixpay';
import { useSettings } from '@/settings/use-settings';
import { restrictConnectionsTo } from './content-security';
import { lazyScreen } from './lazy-screen';
import { ConfirmDialog } from '@/shared/confirm-dialog';
import { useOnline } from '@/shared/use-online';
import { whenIdle } from '@/shared/when-idle';
import { chargeRoute, sameRoute, type Route } from './routes';
import { keypadBeforeReload, routeAtStart, useRoute } from './use-route';

// Only the keypad is in the first download; the other screens load on demand and are fetched
// in the background right after start-up, so the first charge's QR does not wait for the network.
const loading = (
  <main className="screen center-screen" aria-busy="true">
    <p className="muted">
      <Trans>Loading…</Trans>
    </p>
  </main>
);
const ChargeScreen = lazyScreen(() => import('@/charge/charge-screen').then((m) => m.ChargeScreen), loading);
const ResultScreen = lazyScreen(() => import('@/charge/result-screen').then((m) => m.ResultScreen), loading);
const HistoryScreen = lazyScreen(
  () => import('@/history/history-screen').then((m) => m.HistoryScreen),
  loading,
);
const SettingsScreen = lazyScreen(
  () => import('@/settings/settings-screen').then((m) => m.SettingsScreen),
  loading,
);
const OnboardingScreen = lazyScreen(() =>
  import('@/settings/onboarding-screen').then((m) => m.OnboardingScreen),
);

// The shop ledger: its runner (and with it the replicator and PouchDB) and its indicator are
// loaded only once a ledger is configured.
const LedgerIndicator = lazy(() => import('./ledger-indicator'));
// The late-payment watch's first round is 15 s after start: its code (and the result reading it
// shares with the QR screen) comes after the first paint too.
// Late payments are rare news: the alert's code comes after the first paint.
const LatePaymentAlert = lazy(() =>
  import('@/charge/late-payment-alert').then((m) => ({ default: m.LatePaymentAlert })),
);
// The service worker's registration and its update prompt: not needed for the first screen.
const ReloadPrompt = lazy(() => import('./reload-prompt').then((m) => ({ default: m.ReloadPrompt })));
const LatePaymentWatch = lazy(() =>
  import('@/charge/late-payment-watch').then((m) => ({ default: m.LatePaymentWatch })),
);
let ledgerRunner: Promise<typeof import('./ledger-runner')> | null = null;
const loadLedgerRunner = () => (ledgerRunner ??= import('./ledger-runner'));
/** When each till was last heard of, for the late-payment watch (only with a ledger). */
const tillsLastSeen = () => loadLedgerRunner().then((m) => m.tillsLastSeen());

/**
 * One screen after the other, each when the main thread is idle: fetched and compiled together,
 * or each right after the last, they made long tasks right after start-up on a slow tablet
 * (Lighthouse's total blocking time). The QR screen comes first.
 */
function preloadScreens() {
  const screens = [ChargeScreen, ResultScreen, HistoryScreen, SettingsScreen];
  const next = () => {
    const screen = screens.shift();
    if (screen) {
      const after = () => whenIdle(next);
      void screen.preload().then(after, after);
    }
  };
  whenIdle(next);
}

/**
 * Its children once the main thread is first idle after they would have been shown: code that is
 * not on the first screen (late-payment alert and watch, the update prompt) is fetched, run and
 * rendered after it, not in the same burst of work. Only this wrapper renders again for it.
 */
function AfterStartup({ children }: { children: ReactNode }) {
  const [due, setDue] = useState(false);
  useEffect(() => whenIdle(() => startTransition(() => setDue(true))), []);
  return due ? children : null;
}

let startup: { settings: Promise<Settings>; resume: Promise<ChargeRecord | undefined> } | null = null;

/** Starts reading storage (settings, interrupted charges); main.tsx calls it before React renders. */
export function beginStartup() {
  if (!startup) {
    const settings = loadSettings();
    const route = routeAtStart();
    startup = {
      settings,
      resume: import('./resume').then((m) =>
        m.chargeToResume(settings, route.screen === 'charge' ? route.traceId : undefined),
      ),
    };
  }
  return startup;
}

export function App() {
  const settings = useSettings();
  // The owner's language: the first screen waits for it (no flash of another language); later
  // switches (from Settings) happen under the screen that is up.
  const languageReady = useLanguageFromSettings();
  const [languageStarted, setLanguageStarted] = useState(false);
  if (!languageStarted && languageReady && settings) setLanguageStarted(true);
  const online = useOnline();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [charge, setCharge] = useCurrentCharge();
  const [resumed, setResumed] = useState(false);
  const chargeOpen = charge?.status === 'open';
  const chargeOpenRef = useRef(chargeOpen);
  // The charge whose screen (QR or result) is up; a cancelled one shows nothing.
  const shown = charge && charge.status !== 'cancelled' ? charge : null;
  const shownRef = useRef(shown);
  useEffect(() => {
    chargeOpenRef.current = chargeOpen;
    shownRef.current = shown;
  });
  // Back pressed on this open charge's QR: "Leave this charge?" is up (its traceId).
  const [leaving, setLeaving] = useState<string | null>(null);
  // A /charge/<traceId> reached by back or forward, being read from the journal.
  const [readingUrl, setReadingUrl] = useState<string | null>(null);
  const ready = !!settings?.payeeId && !!settings.settlementAssetId && !!settings.pin;
  const tillId = settings?.tillId;

  const nav = useRoute((next: Route) => {
    const current = shownRef.current;
    if (current && !sameRoute(next, chargeRoute(current.traceId))) {
      // Never away from an open charge without asking: its URL goes back (below) and the
      // question comes up. On a result, back is "New sale".
      if (current.status === 'open') return setLeaving(current.traceId);
      void applyChargeEvent(current.traceId, { type: 'acknowledge', at: Date.now() }).catch(() => undefined);
      setCharge(null);
    }
    if (next.screen === 'charge' && next.traceId !== current?.traceId) {
      const traceId = next.traceId;
      setReadingUrl(traceId);
      import('./resume')
        .then((m) => m.chargeAtUrl(traceId, tillId))
        .then(
          (found) => {
            setReadingUrl(null);
            if (found) setCharge(found);
          },
          () => setReadingUrl(null),
        );
    }
  });
  const { route, open: openRoute, home } = nav;

  // The URL follows the screen: a charge's QR or result is at /charge/<traceId> (pushed on the
  // keypad, or in place of History or a previous charge); a charge URL with nothing to show for
  // it (unknown, another till's, cancelled, moved on from) goes back to the keypad.
  const started = !!settings && resumed;
  const shownTrace = shown?.traceId;
  useEffect(() => {
    if (!started) return;
    // Onboarding has no URL of its own: a link opened on a till not set up yet ends on the keypad.
    if (!ready) {
      if (route.screen !== 'keypad') home();
      return;
    }
    if (shownTrace) openRoute(chargeRoute(shownTrace));
    else if (route.screen === 'charge' && readingUrl === null) home();
  }, [started, ready, shownTrace, route, readingUrl, openRoute, home]);

  const cancelCharge = useCallback(
    (c: ChargeRecord) => {
      void applyChargeEvent(c.traceId, { type: 'cancel', at: Date.now() }).then(
        // If the result won the race, its screen stays up; otherwise back to the keypad.
        ({ after }) => {
          if (after.status === 'cancelled') setCharge(null);
        },
        () => setCharge(null),
      );
    },
    [setCharge],
  );
  const newSale = useCallback(
    (c: ChargeRecord) => {
      void applyChargeEvent(c.traceId, { type: 'acknowledge', at: Date.now() }).catch(() => undefined);
      setCharge(null);
    },
    [setCharge],
  );

  const apiUrl = settings?.apiUrl;
  const ledger = settings?.ledger ?? null;
  const ledgerUrl = ledger?.url;
  useEffect(() => {
    // A new API or ledger URL needs a fresh page for the tighter CSP (never under an open charge).
    if (apiUrl && restrictConnectionsTo(apiUrl, ledgerUrl) && !chargeOpenRef.current) {
      keypadBeforeReload();
      window.location.reload();
    }
  }, [apiUrl, ledgerUrl]);

  // The shop ledger follows the settings: started (in one tab of this device), restarted for a new
  // connection, stopped when removed. Nothing of it is loaded while no ledger is configured.
  useEffect(() => {
    if (ready && settings && (settings.ledger || ledgerRunner))
      void loadLedgerRunner().then((m) => m.followSettings(settings), console.warn);
  }, [ready, settings]);

  useEffect(() => {
    const { settings, resume } = beginStartup();
    settings.catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    // A charge interrupted by a reload, crash or update: bring back its QR or its result. The
    // first real screen comes in a transition: React renders it in slices that let the browser in
    // between, not in one long task on a slow tablet (Lighthouse's total blocking time).
    resume
      .catch((e: unknown) => console.error('Journal unavailable', e))
      .then((found) =>
        startTransition(() => {
          if (found) setCharge(found);
          setResumed(true);
        }),
      );
  }, [setCharge]);

  // Fetch the other screens once the first real screen is painted (not before: on a slow tablet
  // their parsing would delay it), and well before a cashier can tap Charge.
  useEffect(() => {
    if (!started) return;
    const frame = requestAnimationFrame(() => setTimeout(preloadScreens, 0));
    return () => cancelAnimationFrame(frame);
  }, [started]);

  if (loadError) {
    return (
      <main className="screen center-screen" role="alert">
        <h1>
          <Trans>Storage unavailable</Trans>
        </h1>
        <p>
          <Trans>
            The app could not open its storage on this device ({loadError}). Private browsing can cause this.
          </Trans>
        </p>
      </main>
    );
  }
  if (!settings || !resumed || !languageStarted) {
    return (
      <main className="screen center-screen" aria-busy="true">
        <p className="muted">
          <Trans>Loading…</Trans>
        </p>
      </main>
    );
  }

  let screen: React.ReactNode;
  // Every screen but the keypad talks to MixPay: it waits for the services (a moment at start-up).
  let keypad = false;
  if (!ready || !settings.pin) {
    screen = <OnboardingScreen settings={settings} />;
  } else if (shown && shown.status === 'open') {
    screen = <ChargeScreen key={shown.traceId} charge={shown} onCancel={() => cancelCharge(shown)} />;
  } else if (shown) {
    screen = (
      <ResultScreen
        key={shown.traceId}
        charge={shown}
        onNewSale={() => newSale(shown)}
        onFollowUp={(next) => {
          // "Charge the difference" / "Charge again": this result is done with, the new QR is up.
          void applyChargeEvent(shown.traceId, { type: 'acknowledge', at: Date.now() }).catch(
            () => undefined,
          );
          setCharge(next);
        }}
      />
    );
  } else if (route.screen === 'history') {
    screen = <HistoryScreen onClose={home} ownerPin={settings.pin} />;
  } else if (route.screen === 'settings') {
    screen = <SettingsScreen settings={settings} onClose={home} />;
  } else if (route.screen === 'charge' && readingUrl !== null) {
    screen = loading;
  } else {
    keypad = true;
    screen = (
      <div className="screen">
        <header className="topbar">
          <span className="title">{settings.shopName || t`MixPay POS`}</span>
          {!online && (
            <span className="badge" role="status">
              <Trans>Offline</Trans>
            </span>
          )}
          {ledger && (
            <Suspense fallback={null}>
              <LedgerIndicator />
            </Suspense>
          )}
          <button type="button" className="btn small" onClick={() => openRoute({ screen: 'history' })}>
            <Trans>History</Trans>
          </button>
          <button type="button" className="btn small" onClick={() => openRoute({ screen: 'settings' })}>
            <Trans>Settings</Trans>
          </button>
        </header>
        <KeypadScreen settings={settings} onCharge={setCharge} />
      </div>
    );
  }

  return (
    // Banners take their own rows around the screen instead of floating over it, so they never
    // cover a button (Save, Charge) the cashier or owner needs.
    <MixPayProvider key={settings.apiUrl} apiUrl={settings.apiUrl}>
      <div className="shell">
        {ready && (
          <AfterStartup>
            <Suspense fallback={null}>
              <LatePaymentAlert
                tillId={settings.tillId}
                // Opening another charge is never offered over an open one's QR.
                onOpen={
                  shown?.status === 'open'
                    ? undefined
                    : (late) => {
                        if (shown && shown.traceId !== late.traceId) newSale(shown);
                        setCharge(late);
                      }
                }
              />
            </Suspense>
          </AfterStartup>
        )}
        {ready && (
          <MixPayReady>
            <AfterStartup>
              <Suspense fallback={null}>
                <LatePaymentWatch
                  tillId={settings.tillId}
                  tillsLastSeen={ledger ? tillsLastSeen : undefined}
                />
              </Suspense>
            </AfterStartup>
          </MixPayReady>
        )}
        <div className="shell-main">
          {keypad ? screen : <MixPayReady fallback={loading}>{screen}</MixPayReady>}
        </div>
        {shown?.status === 'open' && (
          <ConfirmDialog
            open={leaving === shown.traceId}
            title={t`Leave this charge?`}
            body={t`Leaving stops this charge and its QR code goes away. If the customer pays anyway, the app will alert you.`}
            confirmLabel={t`Leave`}
            dismissLabel={t`Stay`}
            onConfirm={() => {
              setLeaving(null);
              cancelCharge(shown);
            }}
            onDismiss={() => setLeaving(null)}
          />
        )}
        <AfterStartup>
          <Suspense fallback={null}>
            <ReloadPrompt chargeOpen={chargeOpen} />
          </Suspense>
        </AfterStartup>
      </div>
    </MixPayProvider>
  );
}
