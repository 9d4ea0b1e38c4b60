import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HostProcess, killHard, spawnHost } from '../test-support/host-process.ts';
import { basicAuth } from '../test-support/test-host.ts';
import { buildPluginTarball } from './__fixtures__/plugin-tarball.ts';
import { createPluginLoader } from './plugin-loader.ts';

const TOKEN = 'jn_fault_guard_token_0123456789';
const work = mkdtempSync(join(tmpdir(), 'junction-fault-'));
const dataDir = join(work, 'data');
let host: HostProcess | undefined;
const received: string[] = [];
const sink = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push(body);
    res.writeHead(200).end('ok');
  });
});

afterAll(async () => {
  if (host) await killHard(host.child);
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

/** A plugin that imports fine, then throws from a timer and leaves a rejected promise behind. */
const crashySource = `import { defineIntegration } from '@junction/core';
export default defineIntegration({
  slug: 'crashy', name: 'Crashy', version: '1.0.0', description: 'Throws after import', categories: ['Analytics'],
  settings: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
  presets: [{ name: 'Send tracks', actionId: 'send', trigger: 'type = "track"' }],
  actions: {
    send: {
      title: 'Send', description: 'Send', defaultSubscription: 'type = "track"',
      fields: { type: 'object', properties: {} },
      perform: async () => {
        setTimeout(() => { throw new Error('late boom from a timer'); }, 5);
        Promise.reject(new Error('nobody awaits me'));
        return undefined;
      },
    },
  },
});
`;

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${host!.url}/api${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below
  return { status: res.status, json: (await res.json()) as any };
}

async function track(event: string, messageId: string) {
  const res = await fetch(`${host!.url}/v1/track`, {
    method: 'POST',
    headers: { authorization: basicAuth(host!.writeKey) },
    body: JSON.stringify({ userId: 'u1', event, messageId }),
  });
  expect(res.status).toBe(200);
}

describe('a plugin that crashes after import', () => {
  it('is marked failed while the host keeps serving and delivering to other destinations', async () => {
    const tarball = await buildPluginTarball(work, 'junction-integration-crashy', '1.0.0', crashySource);
    expect(await createPluginLoader({ dataDir }).install(tarball)).toMatchObject({ slug: 'crashy', status: 'loaded' });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
    host = await spawnHost({ DATA_DIR: dataDir, JUNCTION_BOOTSTRAP_TOKEN: TOKEN });

    const sourceId = (await api('/sources')).json.data.sources[0].id as string;
    for (const [metadataId, url] of [['crashy', 'http://127.0.0.1:9/none'], ['webhook', sinkUrl]]) {
      const created = await api('/destinations', { method: 'POST', body: { sourceId, metadataId, name: metadataId, enabled: true, settings: { url } } });
      expect(created.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 2_500)); // the engine's config refresh
    await track('Before', 'm-before');
    for (let i = 0; i < 100 && !host.output().includes('crashed after import'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(host.output()).toMatch(/plugins: .*junction-integration-crashy@1\.0\.0 crashed after import \(Error: (late boom from a timer|nobody awaits me)\)/);
    expect(host.child.exitCode).toBeNull();

    const health = await fetch(`${host.url}/health`);
    expect(health.status).toBe(200);
    const crashy = await api('/catalog/destinations/crashy');
    expect(crashy.json.data.destinationMetadata.status).toBe('FAILED');
    expect(JSON.stringify(crashy.json.data.destinationMetadata)).toMatch(/crashed after import/);

    await track('After', 'm-after');
    for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(received.map((b) => (JSON.parse(b) as { messageId: string }).messageId).sort()).toEqual(['m-after', 'm-before']);
    expect(host.child.exitCode).toBeNull();
  }, 60_000);
});
