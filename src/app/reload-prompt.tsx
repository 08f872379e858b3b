import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * `registerType: 'prompt'`: a new version waits until the cashier chooses to reload, and the
 * Reload button is held back while a charge is open, so an update never pulls the QR away.
 */
export function ReloadPrompt({ chargeOpen }: { chargeOpen: boolean }) {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError(error) {
      console.warn('Service worker registration failed', error);
    },
  });

  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="toast" role="region" aria-label="App update">
      {needRefresh ? (
        <>
          <span>
            {chargeOpen ? 'A new version is ready. It installs after this sale.' : 'A new version is ready.'}
          </span>
          <button
            type="button"
            className="btn small primary"
            disabled={chargeOpen}
            onClick={() => updateServiceWorker(true)}
          >
            Reload
          </button>
          <button type="button" className="btn small" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </>
      ) : (
        <>
          <span>Ready to work offline.</span>
          <button type="button" className="btn small" onClick={() => setOfflineReady(false)}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
