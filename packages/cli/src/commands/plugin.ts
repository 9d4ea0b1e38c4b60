import { createPluginLoader } from '../../../../apps/host/src/plugins/index.ts';
import type { Output } from '../output.ts';

/**
 * `junction plugin add <pkg>@<version>|<file.tgz>`: installs into DATA_DIR/plugins and loads it
 * once to report whether it works. Exit 1 when it fails to install or to load.
 *
 * @example
 * await pluginAdd('junction-integration-acme@1.2.0', '/var/lib/junction', processOutput);
 */
export async function pluginAdd(spec: string, dataDir: string, io: Output): Promise<number> {
  const loader = createPluginLoader({ dataDir });
  try {
    const status = await loader.install(spec);
    if (status.status === 'failed') {
      io.err(`installed ${status.packageName}@${status.version}, but it fails to load: ${status.reason}`);
      return 1;
    }
    io.out(`installed ${status.packageName}@${status.version} (integration "${status.slug}") into ${loader.pluginsDir}`);
    return 0;
  } catch (error) {
    io.err(`junction plugin add: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * `junction plugin list`: every first-party and installed plugin with its load status.
 *
 * @example
 * await pluginList('/var/lib/junction', processOutput);
 * // webhook  @junction/integration-webhook  0.1.0  first-party  loaded
 */
export async function pluginList(dataDir: string, io: Output): Promise<number> {
  const rows = (await createPluginLoader({ dataDir }).list()).map((p) => [p.slug || '?', p.packageName, p.version || '?', p.origin, p.status, p.reason ?? '']);
  const header = ['SLUG', 'PACKAGE', 'VERSION', 'ORIGIN', 'STATUS', 'REASON'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) io.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  return 0;
}
