import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HttpTransport, runAction } from '@junction/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPluginTarball, pluginSource } from './__fixtures__/plugin-tarball.ts';
import { PluginLoadError, PluginNotFoundError } from './plugin-errors.ts';
import { createPluginLoader } from './plugin-loader.ts';

const transport: HttpTransport = async (url, req) => {
  const res = await fetch(url, { method: req.method, headers: req.headers, body: typeof req.body === 'string' || req.body == null ? (req.body ?? null) : new Uint8Array(req.body), redirect: 'manual', signal: AbortSignal.timeout(req.timeoutMs) });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
};

let work: string;
let dataDir: string;
let tarballs: { v1: string; v2: string; broken: string };
let server: Server;
let url: string;
const received: unknown[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'junction-plugins-'));
  dataDir = join(work, 'data');
  tarballs = {
    v1: await buildPluginTarball(work, 'junction-integration-acme', '1.0.0', pluginSource('acme', '1.0.0')),
    v2: await buildPluginTarball(work, 'junction-integration-acme', '2.0.0', pluginSource('acme', '2.0.0', { requireRegion: true })),
    broken: await buildPluginTarball(work, '@bad/integration-broken', '0.1.0', "throw new Error('boom at import');\n"),
  };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(work, { recursive: true, force: true });
});

describe('plugin loader', () => {
  it('installs two versions of a plugin from tarballs and delivers through both side by side', async () => {
    const loader = createPluginLoader({ dataDir });
    expect(await loader.install(tarballs.v1)).toMatchObject({ slug: 'acme', packageName: 'junction-integration-acme', version: '1.0.0', status: 'loaded' });
    expect(await loader.install(tarballs.v2)).toMatchObject({ version: '2.0.0', status: 'loaded' });
    const v1 = await loader.resolveIntegration('acme', '1.0.0');
    const v2 = await loader.resolveIntegration('acme', '2.0.0');
    expect([v1.version, v2.version]).toEqual(['1.0.0', '2.0.0']);
    expect((await loader.resolveIntegration('acme')).version).toBe('2.0.0');
    const event = { type: 'track', event: 'Signed Up', userId: 'u1', messageId: 'm1' };
    const settings = { url, apiKey: 'key_0123456789' };
    expect(await runAction(v1, { actionId: 'send', settings, transport, event })).toEqual({ status: 'success' });
    expect(await runAction(v2, { actionId: 'send', settings: { ...settings, region: 'eu' }, transport, event })).toEqual({ status: 'success' });
    expect(received).toEqual([
      { v: '1.0.0', event: 'Signed Up' },
      { v: '2.0.0', event: 'Signed Up' },
    ]);
  });

  it('a fresh loader (another host process) finds the installed versions lazily', async () => {
    const loader = createPluginLoader({ dataDir });
    expect((await loader.resolveIntegration('acme', '1.0.0')).description).toBe('Acme test plugin 1.0.0');
    await expect(loader.resolveIntegration('acme', '3.0.0')).rejects.toThrow(PluginNotFoundError);
    await expect(loader.resolveIntegration('acme', '3.0.0')).rejects.toThrow('integration "acme" version 3.0.0 is not installed (available: 2.0.0, 1.0.0)');
    await expect(loader.resolveIntegration('nope')).rejects.toThrow('integration "nope" is not installed');
  });

  it('reports a plugin that throws at import as failed while the others still load', async () => {
    const loader = createPluginLoader({ dataDir });
    expect(await loader.install(tarballs.broken)).toMatchObject({ slug: 'broken', status: 'failed', reason: expect.stringContaining('boom at import') });
    const dir = join(loader.pluginsDir, 'junction-integration-invalid@1.0.0');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'junction-integration-invalid', version: '1.0.0', type: 'module', main: 'index.js' }));
    await writeFile(join(dir, 'index.js'), "export default { slug: 'Not A Slug', name: 'x', version: '1.0.0', description: 'x', categories: [], settings: { type: 'object' }, actions: {} };\n");
    const list = await loader.list();
    const by = (name: string) => list.filter((p) => p.packageName === name).map(({ version, status, reason }) => ({ version, status, reason }));
    expect(by('@bad/integration-broken')).toEqual([{ version: '0.1.0', status: 'failed', reason: expect.stringMatching(/^threw at import: Error: boom at import/) }]);
    expect(by('junction-integration-invalid')[0]?.reason).toMatch(/^invalid definition: slug must be kebab-case.*actions must declare at least one action/);
    expect(by('junction-integration-acme').map((p) => [p.version, p.status])).toEqual([['1.0.0', 'loaded'], ['2.0.0', 'loaded']]);
    expect(list.find((p) => p.slug === 'webhook')).toMatchObject({ origin: 'first-party', status: 'loaded' });
    await expect(loader.resolveIntegration('broken', '0.1.0')).rejects.toThrow(PluginLoadError);
    await expect(loader.resolveIntegration('broken')).rejects.toThrow('plugin @bad/integration-broken@0.1.0 failed to load: threw at import: Error: boom at import');
    expect((await loader.resolveIntegration('acme', '1.0.0')).version).toBe('1.0.0');
  });

  it('resolves first-party integrations from the registry', async () => {
    const loader = createPluginLoader({ dataDir });
    const webhook = await loader.resolveIntegration('webhook');
    expect(webhook.slug).toBe('webhook');
    expect(await loader.resolveIntegration('webhook', webhook.version)).toBe(webhook);
    await expect(loader.resolveIntegration('webhook', '99.0.0')).rejects.toThrow(`integration "webhook" version 99.0.0 is not installed (available: ${webhook.version} (bundled))`);
  });

  it('refuses a spec that is neither <pkg>@<version> nor a tarball', async () => {
    const loader = createPluginLoader({ dataDir });
    await expect(loader.install('just-a-name')).rejects.toThrow('plugin "just-a-name" must be <package>@<version>');
    await expect(loader.install(join(work, 'missing.tgz'))).rejects.toThrow(/must be <package>@<version>/);
  });
});
