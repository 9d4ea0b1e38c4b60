import { resolve } from 'node:path';

/**
 * Where the monorepo's parts are, seen from this package.
 *
 * @example
 * paths.webhookTemplate; // '/…/integrations/webhook'
 */
export const paths = {
  repoRoot: resolve(import.meta.dirname, '../../..'),
  integrations: resolve(import.meta.dirname, '../../../integrations'),
  webhookTemplate: resolve(import.meta.dirname, '../../../integrations/webhook'),
  hostMain: resolve(import.meta.dirname, '../../../apps/host/src/main.ts'),
  hostWorker: resolve(import.meta.dirname, '../../../apps/host/src/worker.ts'),
};

/**
 * The data directory: `--data-dir`, else `DATA_DIR`, else `./.data` (the host's default).
 *
 * @example
 * dataDirOf(undefined, { DATA_DIR: '/var/lib/junction' }); // '/var/lib/junction'
 */
export function dataDirOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.DATA_DIR ?? './.data');
}
