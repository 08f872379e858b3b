/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/react" />

interface ImportMetaEnv {
  readonly VITE_MIXPAY_API_URL?: string;
  readonly VITE_MIXPAY_CHECKOUT_URL?: string;
}
