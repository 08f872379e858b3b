import { Trans } from '@lingui/react/macro';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * Last line of defence: a render error shows a recovery screen instead of a blank page. Charges
 * live in the journal, so reloading is safe: an open charge comes back with its QR.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled render error', error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="screen center-screen" role="alert">
        <h1>
          <Trans>Something went wrong</Trans>
        </h1>
        <p>
          <Trans>The app hit an unexpected error. Open charges are saved and come back after a reload.</Trans>
        </p>
        <p className="muted small">{this.state.error.message}</p>
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          <Trans>Reload</Trans>
        </button>
      </main>
    );
  }
}
