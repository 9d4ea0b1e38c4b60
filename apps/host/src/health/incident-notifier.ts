import { type Contact, type HealthState, healthSettingsRepo, healthStateRepo, newId, openAdminStore } from '@junction/store';
import { computeWorkspaceHealth, type HealthDeps, type ResourceHealth } from './health-compute.ts';
import { type IncidentNotice, incidentMail, incidentWebhookBody } from './incident-message.ts';
import type { Mailer } from './mailer.ts';
import { probeStorage } from './storage-probe.ts';

/** Options of {@link startIncidentNotifier}. */
export interface IncidentNotifierOptions extends Omit<HealthDeps, 'probe'> {
  /** Without one, incidents are still recorded (and webhooks sent) but no email goes out. */
  mailer?: Mailer;
  /** Evaluation interval (default 60 s); 0 = no timer (call `evaluate()` yourself). */
  intervalMs?: number;
  log?: (message: string) => void;
  /** Webhook timeout (default 10 s). */
  webhookTimeoutMs?: number;
}

/**
 * What one evaluation did.
 *
 * @example
 * const r: EvaluationReport = { workspaces: 1, opened: ['destination:dst_1'], closed: [], sent: 2 };
 */
export interface EvaluationReport {
  workspaces: number;
  opened: string[];
  closed: string[];
  /** Emails and webhook calls that succeeded. */
  sent: number;
}

/** The periodic incident evaluator. */
export interface IncidentNotifier {
  /** Runs one evaluation now (waits for a running one first). */
  evaluate(): Promise<EvaluationReport>;
  /** Stops the timer and waits for a running evaluation. */
  stop(): Promise<void>;
}

const BAD = new Set<HealthState>(['degraded', 'failing']);

/**
 * Compares every resource's health with its last known state in the store and notifies the
 * workspace's incident contacts (one email each, plus the incident webhook when set) when an
 * incident opens, and once more when it closes. Opening and closing are claimed with conditional
 * updates, so several hosts on one database send each notice once. See docs/workspace-health.md.
 *
 * @example
 * const notifier = startIncidentNotifier({ store, mailer: createMailer({ smtpUrl, from }), intervalMs: 60_000 });
 * process.on('SIGTERM', () => notifier.stop());
 */
export function startIncidentNotifier(options: IncidentNotifierOptions): IncidentNotifier {
  const { store } = options;
  const log = options.log ?? ((m: string) => console.error(`incidents: ${m}`));
  const now = options.now ?? Date.now;
  const states = healthStateRepo(store.db);
  const settings = healthSettingsRepo(store.db);
  const admin = openAdminStore(store);
  /** Last contacts seen per workspace, to reach them when the database is down. */
  const lastKnown = new Map<string, { name: string; contacts: Contact[]; webhook: string | null }>();
  /** Per-host storage-outage incident (the database cannot hold a claim while it is unreachable). */
  let outage: { id: string } | undefined;
  let running: Promise<EvaluationReport> | undefined;

  async function deliver(notice: IncidentNotice, contacts: readonly Contact[], webhook: string | null): Promise<number> {
    let sent = 0;
    const mail = incidentMail(notice);
    for (const c of options.mailer ? contacts : []) {
      try {
        await options.mailer!.send({ to: c.name ? `"${c.name.replaceAll('"', '')}" <${c.email}>` : c.email, ...mail });
        sent++;
      } catch (error) {
        log(`email about incident ${notice.incidentId} to a contact failed: ${(error as Error).message}`);
      }
    }
    if (webhook) {
      try {
        const res = await fetch(webhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Junction-Incidents/1' },
          body: JSON.stringify(incidentWebhookBody(notice)),
          signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 10_000),
        });
        if (res.ok) sent++;
        else log(`incident webhook of workspace ${notice.workspace.id} answered ${res.status}`);
      } catch (error) {
        log(`incident webhook of workspace ${notice.workspace.id} failed: ${(error as Error).name}`);
      }
    }
    return sent;
  }

  async function storageDown(report: EvaluationReport, error: string | undefined): Promise<void> {
    if (outage) return;
    outage = { id: `inc_storage_${newId()}` };
    const at = new Date(now()).toISOString();
    for (const [id, ws] of lastKnown) {
      const notice: IncidentNotice = { kind: 'incident', incidentId: outage.id, workspace: { id, name: ws.name }, resource: { type: 'storage', id: 'storage', name: 'Storage' }, state: 'failing', reasons: [`storage is unreachable: ${error ?? 'write failed'}`], at };
      report.sent += await deliver(notice, ws.contacts, ws.webhook);
    }
    report.opened.push('storage:unreachable');
  }

  async function evaluateWorkspace(ws: { id: string; name: string }, report: EvaluationReport, probe: Awaited<ReturnType<typeof probeStorage>>): Promise<void> {
    const s = await settings.get(ws.id);
    const contacts = (await admin.workspaceSettings.get(ws.id)).incidentContacts;
    lastKnown.set(ws.id, { name: ws.name, contacts, webhook: s.incidentWebhookUrl });
    const health = await computeWorkspaceHealth({ ...options, probe }, ws.id, s.thresholds);
    const at = new Date(now()).toISOString();
    const resources: ResourceHealth[] = [health.storage, ...health.sources, ...health.destinations];
    for (const r of resources) {
      const key = { workspaceId: ws.id, resourceType: r.type, resourceId: r.id };
      const stored = await states.observe(key, r.state, r.reasons, at);
      const base = { workspace: ws, resource: { type: r.type, id: r.id, name: r.name }, state: r.state, reasons: r.reasons, at };
      if (BAD.has(r.state) && !stored.incidentId) {
        const id = newId();
        if (await states.claimOpen(key, { id, resourceName: r.name, state: r.state, reasons: r.reasons, openedAt: at })) {
          report.opened.push(`${r.type}:${r.id}`);
          report.sent += await deliver({ kind: 'incident', incidentId: id, ...base }, contacts, s.incidentWebhookUrl);
          await states.markNotified(id, 'incident');
        }
      } else if (BAD.has(r.state) && stored.incidentId) {
        await states.escalate(stored.incidentId, r.state, r.reasons);
      } else if (stored.incidentId) {
        const heldMs = stored.healthySince ? Date.parse(at) - Date.parse(stored.healthySince) : 0;
        const recovered = r.state === 'disabled' || heldMs >= s.thresholds.recoveryHoldSeconds * 1000;
        if (recovered && (await states.claimClose(key, stored.incidentId, at))) {
          report.closed.push(`${r.type}:${r.id}`);
          report.sent += await deliver({ kind: 'recovery', incidentId: stored.incidentId, ...base }, contacts, s.incidentWebhookUrl);
          await states.markNotified(stored.incidentId, 'recovery');
        }
      }
    }
    await states.forgetOthers(ws.id, resources.map((r) => ({ workspaceId: ws.id, resourceType: r.type, resourceId: r.id })), at);
  }

  async function run(): Promise<EvaluationReport> {
    const report: EvaluationReport = { workspaces: 0, opened: [], closed: [], sent: 0 };
    const probe = await probeStorage(store, options.hostId ?? 'host');
    if (!probe.reachable) {
      await storageDown(report, probe.error);
      return report;
    }
    if (outage) {
      // Back: tell the contacts once (this host told them of the outage).
      const at = new Date(now()).toISOString();
      for (const [id, ws] of lastKnown) {
        report.sent += await deliver({ kind: 'recovery', incidentId: outage.id, workspace: { id, name: ws.name }, resource: { type: 'storage', id: 'storage', name: 'Storage' }, state: 'healthy', reasons: [], at }, ws.contacts, ws.webhook);
      }
      report.closed.push('storage:unreachable');
      outage = undefined;
    }
    for (const ws of await store.workspaces.list()) {
      report.workspaces++;
      try {
        await evaluateWorkspace(ws, report, probe);
      } catch (error) {
        log(`evaluating workspace ${ws.id} failed: ${(error as Error).message}`);
      }
    }
    return report;
  }

  const evaluate = async (): Promise<EvaluationReport> => {
    while (running) await running.catch(() => undefined);
    running = run();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  const interval = options.intervalMs ?? 60_000;
  const timer = interval > 0 ? setInterval(() => void evaluate().catch((e: Error) => log(`evaluation failed: ${e.message}`)), interval) : undefined;
  timer?.unref();
  return {
    evaluate,
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
