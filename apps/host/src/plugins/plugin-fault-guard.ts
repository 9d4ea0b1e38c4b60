import type { PluginLoader, PluginStatus } from './plugin-loader.ts';

/**
 * Options of {@link installPluginFaultGuard}.
 *
 * @example
 * const options: PluginFaultGuardOptions = { loader, onCrash: (s) => resolver.forget(s.slug, s.version) };
 */
export interface PluginFaultGuardOptions {
  loader: Pick<PluginLoader, 'pluginDirOf' | 'markCrashed'>;
  /** Called once per plugin that crashed, after the loader marked it failed. */
  onCrash?: (status: PluginStatus) => void;
  log?: (line: string) => void;
  /** What to do with an error no plugin threw (default: log and exit 1, Node's own behaviour). */
  onHostError?: (error: unknown) => void;
  /** The process to guard (tests). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Keeps a third-party plugin that throws after import (from a timer, an event handler or a
 * promise nobody awaits) from taking the host down. An uncaught exception or unhandled rejection
 * whose stack runs through a folder under `DATA_DIR/plugins` marks that plugin as crashed (the
 * catalog shows it as failed, its destinations pause) and the host keeps serving; any other error
 * keeps Node's behaviour: logged, then the process exits with status 1.
 *
 * Returns a function that removes the handlers.
 *
 * @example
 * const remove = installPluginFaultGuard({ loader, onCrash: (s) => resolver.forget(s.slug, s.version) });
 */
export function installPluginFaultGuard(options: PluginFaultGuardOptions): () => void {
  const log = options.log ?? ((line: string) => console.error(line));
  const target = options.target ?? process;
  const hostError =
    options.onHostError ??
    ((error: unknown) => {
      log(`host: uncaught error: ${error instanceof Error ? (error.stack ?? describe(error)) : String(error)}`);
      process.exit(1);
    });
  const reported = new Set<string>();
  const handle = (error: unknown) => {
    const dir = options.loader.pluginDirOf(error);
    if (!dir) return hostError(error);
    if (reported.has(dir)) return;
    reported.add(dir);
    log(`plugins: ${dir} crashed after import (${describe(error)}); marked failed, its destinations are paused`);
    void options.loader.markCrashed(dir, describe(error)).then((status) => {
      if (status) options.onCrash?.(status);
    });
  };
  target.on('uncaughtException', handle);
  target.on('unhandledRejection', handle);
  return () => {
    target.off('uncaughtException', handle);
    target.off('unhandledRejection', handle);
  };
}
