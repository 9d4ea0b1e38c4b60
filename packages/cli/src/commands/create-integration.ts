import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Output } from '../output.ts';
import { paths } from '../paths.ts';
import { integrationNames, renameFile, renameSource } from './scaffold-rename.ts';

const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SKIP = new Set(['node_modules', '.turbo', 'dist', 'CHANGELOG.md']);

async function copyTree(from: string, to: string, transform: (name: string, text: string) => [string, string]): Promise<string[]> {
  await mkdir(to, { recursive: true });
  const written: string[] = [];
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    if (entry.isDirectory()) {
      written.push(...(await copyTree(join(from, entry.name), join(to, entry.name), transform)));
    } else if (entry.isFile()) {
      const [name, text] = transform(entry.name, await readFile(join(from, entry.name), 'utf8'));
      await writeFile(join(to, name), text);
      written.push(join(to, name));
    }
  }
  return written;
}

/** Keeps a relative `extends` of tsconfig.json pointing at the same file from the new folder. */
async function rebaseTsconfig(template: string, target: string): Promise<void> {
  const path = join(target, 'tsconfig.json');
  if (!existsSync(path)) return;
  const config = JSON.parse(await readFile(path, 'utf8')) as { extends?: string };
  if (typeof config.extends !== 'string' || !config.extends.startsWith('.')) return;
  config.extends = relative(target, resolve(template, config.extends));
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * `junction create-integration <slug>`: scaffolds `<dir>/<slug>` (default: the repo's
 * integrations/) from the webhook package — same layout and tests, renamed, version 0.1.0, a
 * fresh CHANGELOG. Exit 2 for a bad slug or an existing folder.
 *
 * @example
 * await createIntegration('acme-crm', { io: processOutput }); // integrations/acme-crm
 */
export async function createIntegration(slug: string, options: { io: Output; dir?: string; name?: string; template?: string }): Promise<number> {
  const { io } = options;
  if (!SLUG.test(slug) || slug.length > 64) {
    io.err(`junction create-integration: slug "${slug}" must be kebab-case (a-z, 0-9, "-"), starting with a letter, e.g. "acme-crm"`);
    return 2;
  }
  const target = resolve(options.dir ?? paths.integrations, slug);
  if (existsSync(target)) {
    io.err(`junction create-integration: ${target} already exists`);
    return 2;
  }
  const names = integrationNames(slug, options.name);
  const template = options.template ?? paths.webhookTemplate;
  await copyTree(template, target, (name, text) => [renameFile(name, names), renameSource(text, names)]);
  const manifestPath = join(target, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  Object.assign(manifest, { name: names.packageName, version: '0.1.0', description: `Junction destination: ${names.title}.` });
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(target, 'CHANGELOG.md'), `# ${names.packageName}\n`);
  await rebaseTsconfig(template, target);
  io.out(`created ${target} (${names.packageName} 0.1.0) from the webhook template`);
  io.out('next: pnpm install; edit src/*-settings.ts and the actions; npx vitest run; junction validate; add a changeset');
  return 0;
}
