/**
 * Which traces a tab of this origin is polling, read from the browser's Web Locks. Its own small
 * module so the app shell can ask at start-up without loading the scheduler (shop-budget.ts).
 */
export const DEFAULT_CHANNEL = 'mixpay-shop-budget';

/** The Web Lock a tab holds while it polls a trace. */
export function traceLockName(traceId: string, channelName = DEFAULT_CHANNEL): string {
  return `${channelName}:trace:${traceId}`;
}

/**
 * Traces some tab of this origin polls right now (from the browser's lock table). Empty without
 * Web Locks: then every tab takes its own charges back after a reload, as before.
 */
export async function tracesPolledNow(channelName = DEFAULT_CHANNEL): Promise<Set<string>> {
  const prefix = traceLockName('', channelName);
  const out = new Set<string>();
  if (typeof navigator === 'undefined' || !navigator.locks?.query) return out;
  const { held = [] } = await navigator.locks.query();
  for (const lock of held) if (lock.name?.startsWith(prefix)) out.add(lock.name.slice(prefix.length));
  return out;
}
