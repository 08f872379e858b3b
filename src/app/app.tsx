/**
 * The app shell: which screen is up. First run (no payee or PIN) → onboarding; an open charge
 * (also one found in the journal after a reload or crash) → its QR screen; otherwise the keypad,
 * with Settings and History behind the owner's PIN where the issue asks for it.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { KeypadScreen } from '@/charge/keypad-screen';
import { LatePaymentAlert } from '@/charge/late-payment-alert';
import { useCurrentCharge } from '@/charge/use-current-charge';
import { applyChargeEvent, chargesWithStatus, listCharges, type ChargeRecord } from '@/journal/journal';
import { isOwnCharge } from '@/lifecycle/tills';
import { resumesResult } from '@/lifecycle/lifecycle';
import { tracesPolledNow } from '@/mixpay/trace-locks';
import type { Settings } from '@/settings';
import { loadSettings } from '@/settings/settings-store';
import { MixPayProvider } from '@/settings/use-mixpay';
import { useSettings } from '@/settings/use-settings';
import { restrictConnectionsTo } from './content-security';
import { lazyScreen } from './lazy-screen';
import { ReloadPrompt } from './reload-prompt';
import { useOnline } from '@/shared/use-online';

// Only the keypad is in the first download; the other screens load on demand and are fetched
// in the background right after start-up, so the first charge's QR does not wait for the network.
const loading = (
  <main className="screen center-screen" aria-busy="true">
    <p className="muted">Loading…</p>
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
const LatePaymentWatch = lazy(() =>
  import('@/charge/late-payment-watch').then((m) => ({ default: m.LatePaymentWatch })),
);
let ledgerRunner: Promise<typeof import('./ledger-runner')> | null = null;
const loadLedgerRunner = () => (ledgerRunner ??= import('./ledger-runner'));
/** When each till was last heard of, for the late-payment watch (only with a ledger). */
const tillsLastSeen = () => loadLedgerRunner().then((m) => m.tillsLastSeen());

function preloadScreens() {
  for (const screen of [ChargeScreen, ResultScreen, HistoryScreen, SettingsScreen]) {
    void screen.preload().catch(() => undefined);
  }
}

let startup: { settings: Promise<Settings>; resume: Promise<ChargeRecord | undefined> } | null = null;

/**
 * The charge to come back to after a reload or crash: the newest open one, or else one that ended
 * in the last two minutes whose result the cashier has not moved on from. This till's only:
 * another till's charge (from the shop ledger) never becomes this screen's charge.
 */
async function chargeToResume(settings: Promise<Settings>): Promise<ChargeRecord | undefined> {
  const [open, latest, polled, { tillId }] = await Promise.all([
    chargesWithStatus('open'),
    listCharges({ limit: 5 }),
    tracesPolledNow(),
    settings,
  ]);
  const now = Date.now();
  const mine = (c: ChargeRecord) => isOwnCharge(c, tillId);
  // A charge another tab is showing stays there; the late-payment watch covers the rest.
  const resumed = open.find((c) => mine(c) && !polled.has(c.traceId));
  if (resumed) return resumed;
  // Other tills' sales among the latest (a shop ledger): this till's own latest are read again.
  const recent = latest.every(mine) ? latest : await listCharges({ limit: 5, filter: mine });
  return recent.find((c) => resumesResult(c, now));
}

/** Starts reading storage (settings, interrupted charges); main.tsx calls it before React renders. */
export function beginStartup() {
  if (!startup) {
    const settings = loadSettings();
    startup = { settings, resume: chargeToResume(settings) };
  }
  return startup;
}

type View = 'keypad' | 'settings' | 'history';

export function App() {
  const settings = useSettings();
  const online = useOnline();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [charge, setCharge] = useCurrentCharge();
  const [resumed, setResumed] = useState(false);
  const [view, setView] = useState<View>('keypad');
  const chargeOpen = charge?.status === 'open';
  const chargeOpenRef = useRef(chargeOpen);
  useEffect(() => {
    chargeOpenRef.current = chargeOpen;
  });
  const ready = !!settings?.payeeId && !!settings.settlementAssetId && !!settings.pin;
  const apiUrl = settings?.apiUrl;
  const ledger = settings?.ledger ?? null;
  const ledgerUrl = ledger?.url;
  useEffect(() => {
    // A new API or ledger URL needs a fresh page for the tighter CSP (never under an open charge).
    if (apiUrl && restrictConnectionsTo(apiUrl, ledgerUrl) && !chargeOpenRef.current)
      window.location.reload();
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
    // A charge interrupted by a reload, crash or update: bring back its QR or its result.
    resume
      .then((found) => {
        if (found) setCharge(found);
      })
      .catch((e: unknown) => console.error('Journal unavailable', e))
      .finally(() => setResumed(true));
  }, [setCharge]);

  // Fetch the other screens once the first real screen is painted (not before: on a slow tablet
  // their parsing would delay it), and well before a cashier can tap Charge.
  const started = !!settings && resumed;
  useEffect(() => {
    if (!started) return;
    const frame = requestAnimationFrame(() => setTimeout(preloadScreens, 0));
    return () => cancelAnimationFrame(frame);
  }, [started]);

  if (loadError) {
    return (
      <main className="screen center-screen" role="alert">
        <h1>Storage unavailable</h1>
        <p>
          The app could not open its storage on this device ({loadError}). Private browsing can cause this.
        </p>
      </main>
    );
  }
  if (!settings || !resumed) {
    return (
      <main className="screen center-screen" aria-busy="true">
        <p className="muted">Loading…</p>
      </main>
    );
  }

  let screen: React.ReactNode;
  if (!ready || !settings.pin) {
    screen = <OnboardingScreen settings={settings} />;
  } else if (charge && chargeOpen) {
    screen = (
      <ChargeScreen
        key={charge.traceId}
        charge={charge}
        onCancel={() => {
          void applyChargeEvent(charge.traceId, { type: 'cancel', at: Date.now() }).then(
            // If the result won the race, its screen stays up; otherwise back to the keypad.
            ({ after }) => {
              if (after.status === 'cancelled') setCharge(null);
            },
            () => setCharge(null),
          );
        }}
      />
    );
  } else if (charge && charge.status !== 'cancelled') {
    screen = (
      <ResultScreen
        key={charge.traceId}
        charge={charge}
        onNewSale={() => {
          void applyChargeEvent(charge.traceId, { type: 'acknowledge', at: Date.now() }).catch(() => undefined);
          setCharge(null);
        }}
        onFollowUp={(next) => {
          // "Charge the difference" / "Charge again": this result is done with, the new QR is up.
          void applyChargeEvent(charge.traceId, { type: 'acknowledge', at: Date.now() }).catch(
            () => undefined,
          );
          setCharge(next);
        }}
      />
    );
  } else if (view === 'history') {
    screen = <HistoryScreen onClose={() => setView('keypad')} ownerPin={settings.pin} />;
  } else if (view === 'settings') {
    screen = <SettingsScreen settings={settings} onClose={() => setView('keypad')} />;
  } else {
    screen = (
      <div className="screen">
        <header className="topbar">
          <span className="title">{settings.shopName || 'MixPay POS'}</span>
          {!online && (
            <span className="badge" role="status">
              Offline
            </span>
          )}
          {ledger && (
            <Suspense fallback={null}>
              <LedgerIndicator />
            </Suspense>
          )}
          <button type="button" className="btn small" onClick={() => setView('history')}>
            History
          </button>
          <button type="button" className="btn small" onClick={() => setView('settings')}>
            Settings
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
        {ready && <LatePaymentAlert tillId={settings.tillId} />}
        {ready && (
          <Suspense fallback={null}>
            <LatePaymentWatch tillId={settings.tillId} tillsLastSeen={ledger ? tillsLastSeen : undefined} />
          </Suspense>
        )}
        <div className="shell-main">{screen}</div>
        <ReloadPrompt chargeOpen={chargeOpen} />
      </div>
    </MixPayProvider>
  );
}
