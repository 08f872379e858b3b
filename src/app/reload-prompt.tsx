import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

const OFFLINE_NOTICE_MS = 8000;

/**
 * `registerType: 'prompt'`: a new version waits until the cashier chooses to reload. The prompt
 * is a bar below the screen, never over it, and stays hidden while a charge is open, so an update
 * never pulls the QR away (nor covers it).
 */
export function ReloadPrompt({ chargeOpen }: { chargeOpen: boolean }) {
  const { t } = useLingui();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError(error) {
      console.warn('Service worker registration failed', error);
    },
  });

  // "Ready to work offline" is news, not a question: it goes away by itself.
  useEffect(() => {
    if (!offlineReady || needRefresh) return;
    const timer = setTimeout(() => setOfflineReady(false), OFFLINE_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [offlineReady, needRefresh, setOfflineReady]);

  // Nothing may cover the QR code while a customer scans it: the notice waits for the sale to end.
  if (chargeOpen || (!needRefresh && !offlineReady)) return null;
  return (
    <div className="notice-bar" role="region" aria-label={t`App update`}>
      {needRefresh ? (
        <>
          <span>
            <Trans>A new version is ready.</Trans>
          </span>
          <button type="button" className="btn small primary" onClick={() => updateServiceWorker(true)}>
            <Trans>Reload</Trans>
          </button>
          <button type="button" className="btn small" onClick={() => setNeedRefresh(false)}>
            <Trans>Later</Trans>
          </button>
        </>
      ) : (
        <>
          <span>
            <Trans>Ready to work offline.</Trans>
          </span>
          <button type="button" className="btn small" onClick={() => setOfflineReady(false)}>
            <Trans>OK</Trans>
          </button>
        </>
      )}
    </div>
  );
}
