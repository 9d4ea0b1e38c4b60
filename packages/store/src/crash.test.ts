import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, type Location, seed } from '../test/backends.ts';
import type { Store } from './store.ts';

const child = fileURLToPath(new URL('../test/child-writer.ts', import.meta.url));

function optionsFor(loc: Location) {
  return loc.backend === 'sqlite' ? { dataDir: loc.dataDir } : { databaseUrl: process.env.TEST_DATABASE_URL, schema: loc.schema, poolSize: 2 };
}

function start(loc: Location, mode: string): { proc: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(optionsFor(loc)), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    }),
  );
  return { proc, lines, exited };
}

async function allMessageIds(store: Store): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let p = 0; p < store.partitions; p++) {
    let after = 0;
    for (;;) {
      const page = await store.readLog({ partition: p, afterSeq: after, limit: 5000 });
      if (page.length === 0) break;
      for (const e of page) ids.add(e.messageId);
      after = page.at(-1)!.seq;
    }
  }
  return ids;
}

// Child processes start through tsx: give them time on a loaded 2-core machine (no timing asserted).
describe.each(BACKENDS)('processes on %s', { timeout: 60_000 }, (backend) => {
  const h = harness(backend);

  it('several processes open (and migrate) one fresh database at once', async () => {
    const loc = await h.location();
    const children = [start(loc, 'open'), start(loc, 'open')];
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes).toEqual([0, 0]);
    expect(children.map((c) => c.lines)).toEqual([['ok'], ['ok']]);
    const store = await h.open(loc);
    expect((await store.workspaces.list()).length).toBe(2);
  });

  it('keeps every acknowledged event when the writer is killed with SIGKILL', async () => {
    const loc = await h.location();
    const setup = await h.open(loc);
    const { source } = await seed(setup);
    await setup.close();
    const writer = start(loc, `append:${source.id}`);
    // Kill once a good number of acks is out (polling the child's output, not timing the store).
    while (writer.lines.length < 2000) {
      if (writer.proc.exitCode !== null) throw new Error('writer exited early');
      await new Promise((r) => setTimeout(r, 20));
    }
    writer.proc.kill('SIGKILL');
    await writer.exited;
    const acked = [...writer.lines];
    const store = await h.open(loc);
    const stored = await allMessageIds(store);
    const missing = acked.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.length);
    // Dedupe survives the crash too (SQLite writes dedupe keys behind and recovers them at open):
    // re-sending acknowledged messageIds is answered "duplicate", and nothing is appended twice.
    const again = await store.appendEvents(
      source.id,
      acked.slice(-50).map((messageId) => ({ messageId, type: 'track', payload: { messageId } })),
    );
    expect(again.map((r) => r.status)).toEqual(acked.slice(-50).map(() => 'duplicate'));
  });
});
