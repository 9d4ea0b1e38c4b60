import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@junction/store';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { recentSourceEvents } from './log-scan.ts';
import { tailSourceEvents } from './source-tail.ts';

const PG = process.env.TEST_DATABASE_URL;

/** Two store instances ("two hosts") over one database. */
async function twoHosts(backend: 'sqlite' | 'postgres'): Promise<{ a: Store; b: Store; done(): Promise<void> }> {
  if (backend === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'junction-scan-'));
    const a = await openStore({ dataDir, partitions: 4 });
    return { a, b: a, done: async () => { await a.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const a = await openStore({ databaseUrl: PG!, schema, poolSize: 2, partitions: 4 });
  const b = await openStore({ databaseUrl: PG!, schema, poolSize: 2, partitions: 4 });
  return {
    a,
    b,
    async done() {
      await a.close();
      await b.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

describe.each(PG ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const))('log scan and tail on %s', (backend) => {
  it('lists a source’s newest events, finds one by messageId, and tails new events written by another host', async () => {
    const { a, b, done } = await twoHosts(backend);
    try {
      const ws = await a.workspaces.create({ slug: 'w', name: 'W' });
      const mine = await a.sources.create({ workspaceId: ws.id, slug: 'mine', name: 'Mine' });
      const other = await a.sources.create({ workspaceId: ws.id, slug: 'other', name: 'Other' });
      const ev = (id: string, user: string) => ({ messageId: id, type: 'track', partitionKey: user, payload: { type: 'track', event: id, userId: user, messageId: id } });
      // One call per event: inside one call, seqs follow the log's per-partition runs, not arrival order.
      for (let i = 0; i < 30; i++) await a.appendEvents(mine.id, [ev(`m-${i}`, `u${i}`)]);
      await a.appendEvents(other.id, Array.from({ length: 3000 }, (_, i) => ev(`o-${i}`, `v${i}`)));
      const recent = await recentSourceEvents(b, mine.id, { limit: 5 });
      expect(recent.map((e) => e.messageId)).toEqual(['m-29', 'm-28', 'm-27', 'm-26', 'm-25']);
      const [found] = await recentSourceEvents(b, mine.id, { limit: 1, messageId: 'm-3' });
      expect(found?.messageId).toBe('m-3');
      expect(await recentSourceEvents(b, mine.id, { limit: 1, messageId: 'o-1' })).toEqual([]);

      const controller = new AbortController();
      const start = await b.logHead();
      const seen: string[] = [];
      const tail = (async () => {
        for await (const batch of tailSourceEvents(b, mine.id, { afterSeq: start, signal: controller.signal, pollMs: 20 })) {
          seen.push(...batch.map((e) => e.messageId));
          if (seen.length >= 12) controller.abort();
        }
      })();
      for (let i = 0; i < 4; i++) {
        await a.appendEvents(other.id, [ev(`o-late-${i}`, 'x')]);
        await a.appendEvents(mine.id, [ev(`late-${i}-a`, `p${i}`), ev(`late-${i}-b`, `q${i}`), ev(`late-${i}-c`, `r${i}`)]);
      }
      await tail;
      expect([...seen].sort()).toEqual(Array.from({ length: 4 }, (_, i) => [`late-${i}-a`, `late-${i}-b`, `late-${i}-c`]).flat().sort());
    } finally {
      await done();
    }
  });
});
