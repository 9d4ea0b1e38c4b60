import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPluginTarball, pluginSource } from '../../../apps/host/src/plugins/__fixtures__/plugin-tarball.ts';
import { paths } from './paths.ts';

const bin = join(import.meta.dirname, '../bin/junction.js');
const vitest = join(import.meta.dirname, '../node_modules/vitest/vitest.mjs');

function run(args: string[], cwd = import.meta.dirname): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'junction-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('junction validate', () => {
  it('passes on the webhook package: valid definition and conformance suite', async () => {
    const r = await run([bin, 'validate', paths.webhookTemplate]);
    expect(r.stderr).not.toContain('✗');
    expect(r.stdout).toContain('✓ @junction/integration-webhook');
    expect(r.stdout).toContain('conformance suite passed');
    expect(r.code).toBe(0);
  });

  it('fails on a broken plugin, listing every problem', async () => {
    const r = await run([bin, 'validate', join(import.meta.dirname, '__fixtures__/broken-plugin')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✗ junction-integration-broken@1.0.0: invalid definition:');
    expect(r.stderr).toContain('- slug must be kebab-case');
    expect(r.stderr).toContain('- settings.properties.apiKey is marked "x-secret" but is not of type "string"');
    expect(r.stderr).toContain('- actions must declare at least one action');
  });

  it('fails on a folder that is not a package', async () => {
    const r = await run([bin, 'validate', work]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no package.json in ${work}`);
  });
});

describe('junction create-integration', () => {
  // inside this package so the scaffold resolves @junction/core, @junction/testing and vitest
  const scratch = join(import.meta.dirname, '..', `.scaffold-test-${process.pid}`);
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('scaffolds a renamed copy of the webhook package whose own tests pass', async () => {
    const r = await run([bin, 'create-integration', 'acme-crm', '--dir', scratch]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(scratch, 'acme-crm');
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: '@junction/integration-acme-crm', version: '0.1.0' });
    expect(await readFile(join(dir, 'CHANGELOG.md'), 'utf8')).toBe('# @junction/integration-acme-crm\n');
    const files = (await readdir(join(dir, 'src'))).sort();
    expect(files).toContain('acme-crm-settings.ts');
    expect(files).toContain('acme-crm.test.ts');
    expect(files.some((f) => f.includes('webhook'))).toBe(false);
    const index = await readFile(join(dir, 'src/index.ts'), 'utf8');
    expect(index).toContain("slug: 'acme-crm'");
    expect(index).toContain("name: 'Acme Crm'");
    expect(index).toContain("version: '0.1.0'");
    expect(index).not.toMatch(/webhook/i);
    const tests = await run([vitest, 'run', '--root', dir], dir);
    expect(tests.stdout + tests.stderr).toMatch(/Tests\s+\d+ passed/);
    expect(tests.code).toBe(0);
    expect((await run([bin, 'create-integration', 'acme-crm', '--dir', scratch])).stderr).toContain('already exists');
  });

  it('refuses a slug that is not kebab-case', async () => {
    const r = await run([bin, 'create-integration', 'Acme_CRM', '--dir', scratch]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('slug "Acme_CRM" must be kebab-case');
    expect(existsSync(join(scratch, 'Acme_CRM'))).toBe(false);
  });
});

describe('junction plugin', () => {
  it('adds a plugin from a tarball into DATA_DIR/plugins and lists it', async () => {
    const tarball = await buildPluginTarball(work, 'junction-integration-acme', '1.2.0', pluginSource('acme', '1.2.0'));
    const dataDir = join(work, 'data');
    const added = await run([bin, 'plugin', 'add', tarball, '--data-dir', dataDir]);
    expect(added.stdout).toContain('installed junction-integration-acme@1.2.0 (integration "acme")');
    expect(added.code).toBe(0);
    expect(existsSync(join(dataDir, 'plugins', 'junction-integration-acme@1.2.0', 'index.js'))).toBe(true);
    const list = await run([bin, 'plugin', 'list'], work);
    expect(list.stdout).not.toContain('junction-integration-acme');
    const listed = await run([bin, 'plugin', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(/acme\s+junction-integration-acme\s+1\.2\.0\s+third-party\s+loaded/);
    expect(listed.stdout).toMatch(/webhook\s+@junction\/integration-webhook\s+\S+\s+first-party\s+loaded/);
  });

  it('reports a spec it cannot install', async () => {
    const r = await run([bin, 'plugin', 'add', 'no-version-given', '--data-dir', join(work, 'data')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('must be <package>@<version>');
  });
});

describe('junction start', () => {
  it('runs the host, which answers /health', async () => {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(work, 'host-data'), TRACKING_RATE_LIMIT: '0' };
    const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on http:\/\/localhost:(\d+)/.exec(out);
          if (match) done(match[1]!);
        });
        child.on('exit', (code) => fail(new Error(`host exited with ${code}: ${out}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('junction usage', () => {
  it('rejects unknown commands and options with the usage (exit 2)', async () => {
    const results = await Promise.all([['bogus'], ['plugin'], ['validate', '--nope']].map((args) => run([bin, ...args])));
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: junction <command>');
    }
  });

  it.skipIf(existsSync(paths.hostWorker))('explains that there is no worker yet', async () => {
    const r = await run([bin, 'worker']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps/host/src/worker.ts does not exist');
  });
});
