import type { Engine } from './engine.ts';

/** The engine's status as the thread last posted it. */
export type EngineStatus = ReturnType<Engine['status']>;

/** The engine methods the main thread may call in the engine thread. */
export const THREAD_METHODS = ['stop', 'replayHistory', 'replayFailed', 'summary', 'flushMetrics'] as const;

/** One of {@link THREAD_METHODS}. */
export type ThreadMethod = (typeof THREAD_METHODS)[number];

/** Main thread → engine thread. */
export type ToThread = { type: 'call'; id: number; method: ThreadMethod; args: unknown[] };

/** Engine thread → main thread. */
export type FromThread =
  | { type: 'ready'; status: EngineStatus }
  | { type: 'status'; status: EngineStatus }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'failed'; error: string };
