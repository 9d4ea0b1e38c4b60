import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Output } from '../output.ts';
import { paths } from '../paths.ts';

/**
 * `junction start`: runs the host (apps/host/src/main.ts) in this process; configured by the
 * environment (PORT, DATA_DIR, DATABASE_URL, JUNCTION_SECRET, …).
 *
 * @example
 * await startCommand(processOutput); // serves until SIGINT/SIGTERM
 */
export async function startCommand(_io: Output): Promise<number | undefined> {
  await import(pathToFileURL(paths.hostMain).href);
  return undefined;
}

/**
 * `junction worker`: runs the delivery worker (apps/host/src/worker.ts) when the host has one.
 *
 * @example
 * await workerCommand(processOutput);
 */
export async function workerCommand(io: Output): Promise<number | undefined> {
  if (!existsSync(paths.hostWorker)) {
    io.err('junction worker: this host has no separate worker (apps/host/src/worker.ts does not exist yet); `junction start` runs the host.');
    return 1;
  }
  await import(pathToFileURL(paths.hostWorker).href);
  return undefined;
}
