import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestMetricsRepo, openStore, type Store } from '@junction/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcceptedTally, createIngestRecorder, tallyEvent } from './ingest-recorder.ts';

let dataDir: string;
let store: Store;
let sourceId: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'junction-recorder-'));
  store = await openStore({ dataDir });
  const workspace = await store.workspaces.create({ slug: 'rec', name: 'Recorder' });
  sourceId = (await store.sources.create({ workspaceId: workspace.id, slug: 'web', name: 'Web' })).id;
});
afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const minute = '2024-05-01T12:03:00.000Z';
const clock = () => Date.parse('2024-05-01T12:03:30.000Z');

describe('ingest recorder: accepted tallies', () => {
  it('writes volume per type and name, capping names per minute in order of first appearance', async () => {
    const recorder = createIngestRecorder(store, { flushMs: 3_600_000, maxNamesPerMinute: 2, clock });
    const tally = createAcceptedTally();
    for (const e of [
      { type: 'track', event: 'A', userId: 'u1' },
      { type: 'page', name: 'B', anonymousId: 'x1' },
      { type: 'track', event: 'C', userId: 'u1' }, // third name: counted as (other)
      { type: 'track', event: 'A', anonymousId: 'x2' },
      { type: 'identify', userId: 'u2', anonymousId: 'x1' }, // '' is a name too: (other)
    ]) tallyEvent(tally, e);
    recorder.accepted(sourceId, tally);
    await recorder.stop();
    const repo = ingestMetricsRepo(store.db);
    const volume = await repo.volume([sourceId], minute, '2024-05-01T12:04:00.000Z');
    const rows = volume.map((v) => `${v.eventType}/${v.eventName}=${v.count}`).sort();
    expect(rows).toEqual(['identify/(other)=1', 'page/B=1', 'track/(other)=1', 'track/A=2']);
    expect(await repo.totals([sourceId], minute, '2024-05-01T12:04:00.000Z')).toEqual([
      { sourceId, outcome: 'accepted', reason: '', count: 5 },
    ]);
    const mtu = await repo.mtu([sourceId], '2024-05-01', '2024-05-02', false);
    const byKind = Object.fromEntries(['user', 'anonymous'].map((kind) => [kind, mtu.filter((g) => g.kind === kind)]));
    expect(byKind.user!.reduce((n, g) => n + g.count, 0)).toBe(2);
    // x1 appeared with u2 (linked), x2 never with a userId.
    expect(byKind.anonymous!.map((g) => [g.firstLinkedDay, g.count]).sort()).toEqual([[null, 1], ['2024-05-01', 1]]);
  });

  it('an empty tally records nothing', async () => {
    const recorder = createIngestRecorder(store, { flushMs: 3_600_000, clock: () => Date.parse('2024-06-01T00:00:30.000Z') });
    recorder.accepted(sourceId, createAcceptedTally());
    await recorder.stop();
    expect(await ingestMetricsRepo(store.db).totals([sourceId], '2024-06-01T00:00:00.000Z', '2024-06-01T00:01:00.000Z')).toEqual([]);
  });
  it('counts each request in the minute and day its clock reads, across a change of day', async () => {
    let now = Date.parse('2024-07-01T23:59:30.000Z');
    const recorder = createIngestRecorder(store, { flushMs: 3_600_000, clock: () => now });
    const tallyOf = (userId: string) => {
      const t = createAcceptedTally();
      tallyEvent(t, { type: 'track', event: 'Day', userId });
      return t;
    };
    recorder.apiCall(sourceId);
    recorder.accepted(sourceId, tallyOf('before-midnight'));
    now = Date.parse('2024-07-02T00:00:10.000Z');
    recorder.apiCall(sourceId);
    recorder.accepted(sourceId, tallyOf('after-midnight'));
    recorder.accepted(sourceId, tallyOf('after-midnight-too'));
    await recorder.stop();
    const repo = ingestMetricsRepo(store.db);
    const totals = async (from: string, to: string) =>
      Object.fromEntries((await repo.totals([sourceId], from, to)).map((t) => [t.outcome, t.count]));
    expect(await totals('2024-07-01T23:59:00.000Z', '2024-07-02T00:00:00.000Z')).toEqual({ api_call: 1, accepted: 1 });
    expect(await totals('2024-07-02T00:00:00.000Z', '2024-07-02T00:01:00.000Z')).toEqual({ api_call: 1, accepted: 2 });
    const users = async (day: string, next: string) =>
      (await repo.mtu([sourceId], day, next, false)).filter((g) => g.kind === 'user').reduce((n, g) => n + g.count, 0);
    expect(await users('2024-07-01', '2024-07-02')).toBe(1);
    expect(await users('2024-07-02', '2024-07-03')).toBe(2);
  });
});
