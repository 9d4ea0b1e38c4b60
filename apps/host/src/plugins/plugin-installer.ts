import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkNameAndVersion, pluginDir } from './plugin-package.ts';

const run = promisify(execFile);

/**
 * What {@link installPlugin} installed.
 *
 * @example
 * const { name, version, dir } = await installPlugin({ pluginsDir, spec: 'junction-integration-acme@1.2.0' });
 */
export interface InstalledPlugin {
  name: string;
  version: string;
  dir: string;
}

/** The folder of the host's own `@junction/core`, linked into every plugin so they share one copy. */
function hostCoreDir(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@junction/core'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

function isTarball(spec: string): boolean {
  return /\.(tgz|tar\.gz)$/.test(spec) && existsSync(spec) && statSync(spec).isFile();
}

async function fetchTarball(spec: string, into: string): Promise<string> {
  if (isTarball(spec)) return resolve(spec);
  if (!/^(?:@[^/@\s]+\/)?[^/@\s]+@[^\s]+$/.test(spec)) {
    throw new Error(`plugin "${spec}" must be <package>@<version> (e.g. junction-integration-acme@1.2.0) or the path of a .tgz file`);
  }
  try {
    const { stdout } = await run('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', into], { maxBuffer: 16 << 20 });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    return join(into, packed!.filename.replace(/^@/, '').replace('/', '-'));
  } catch (error) {
    throw new Error(`npm could not fetch ${spec}: ${((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

async function installDependencies(dir: string, dependencies: Record<string, string>): Promise<void> {
  const wanted = Object.entries(dependencies).filter(([name]) => !name.startsWith('@junction/') && !existsSync(join(dir, 'node_modules', name)));
  if (wanted.length === 0) return;
  const scratch = join(dir, '.deps');
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ private: true, dependencies: Object.fromEntries(wanted) }));
  await run('npm', ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: scratch });
  await rm(join(dir, 'node_modules'), { recursive: true, force: true });
  await rename(join(scratch, 'node_modules'), join(dir, 'node_modules'));
  await rm(scratch, { recursive: true, force: true });
}

/**
 * Installs a third-party plugin into `<pluginsDir>/<name>@<version>/`: fetches the package with
 * `npm pack` (or takes a local `.tgz`, offline), extracts it, links the host's `@junction/core`
 * into it and installs its other runtime dependencies with npm. Several versions of one package
 * live side by side; reinstalling a version replaces it. Nothing is imported here.
 *
 * @example
 * await installPlugin({ pluginsDir: '/data/plugins', spec: './junction-integration-acme-1.0.0.tgz' });
 * // { name: 'junction-integration-acme', version: '1.0.0', dir: '/data/plugins/junction-integration-acme@1.0.0' }
 */
export async function installPlugin(options: { pluginsDir: string; spec: string }): Promise<InstalledPlugin> {
  const pluginsDir = resolve(options.pluginsDir);
  await mkdir(pluginsDir, { recursive: true });
  const staging = await mkdtemp(join(pluginsDir, '.staging-'));
  try {
    const tarball = await fetchTarball(options.spec, staging);
    await mkdir(join(staging, 'x'));
    await run('tar', ['-xzf', tarball, '-C', join(staging, 'x'), '--no-same-owner']);
    const root = join(staging, 'x', 'package');
    if (!existsSync(join(root, 'package.json'))) throw new Error(`${options.spec} is not an npm package tarball (no package/package.json)`);
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown; dependencies?: Record<string, string> };
    checkNameAndVersion(manifest.name, manifest.version);
    const version = manifest.version as string;
    await installDependencies(root, manifest.dependencies ?? {});
    if (!existsSync(join(root, 'node_modules', '@junction', 'core'))) {
      await mkdir(join(root, 'node_modules', '@junction'), { recursive: true });
      await symlink(hostCoreDir(), join(root, 'node_modules', '@junction', 'core'), 'dir');
    }
    const target = pluginDir(pluginsDir, manifest.name, version);
    await mkdir(dirname(target), { recursive: true });
    if (existsSync(target)) await rename(target, join(staging, 'previous'));
    await rename(root, target);
    return { name: manifest.name, version, dir: target };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
