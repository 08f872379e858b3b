/**
 * Mounts the MixPay sandbox in Vite's dev and preview servers, so `vite --mode sandbox` serves
 * the app and `/sandbox/…` from one origin. Dev and preview share one sandbox instance.
 */
import type { Connect, Plugin } from 'vite';
import { createSandbox } from './mixpay-sandbox.ts';

export function mixpaySandbox(): Plugin {
  const sandbox = createSandbox();
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    sandbox.handle(req, res).then(
      (handled) => {
        if (!handled) next();
      },
      (error: unknown) => next(error),
    );
  };
  return {
    name: 'mixpay-sandbox',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
