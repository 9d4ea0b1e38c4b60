import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Location, pgUrl } from './backends.ts';

const script = fileURLToPath(new URL('./engine-worker.ts', import.meta.url));

/** Starts an engine worker process on a store location; resolves once it is running. */
export async function spawnWorker(loc: Location, workerId: string, leaseMs = 2000): Promise<ChildProcess> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), WORKER_ID: workerId, LEASE_MS: String(leaseMs) };
  if (loc.backend === 'sqlite') env.DATA_DIR = loc.dataDir!;
  else Object.assign(env, { DATABASE_URL: pgUrl(), DB_SCHEMA: loc.schema! });
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      if (output.includes('engine ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  return child;
}

/** Sends a signal and waits for the exit. */
export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
