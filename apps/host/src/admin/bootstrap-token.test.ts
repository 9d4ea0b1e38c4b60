import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAdminStore, openStore } from '@junction/store';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBootstrapToken } from './bootstrap-token.ts';

describe('ensureBootstrapToken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'junction-boot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an owner token with exactly the given value once, across restarts and concurrent starts', async () => {
    const value = 'bootstrap-token-for-tests-0123';
    let store = await openStore({ dataDir: dir });
    const ws = await store.workspaces.create({ slug: 'boot', name: 'Boot' });
    const results = await Promise.all([ensureBootstrapToken(store, ws.id, value), ensureBootstrapToken(store, ws.id, value)]);
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(results[0]).toMatchObject({ role: 'WORKSPACE_OWNER', workspaceId: ws.id, prefix: value.slice(0, 8) });
    expect(JSON.stringify(results[0])).not.toContain(value);
    await store.close();
    store = await openStore({ dataDir: dir });
    const again = await ensureBootstrapToken(store, ws.id, value);
    expect(again.id).toBe(results[0]!.id);
    const admin = openAdminStore(store);
    expect((await admin.apiTokens.findByPlaintext(value))?.id).toBe(again.id);
    expect(await admin.apiTokens.list(ws.id)).toHaveLength(1);
    const other = await store.workspaces.create({ slug: 'other', name: 'Other' });
    await expect(ensureBootstrapToken(store, other.id, value)).rejects.toThrow(/another workspace/);
    await expect(ensureBootstrapToken(store, ws.id, 'short')).rejects.toThrow(/apiToken\.plaintext/);
    await store.close();
  });
});
