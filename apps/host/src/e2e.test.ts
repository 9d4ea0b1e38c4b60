import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type HostProcess, killHard, spawnHost } from './test-support/host-process.ts';
import { basicAuth } from './test-support/test-host.ts';

const TOKEN = 'jn_e2e_bootstrap_token_0123456789';
const SECRET = 'whsec_e2e_0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'junction-e2e-'));
let host: HostProcess | undefined;
const received: Array<{ body: string; signature: string | undefined }> = [];
const sink = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ body, signature: req.headers['x-signature'] as string | undefined });
    res.writeHead(200).end('ok');
  });
});

afterAll(async () => {
  if (host) await killHard(host.child);
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${host!.url}/api${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below
  return { status: res.status, json: (await res.json()) as any };
}

describe('the whole host, as an operator runs it', () => {
  it('installs a webhook destination through the admin API and delivers tracked events to it, signed', async () => {
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
    host = await spawnHost({ DATA_DIR: dataDir, JUNCTION_BOOTSTRAP_TOKEN: TOKEN });

    const sources = await api('/sources');
    expect(sources.status).toBe(200);
    const sourceId = sources.json.data.sources[0].id as string;
    const created = await api('/destinations', {
      method: 'POST',
      body: { sourceId, metadataId: 'webhook', name: 'E2E hook', enabled: true, settings: { url: sinkUrl, sharedSecret: SECRET } },
    });
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.json)).not.toContain(SECRET);

    // The engine picks up new destinations within its config refresh; send after it has.
    await new Promise((r) => setTimeout(r, 2_500));
    const ids = Array.from({ length: 5 }, (_, i) => `e2e-${i}`);
    for (const messageId of ids) {
      const res = await fetch(`${host.url}/v1/track`, {
        method: 'POST',
        headers: { authorization: basicAuth(host.writeKey) },
        body: JSON.stringify({ userId: 'e2e-user', event: 'E2E Tested', messageId, properties: { n: messageId } }),
      });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 200 && received.length < ids.length; i++) await new Promise((r) => setTimeout(r, 100));
    const delivered = received.map((r) => JSON.parse(r.body) as { messageId: string; event: string });
    expect(delivered.map((e) => e.messageId).sort()).toEqual(ids);
    expect(delivered.every((e) => e.event === 'E2E Tested')).toBe(true);
    for (const r of received) {
      expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
    }
  }, 60_000);
});
