import type { Dispatcher } from 'undici';
import { CappedBuffer } from './capped-body.ts';

/**
 * What one request resolves to: status, lower-cased headers (repeats joined with `, `), the body
 * text up to the cap and whether it was cut.
 *
 * @example
 * const res: CallResult = { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok', truncated: false };
 */
export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
}

/**
 * The per-request limits and hooks of {@link dispatchCall}.
 *
 * @example
 * const limits: CallLimits = { timeoutMs: 5000, maxResponseBytes: 65_536, signal: undefined, onSettled: () => inFlight-- };
 */
export interface CallLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  /** Called once, when the promise settles. */
  onSettled: () => void;
}

function timeoutError(timeoutMs: number, phase: string): DOMException {
  return new DOMException(`destination did not ${phase} within ${timeoutMs} ms`, 'TimeoutError');
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Requests watching one caller signal: one `abort` listener per signal while any of its requests
 * is in flight (not one per request), removed with the last one.
 */
interface SignalWatch {
  calls: Set<Call>;
  onAbort: () => void;
}
const watches = new WeakMap<AbortSignal, SignalWatch>();

function watch(signal: AbortSignal, call: Call): void {
  let w = watches.get(signal);
  if (!w) {
    const calls = new Set<Call>();
    w = {
      calls,
      onAbort: () => {
        for (const c of [...calls]) c.fail(signal.reason, true);
      },
    };
    watches.set(signal, w);
  }
  if (w.calls.size === 0) signal.addEventListener('abort', w.onAbort, { once: true });
  w.calls.add(call);
}

function unwatch(signal: AbortSignal, call: Call): void {
  const w = watches.get(signal);
  if (!w?.calls.delete(call) || w.calls.size > 0) return;
  signal.removeEventListener('abort', w.onAbort);
}

function onDeadline(call: Call): void {
  call.fail(timeoutError(call.limits.timeoutMs, call.gotHeaders ? 'send the whole response body' : 'answer'), true);
}

/** One request as an undici dispatch handler: no response stream, no AbortSignal of its own. */
class Call implements Dispatcher.DispatchHandler {
  readonly limits: CallLimits;
  gotHeaders = false;
  #resolve: (result: CallResult) => void;
  #reject: (reason: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #timer: NodeJS.Timeout;
  #settled = false;
  /** Why the call was given up before undici started it (aborted when it starts). */
  #reason: unknown;
  #status = 0;
  #headers: Record<string, string> = {};
  #body: CappedBuffer | undefined;

  constructor(limits: CallLimits, resolve: (result: CallResult) => void, reject: (reason: unknown) => void) {
    this.limits = limits;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#timer = setTimeout(onDeadline, limits.timeoutMs, this);
    if (limits.signal) watch(limits.signal, this);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    if (this.limits.signal) unwatch(this.limits.signal, this);
    this.limits.onSettled();
    return true;
  }

  /** Rejects with `reason`; `abort`: also stops the request in undici (closing its socket if it started). */
  fail(reason: unknown, abort: boolean): void {
    if (!this.#settle()) return;
    this.#reject(reason);
    if (!abort) return;
    if (this.#controller) this.#controller.abort(reason as Error);
    else this.#reason = reason;
  }

  #finish(): void {
    if (!this.#settle()) return;
    const body = (this.#body ?? new CappedBuffer(0)).result();
    this.#resolve({ status: this.#status, headers: this.#headers, body: body.text, truncated: body.truncated });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#settled) controller.abort(this.#reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // 1xx informational
    this.gotHeaders = true;
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
    this.#body = new CappedBuffer(this.limits.maxResponseBytes);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled || !this.#body || this.#body.push(chunk)) return;
    // Far past the cap: keep what we have and close the socket rather than drain it.
    this.#finish();
    controller.abort(new Error('response body far over the cap: connection closed'));
  }

  onResponseEnd(): void {
    this.#finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error, false);
  }
}

/**
 * Sends one request through `dispatcher` and resolves with its status, headers and capped body.
 * Rejects with undici's error (its `code` intact), with a `TimeoutError` once `timeoutMs` passed
 * (whether queued, waiting for headers or reading the body), or with the caller signal's reason.
 *
 * @example
 * const res = await dispatchCall(agent, { origin, path: '/hook', method: 'POST', headers: {}, body: '{}' }, { timeoutMs: 5000, maxResponseBytes: 65_536, signal: undefined, onSettled: () => {} });
 */
export function dispatchCall(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, limits: CallLimits): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    if (limits.signal?.aborted) {
      limits.onSettled();
      reject(limits.signal.reason);
      return;
    }
    const call = new Call(limits, resolve, reject);
    try {
      dispatcher.dispatch(options, call);
    } catch (err) {
      call.fail(err, false);
    }
  });
}
