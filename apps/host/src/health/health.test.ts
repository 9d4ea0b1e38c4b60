import { openDeliveryStore } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkFor } from '../admin/admin-sdk-client.ts';
import { basicAuth } from '../test-support/test-host.ts';
import { type HealthHost, BACKENDS, startHealthHost } from './__fixtures__/health-host.ts';
import { type Loopback, type ReceivedMail, startLoopback, startSmtp } from './__fixtures__/loopback.ts';
import type { WorkspaceHealth } from './health-compute.ts';
import { type IncidentNotifier, startIncidentNotifier } from './incident-notifier.ts';
import { createMailer } from './mailer.ts';

const CONTACTS = [
  { name: 'Ops', email: 'ops@example.com' },
  { name: 'Oncall', email: 'oncall@example.com' },
];

async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(BACKENDS)('Workspace Health, incidents and usage on %s', (backend) => {
  let host: HealthHost;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const sinks: Record<'ok' | 'bad' | 'down' | 'hook', Loopback> = {} as never;
  const ids: Record<'ok' | 'bad' | 'down', string> = {} as never;
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${host.api}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: checked field by field
    return { status: res.status, json: (await res.json()) as any };
  };
  const track = (body: unknown) =>
    fetch(`${host.url}/v1/batch`, { method: 'POST', headers: { authorization: basicAuth(host.writeKey), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    host = await startHealthHost(backend);
    smtp = await startSmtp();
    sinks.ok = await startLoopback(200);
    sinks.bad = await startLoopback(400);
    sinks.down = await startLoopback(500);
    sinks.hook = await startLoopback(200);
    const delivery = openDeliveryStore(host.store);
    for (const name of ['ok', 'bad', 'down'] as const) {
      const d = await host.store.destinations.create({ sourceId: host.sourceId, integration: 'webhook', pluginVersion: '1.0.0', name: `Hook ${name}`, settings: JSON.stringify({ url: sinks[name].url }) });
      await delivery.config.createSubscription({ destinationId: d.id, actionId: 'send', name: 'All', trigger: 'all' });
      await delivery.config.setOptions(d.id, { ordered: false, batch: false, retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
      ids[name] = d.id;
    }
    await host.engine.start();
  }, 30_000);
  afterAll(async () => {
    await host?.close();
    await smtp?.close();
    for (const s of Object.values(sinks)) await s.close();
  });

  it('counts ingest, computes every resource state with reasons, and checks settings', async () => {
    expect((await api('/', { method: 'PATCH', body: { incidentContacts: CONTACTS } })).status).toBe(200);
    const bad = await api('/workspace-health/settings', { method: 'PATCH', body: { thresholds: { destinationSuccessRate: { failing: 2 } } } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].message).toMatch(/destinationSuccessRate\.failing must be a number from 0 to 1/);
    const set = await api('/workspace-health/settings', { method: 'PATCH', body: { thresholds: { minEvents: 1, recoveryHoldSeconds: 0 }, incidentWebhookUrl: `${sinks.hook.url}?token=hook-secret-123` } });
    expect(set.status).toBe(200);
    expect(set.json.data.settings.incidentWebhook).toEqual({ configured: true, origin: new URL(sinks.hook.url).origin });
    expect(JSON.stringify(set.json)).not.toContain('hook-secret-123');

    const valid = Array.from({ length: 10 }, (_, i) => ({
      type: 'track',
      event: i < 6 ? 'Order Completed' : 'Signed Up',
      messageId: `m-${i}`,
      anonymousId: `anon-${i}`,
      ...(i < 5 ? { userId: `user-${i}` } : {}),
    }));
    expect((await track({ batch: valid })).status).toBe(200);
    const invalid = Array.from({ length: 10 }, (_, i) => ({ type: 'track', userId: `user-${i}`, messageId: `x-${i}` }));
    expect((await track({ batch: invalid })).status).toBe(400);
    expect((await fetch(`${host.url}/v1/batch`, { method: 'POST', headers: { authorization: basicAuth('wk_unknown') }, body: '{"batch":[]}' })).status).toBe(401);

    await until(() => sinks.ok.bodies.length === 10 && sinks.bad.bodies.length === 10 && sinks.down.bodies.length >= 1, 'deliveries');
    await until(async () => {
      await host.engine.flushMetrics();
      const s = await host.engine.summary({ destinationId: ids.bad, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
      return s.outcomes.failed === 10;
    }, 'metrics of the 400 destination');

    const res = await api('/workspace-health');
    expect(res.status).toBe(200);
    const health = res.json.data.health as WorkspaceHealth;
    expect(health.state).toBe('failing');
    expect(health.storage).toMatchObject({ type: 'storage', state: 'healthy', metrics: { reachable: true } });
    expect(health.sources).toHaveLength(1);
    expect(health.sources[0]).toMatchObject({ id: host.sourceId, state: 'failing', metrics: { accepted: 10, rejected: { event_not_defined: 10 }, apiCalls: 2 } });
    expect(health.sources[0]!.reasons[0]).toMatch(/^50\.0% of events rejected at ingest \(10 of 20; event_not_defined 10\)/);
    const dest = (id: string) => health.destinations.find((d) => d.id === id)!;
    expect(dest(ids.ok)).toMatchObject({ state: 'healthy', reasons: [], metrics: { successRate: 1, outcomes: { delivered: 10, failed: 0, retried: 0 } } });
    expect(dest(ids.bad)).toMatchObject({ state: 'failing', metrics: { successRate: 0, outcomes: { delivered: 0, failed: 10 } } });
    const badErrors = (dest(ids.bad).metrics as { errors: Array<{ outcome: string; errorCode: string; count: number }> }).errors;
    expect(badErrors).toHaveLength(1);
    expect(badErrors[0]).toMatchObject({ outcome: 'failed', count: 10 });
    expect(dest(ids.bad).reasons[0]).toContain(`failed ${badErrors[0]!.errorCode} ×10`);
    expect(dest(ids.down).state).toBe('failing');
    expect(dest(ids.down).metrics).toMatchObject({ successRate: 0, outcomes: { delivered: 0, failed: 0 } });
    expect(dest(ids.down).reasons[0]).toMatch(/^delivery success rate 0\.0% \(0 of \d+ attempts\) is below 50\.0%; errors: retried /);

    const one = await api(`/workspace-health/destinations/${ids.bad}`);
    expect(one.json.data.destination).toMatchObject({ id: ids.bad, state: 'failing' });
    expect((await api('/workspace-health/destinations/nope')).status).toBe(404);
    expect((await api(`/workspace-health/sources/${host.sourceId}`)).json.data.source.state).toBe('failing');
  }, 30_000);

  it('mails each incident contact once per incident and once on recovery, from two hosts at once', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Junction <junction@example.com>' });
    const flush = async () => {
      await host.ingest.flush();
      await host.engine.flushMetrics();
    };
    const make = (store: typeof host.store, shiftMs: number): IncidentNotifier =>
      startIncidentNotifier({ store, mailer, intervalMs: 0, flush, hostId: `h${shiftMs}`, now: () => Date.now() + shiftMs, log: () => {} });
    const [a, b] = [make(host.store, 0), make(host.other, 0)];
    const first = await Promise.all([a.evaluate(), b.evaluate()]);
    expect(first.flatMap((r) => r.opened).sort()).toEqual([`destination:${ids.bad}`, `destination:${ids.down}`, `source:${host.sourceId}`].sort());
    await until(() => smtp.mails.length >= 6, 'incident mails');
    const perContact = (mails: ReceivedMail[], email: string) => mails.filter((m) => m.to.includes(email)).map((m) => m.subject).sort();
    const incidentSubjects = ['[Junction] Incident: destination "Hook bad" is failing', '[Junction] Incident: destination "Hook down" is failing', '[Junction] Incident: source "Web" is failing'];
    for (const c of CONTACTS) expect(perContact(smtp.mails, c.email)).toEqual(incidentSubjects);
    expect(sinks.hook.bodies.map((b) => JSON.parse(b).type)).toEqual(['incident.opened', 'incident.opened', 'incident.opened']);

    // Still bad: nothing more.
    await Promise.all([a.evaluate(), b.evaluate(), a.evaluate()]);
    expect(smtp.mails).toHaveLength(6);

    // 30 minutes later the window holds no new traffic: the source and the 400 destination recover;
    // the 500 destination keeps a backlog whose oldest event is 30 minutes old (degraded): no mail.
    const [c, d] = [make(host.store, 30 * 60_000), make(host.other, 30 * 60_000)];
    const later = await Promise.all([c.evaluate(), d.evaluate()]);
    expect(later.flatMap((r) => r.closed).sort()).toEqual([`destination:${ids.bad}`, `source:${host.sourceId}`].sort());
    await c.evaluate();
    expect(smtp.mails).toHaveLength(10);
    for (const contact of CONTACTS) {
      expect(perContact(smtp.mails, contact.email)).toEqual(
        [...incidentSubjects, '[Junction] Resolved: destination "Hook bad" is healthy again', '[Junction] Resolved: source "Web" is healthy again'].sort(),
      );
    }
    expect(sinks.hook.bodies.map((b) => JSON.parse(b).type).filter((t) => t === 'incident.resolved')).toHaveLength(2);
    const incidents = (await api('/workspace-health/incidents')).json.data.incidents as Array<{ resourceId: string; closedAt: string | null; notified: string[]; state: string }>;
    expect(incidents).toHaveLength(3);
    const down = incidents.find((i) => i.resourceId === ids.down)!;
    expect(down).toMatchObject({ closedAt: null, notified: ['incident'], state: 'failing' });
    expect(incidents.filter((i) => i.closedAt !== null).every((i) => i.notified.join() === 'incident,recovery')).toBe(true);
    for (const n of [a, b, c, d]) await n.stop();
    mailer.close();
  }, 30_000);

  it('serves usage and events volume through the Segment SDK', async () => {
    const sdk = sdkFor(host.api, host.token);
    const today = new Date().toISOString().slice(0, 10);
    const period = `${today.slice(0, 8)}01`;
    const days = Number(today.slice(8, 10));
    const calls = (await sdk.apiCalls.getDailyWorkspaceAPICallsUsage(period, { count: 100 })).body.data!;
    expect(calls.dailyWorkspaceAPICallsUsage).toHaveLength(days);
    expect(calls.dailyWorkspaceAPICallsUsage.at(-1)).toEqual({ apiCalls: '2', timestamp: `${today}T00:00:00.000Z` });
    const perSource = (await sdk.apiCalls.getDailyPerSourceAPICallsUsage(period, { count: 100 })).body.data!;
    expect(perSource.dailyPerSourceAPICallsUsage.at(-1)).toEqual({ sourceId: host.sourceId, apiCalls: '2', timestamp: `${today}T00:00:00.000Z` });
    const mtu = (await sdk.monthlyTrackedUsers.getDailyWorkspaceMTUUsage(period, { count: 100 })).body.data!;
    expect(mtu.dailyWorkspaceMTUUsage.at(-1)).toMatchObject({ identified: '5', anonymous: '10', anonymousIdentified: '5', neverIdentified: '5', timestamp: `${today}T00:00:00.000Z` });
    const mtuSources = (await sdk.monthlyTrackedUsers.getDailyPerSourceMTUUsage(period, { count: 100 })).body.data!;
    expect(mtuSources.dailyPerSourceMTUUsage.at(-1)).toMatchObject({ sourceId: host.sourceId, identified: '5', neverIdentified: '5' });
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    const volume = (await sdk.events.getEventsVolumeFromWorkspace('HOUR', start, end, ['eventName'])).body.data!;
    expect(volume.result.map((r) => [r.eventName, r.total])).toEqual([
      ['Order Completed', 6],
      ['Signed Up', 4],
    ]);
    expect(volume.result[0]!.series.reduce((s, p) => s + p.count, 0)).toBe(6);
    const total = (await sdk.events.getEventsVolumeFromWorkspace('MINUTE', start, end)).body.data!;
    expect(total.result).toHaveLength(1);
    expect(total.result[0]!.total).toBe(10);
    const first = Math.floor(Date.parse(start) / 60_000) * 60_000;
    expect(total.result[0]!.series).toHaveLength(Math.ceil((Date.parse(end) - first) / 60_000));
  }, 30_000);
});
