import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Store, openStore } from '@junction/store';
import { type AppOptions, createApp } from '../app.ts';

/** A host on 127.0.0.1 with a real SQLite store in a temporary folder and one seeded source. */
export interface TestHost {
  url: string;
  store: Store;
  dataDir: string;
  workspaceId: string;
  sourceId: string;
  writeKey: string;
  close(): Promise<void>;
}

/**
 * Starts a host for tests.
 *
 * @example
 * ```ts
 * const host = await startTestHost();
 * await fetch(`${host.url}/v1/track`, { … });
 * await host.close();
 * ```
 */
export async function startTestHost(options: Omit<AppOptions, 'store'> = {}): Promise<TestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-host-'));
  const store = await openStore({ dataDir });
  const workspace = await store.workspaces.create({ slug: 'test', name: 'Test' });
  const source = await store.sources.create({ workspaceId: workspace.id, slug: 'web', name: 'Web' });
  const { key } = await store.writeKeys.create(source.id);
  const app = createApp({ ...options, store });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    dataDir,
    workspaceId: workspace.id,
    sourceId: source.id,
    writeKey: key,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every event in the store's log, in seq order, parsed. */
export async function allEvents(store: Store): Promise<Array<Record<string, unknown>>> {
  const rows = [];
  for (let partition = 0; partition < store.partitions; partition++) {
    let afterSeq = 0;
    for (;;) {
      const batch = await store.readLog({ partition, afterSeq, limit: 10_000 });
      rows.push(...batch);
      if (batch.length < 10_000) break;
      afterSeq = batch[batch.length - 1]!.seq;
    }
  }
  rows.sort((a, b) => a.seq - b.seq);
  return rows.map((row) => JSON.parse(row.payload) as Record<string, unknown>);
}

/** HTTP Basic header with the writeKey as username, as Segment's libraries send it. */
export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}
