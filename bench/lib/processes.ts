import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A server started as a child process for a benchmark. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Node flags of the host's start script (`apps/host/package.json`): a 64 MB young-generation
 * semi-space (Node's default is 16 MB; the ingest path allocates a lot of short-lived objects).
 */
export const HOST_NODE_FLAGS = ['--max-semi-space-size=64'];

/** Spawns `node [nodeFlags] --import tsx <script>` with PORT set; resolves once `ready` matches its output. */
export async function startServer(
  script: string,
  options: { cwd: string; env?: Record<string, string>; ready: RegExp; nodeFlags?: string[] },
): Promise<ServerProcess & { match: RegExpExecArray }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', script], {
    cwd: options.cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    const check = () => {
      const m = options.ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    match,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
