import { hostname } from 'node:os';
import type { Store } from '@junction/store';
import type { AdminHealthDeps } from '../admin/admin-deps.ts';
import { createIngestRecorder, type IngestRecorder } from '../tracking/ingest-recorder.ts';
import { type IncidentNotifier, startIncidentNotifier } from './incident-notifier.ts';
import { createMailer } from './mailer.ts';

/** The part of the engine health reads (breaker states appear once the engine reports them). */
export interface EngineView {
  flushMetrics(): Promise<void>;
  status(): object;
}

/**
 * Circuit-breaker states from `engine.status().breakers`, when the engine reports them.
 *
 * @example
 * breakerStates(engine); // { dst_1: { state: 'open', … } } or undefined
 */
export function breakerStates(engine: EngineView | undefined): Record<string, { state: string }> | undefined {
  const breakers = (engine?.status() as { breakers?: unknown } | undefined)?.breakers;
  return breakers && typeof breakers === 'object' ? (breakers as Record<string, { state: string }>) : undefined;
}

/** What {@link startHealth} starts. */
export interface HealthRuntime {
  ingest: IngestRecorder;
  /** For `createApp({ admin: { …, health } })`. */
  admin: AdminHealthDeps;
  notifier: IncidentNotifier | undefined;
  /** Stops the notifier, flushes the ingest metrics and closes the mailer. */
  stop(): Promise<void>;
}

/**
 * Starts the ingest metrics recorder and (unless `intervalSeconds` is 0) the incident notifier,
 * emailing through `smtpUrl` when set. `engine()` is read lazily (the engine starts later).
 *
 * @example
 * const health = startHealth({ store, intervalSeconds: 60, smtpUrl: process.env.SMTP_URL, mailFrom: 'ops@example.com', ingestFlushMs: 5000, engine: () => engine });
 * createApp({ store, ingest: health.ingest, admin: { store, catalog, cipher, health: health.admin } });
 */
export function startHealth(o: { store: Store; intervalSeconds: number; smtpUrl: string | undefined; mailFrom: string; ingestFlushMs: number; engine: () => EngineView | undefined }): HealthRuntime {
  const ingest = createIngestRecorder(o.store, { flushMs: o.ingestFlushMs });
  const hostId = `${hostname()}:${process.pid}`;
  const flush = async () => {
    await ingest.flush();
    await o.engine()?.flushMetrics();
  };
  const breakers = () => breakerStates(o.engine());
  const mailer = o.smtpUrl ? createMailer({ smtpUrl: o.smtpUrl, from: o.mailFrom }) : undefined;
  const notifier =
    o.intervalSeconds > 0
      ? startIncidentNotifier({ store: o.store, ...(mailer ? { mailer } : {}), intervalMs: o.intervalSeconds * 1000, flush, breakers, hostId })
      : undefined;
  return {
    ingest,
    admin: { flush, breakers, hostId },
    notifier,
    async stop() {
      await notifier?.stop();
      await ingest.stop();
      mailer?.close();
    },
  };
}
