import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { loadPluginModule, readPluginPackage } from '../../../../apps/host/src/plugins/index.ts';
import type { Output } from '../output.ts';

async function conformanceTests(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.test\.[cm]?[jt]s$/.test(entry.name) && (await readFile(path, 'utf8')).includes('runConformanceSuite(')) found.push(path);
    }
  };
  await walk(dir);
  return found;
}

function runVitest(root: string, files: string[]): Promise<number> {
  const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const args = [vitest, 'run', '--root', root, ...files.map((f) => relative(root, f))];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => done(code ?? 1));
    child.on('error', () => done(1));
  });
}

/**
 * `junction validate [folder]`: loads the plugin package at `folder` (default: the current
 * directory), checks its definition with core's `validateIntegrationDefinition` (and that its slug
 * and version match the package), then runs its conformance tests (the test files calling
 * `runConformanceSuite` from @junction/testing) with vitest. Exit 1 with every problem listed.
 *
 * @example
 * await validateCommand('integrations/webhook', processOutput); // 0
 */
export async function validateCommand(folder: string | undefined, io: Output): Promise<number> {
  const dir = resolve(folder ?? '.');
  let pkg: ReturnType<typeof readPluginPackage>;
  try {
    pkg = readPluginPackage(dir);
  } catch (error) {
    io.err(`✗ ${dir}: ${(error as Error).message}`);
    return 1;
  }
  const result = await loadPluginModule(pkg);
  if (result.status === 'failed') {
    io.err(`✗ ${pkg.name}@${pkg.version}: ${result.reason.replace(/; /g, '\n  - ').replace(/^invalid definition: /, 'invalid definition:\n  - ')}`);
    return 1;
  }
  io.out(`✓ ${pkg.name}@${pkg.version}: definition "${result.definition.slug}" is valid`);
  const tests = await conformanceTests(dir);
  if (tests.length === 0) {
    io.err(`✗ ${pkg.name}: no test calls runConformanceSuite; add src/conformance.test.ts (see integrations/webhook)`);
    return 1;
  }
  const code = await runVitest(dir, tests);
  if (code !== 0) {
    io.err(`✗ ${pkg.name}: the conformance suite failed (vitest exit code ${code}); see the failures above`);
    return 1;
  }
  io.out(`✓ ${pkg.name}@${pkg.version}: conformance suite passed`);
  return 0;
}
