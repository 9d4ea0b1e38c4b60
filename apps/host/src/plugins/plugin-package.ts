import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * An installed plugin package, as read from its `package.json` (nothing imported yet).
 *
 * @example
 * const pkg: PluginPackage = readPluginPackage('/data/plugins/junction-integration-acme@1.0.0');
 */
export interface PluginPackage {
  name: string;
  version: string;
  /** Integration slug: `package.json` `junction.slug`, else the name without scope and `(junction-)integration-` prefix. */
  slug: string;
  dir: string;
  /** Absolute path of the module whose default export is the definition. */
  entry: string;
}

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

type Manifest = { name?: unknown; version?: unknown; exports?: unknown; module?: unknown; main?: unknown; junction?: { slug?: unknown } };

function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const map = value as Record<string, unknown>;
  if ('.' in map) return exportTarget(map['.']);
  for (const key of ['import', 'node', 'default']) if (key in map) return exportTarget(map[key]);
  return undefined;
}

/**
 * The slug an npm package name stands for.
 *
 * @example
 * slugFromPackageName('@acme/junction-integration-crm'); // 'crm'
 * slugFromPackageName('@junction/integration-webhook'); // 'webhook'
 */
export function slugFromPackageName(name: string): string {
  return name.replace(/^@[^/]+\//, '').replace(/^(?:junction-)?integration-/, '');
}

/**
 * Checks an npm package name and version; throws naming the bad one.
 *
 * @example
 * checkNameAndVersion('acme', '1.0.0'); // ok
 */
export function checkNameAndVersion(name: unknown, version: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) throw new Error(`package.json name ${JSON.stringify(name)} is not a valid npm package name`);
  if (typeof version !== 'string' || !VERSION.test(version)) throw new Error(`package.json version ${JSON.stringify(version)} is not a semver version`);
}

/**
 * Reads a plugin package folder: name, version, slug and entry module. Throws an Error naming the
 * problem (missing or invalid package.json, entry outside the folder, entry missing).
 *
 * @example
 * readPluginPackage('integrations/webhook').entry; // '/…/integrations/webhook/src/index.ts'
 */
export function readPluginPackage(dir: string): PluginPackage {
  const root = resolve(dir);
  const manifestPath = join(root, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`no package.json in ${root}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`package.json in ${root} is not valid JSON: ${(error as Error).message}`);
  }
  checkNameAndVersion(manifest.name, manifest.version);
  const target = exportTarget(manifest.exports) ?? (typeof manifest.module === 'string' ? manifest.module : undefined) ?? (typeof manifest.main === 'string' ? manifest.main : 'index.js');
  const entry = resolve(root, target);
  if (!entry.startsWith(root + sep)) throw new Error(`package.json entry "${target}" points outside the package`);
  if (!existsSync(entry)) throw new Error(`package.json entry "${target}" does not exist`);
  const slug = typeof manifest.junction?.slug === 'string' ? manifest.junction.slug : slugFromPackageName(manifest.name);
  return { name: manifest.name, version: manifest.version as string, slug, dir: root, entry };
}

/**
 * Folder of a package version under the plugins directory: `<pluginsDir>/<name>@<version>`
 * (a scoped name nests under its `@scope` folder).
 *
 * @example
 * pluginDir('/data/plugins', '@acme/crm', '1.0.0'); // '/data/plugins/@acme/crm@1.0.0'
 */
export function pluginDir(pluginsDir: string, name: string, version: string): string {
  return join(pluginsDir, `${name}@${version}`);
}

/**
 * Folders of every installed package version (`<name>@<version>`, one level deeper for scopes);
 * staging folders (dot-prefixed) are skipped. Reads nothing else.
 *
 * @example
 * listPluginDirs('/data/plugins'); // ['/data/plugins/acme@1.0.0', '/data/plugins/@x/y@2.0.0']
 */
export function listPluginDirs(pluginsDir: string): string[] {
  if (!existsSync(pluginsDir)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(pluginsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@') && !entry.name.slice(1).includes('@')) {
      for (const inner of readdirSync(join(pluginsDir, entry.name), { withFileTypes: true })) {
        if (inner.isDirectory() && inner.name.includes('@')) dirs.push(join(pluginsDir, entry.name, inner.name));
      }
    } else if (entry.name.includes('@')) {
      dirs.push(join(pluginsDir, entry.name));
    }
  }
  return dirs.sort();
}

/**
 * Compares two semver versions (numeric parts; a pre-release sorts before its release).
 *
 * @example
 * ['1.10.0', '1.2.0'].sort(compareVersions); // ['1.2.0', '1.10.0']
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { nums: core.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
