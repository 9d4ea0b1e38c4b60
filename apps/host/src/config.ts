import { resolve } from 'node:path';

/** The operator contract: everything the host reads from its environment. */
export interface HostConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
}

/** Reads and checks the host's configuration; throws an Error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const portText = env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${portText}"`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
