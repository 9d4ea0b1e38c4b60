/**
 * Injectable timer functions, so tests can drive time with a fake clock.
 *
 * @example
 * const timers: Timers = { setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (t) => clearTimeout(t as NodeJS.Timeout) };
 */
export interface Timers {
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The timer functions to use: the given ones, else the global `setTimeout`/`clearTimeout`.
 *
 * @example
 * const { setTimer, clearTimer } = resolveTimers(options);
 */
export function resolveTimers(timers: Timers): Required<Timers> {
  return {
    setTimer: timers.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
    clearTimer: timers.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout)),
  };
}

/**
 * The reason an `AbortSignal` gave, or a generic `AbortError`.
 *
 * @example
 * if (signal?.aborted) throw abortReason(signal);
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
