import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A tiny third-party plugin's source: `index.js` default-exporting `defineIntegration({...})`. */
export function pluginSource(slug: string, version: string, options: { requireRegion?: boolean } = {}): string {
  const required = options.requireRegion ? "['url', 'apiKey', 'region']" : "['url', 'apiKey']";
  return `import { defineIntegration } from '@junction/core';
export default defineIntegration({
  slug: ${JSON.stringify(slug)}, name: 'Acme', version: ${JSON.stringify(version)},
  description: 'Acme test plugin ${version}', categories: ['Analytics'], website: 'https://acme.example',
  settings: {
    type: 'object',
    properties: {
      url: { type: 'string', title: 'Endpoint' },
      apiKey: { type: 'string', 'x-secret': true, minLength: 8 },
      region: { type: 'string', enum: ['eu', 'us'] },
    },
    required: ${required},
    additionalProperties: false,
  },
  actions: {
    send: {
      title: 'Send', description: 'Send the event', defaultSubscription: 'type = "track"',
      fields: { type: 'object', properties: { event: { type: 'string', default: { '@path': '$.event' } } } },
      perform: ({ settings, payload, request }) => request(settings.url, { json: { v: ${JSON.stringify(version)}, ...payload } }),
    },
  },
});
`;
}

/**
 * Writes an npm package (package.json + index.js) into `<dir>/<name>-<version>/src` and packs it with
 * `npm pack` (offline); returns the tarball path.
 */
export async function buildPluginTarball(dir: string, name: string, version: string, source: string): Promise<string> {
  const pkgDir = join(dir, `${name.replace('/', '-')}-${version}-src`);
  await mkdir(pkgDir, { recursive: true });
  const manifest = { name, version, type: 'module', exports: { '.': './index.js' }, peerDependencies: { '@junction/core': '*' } };
  await writeFile(join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(pkgDir, 'index.js'), source);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: pkgDir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  return join(dir, packed!.filename);
}
