/**
 * The WAL checkpointer of the SQLite writer thread: a small worker thread with its own connection
 * that copies committed WAL frames into the database file every few milliseconds
 * (`PRAGMA wal_checkpoint(PASSIVE)`: it never blocks the writer or readers).
 *
 * Left to SQLite's auto-checkpoint alone, the commit that crosses 1,000 WAL pages (16 MB with
 * 16 KiB pages) copies them all and syncs the file itself: a 20–50 ms stall of the writer thread,
 * and of every batch queued behind it, about twice a second under load. The writer keeps that
 * auto-checkpoint: with this thread beside it, the crossing commit finds nearly every frame copied
 * already, copies the rest and lets the WAL start over (a PASSIVE checkpoint alone cannot restart
 * the WAL while appends never pause).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer runs, in ms. */
export const CHECKPOINT_EVERY_MS = 25;

/** The thread's code (CommonJS: an eval worker needs no loader, and this package ships TypeScript). */
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// PASSIVE never waits: frames it cannot copy now (a reader still needs them) are copied next time.
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** The writer thread's handle of its checkpointer. */
export interface Checkpointer {
  /** Stops the thread after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts the checkpointer of the SQLite file at `path`. `onExit` runs if the thread fails (it
 * cannot open the file, say); the writer's own auto-checkpoint then does all the copying again.
 *
 * @example
 * const checkpointer = startCheckpointer(path, (err) => console.error(err?.message));
 * // … appends …
 * await checkpointer.stop();
 */
export function startCheckpointer(path: string, onExit: (err?: Error) => void, everyMs = CHECKPOINT_EVERY_MS): Checkpointer {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(CODE, { eval: true, workerData: { path, everyMs, driver } });
  } catch (err) {
    onExit(err as Error);
    return { stop: async () => {} };
  }
  worker.unref();
  let stopping = false;
  let failure: Error | undefined;
  worker.on('error', (err) => {
    failure = err;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping) onExit(failure ?? new Error('sqlite checkpointer thread exited'));
      stopping = true;
      resolve();
    });
  });
  return {
    async stop() {
      if (!stopping) {
        stopping = true;
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
