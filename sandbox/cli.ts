/** `npm start`: serves the sandbox build of the app together with the MixPay sandbox. */
import { startServer } from './server.ts';

const server = await startServer({
  port: Number(process.env.PORT ?? 4173),
  host: process.env.HOST ?? '127.0.0.1',
});

console.log(`MixPay POS (sandbox) running at ${server.url}`);
console.log(`MixPay sandbox API: ${server.url}sandbox/v1  checkout: ${server.url}sandbox`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, stopping.`);
  // A stuck close must not keep the terminal hostage.
  setTimeout(() => process.exit(1), 5000).unref();
  await server.close();
  process.exit(0);
}

process.once('SIGINT', (signal) => void stop(signal));
process.once('SIGTERM', (signal) => void stop(signal));
