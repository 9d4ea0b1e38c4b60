import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const hostDir = fileURLToPath(new URL('../..', import.meta.url));

/** A host started as a real child process (`tsx src/main.ts`). */
export interface HostProcess {
  child: ChildProcess;
  url: string;
  /** The demo source's writeKey, read from the first-start banner. */
  writeKey: string;
  output: () => string;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Spawns the host like an operator would, waits until it prints its banner and answers /health.
 *
 * @example
 * ```ts
 * const host = await spawnHost({ DATA_DIR: dir });
 * host.child.kill('SIGKILL');
 * ```
 */
export async function spawnHost(env: Record<string, string>, port?: number): Promise<HostProcess> {
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: hostDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(listenPort), TRACKING_RATE_LIMIT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const writeKey = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /writeKey: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${listenPort}`;
  const health = await fetch(`${url}/health`);
  if (health.status !== 200) throw new Error(`host /health answered ${health.status}`);
  return { child, url, writeKey, output: () => output };
}

/** Sends SIGKILL and waits for the process to be gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await gone;
}
