import { healthStateRepo, type Store } from '@junction/store';

/**
 * Result of one storage probe.
 *
 * @example
 * const r: ProbeResult = { reachable: true, writeLatencyMs: 2 };
 */
export interface ProbeResult {
  reachable: boolean;
  writeLatencyMs: number | undefined;
  /** Why it failed (URLs removed). */
  error?: string;
}

/**
 * Writes the host's probe row and measures how long the commit takes; never throws.
 *
 * @example
 * const r = await probeStorage(store, 'host-1'); // { reachable: true, writeLatencyMs: 1 }
 */
export async function probeStorage(store: Store, hostId: string, timeoutMs = 10_000): Promise<ProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      healthStateRepo(store.db).probe(hostId, new Date().toISOString()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { reachable: true, writeLatencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
    return { reachable: false, writeLatencyMs: undefined, error: message };
  } finally {
    clearTimeout(timer);
  }
}
