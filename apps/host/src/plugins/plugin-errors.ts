/**
 * The integration (or version) asked for is not available.
 *
 * @example
 * if (error instanceof PluginNotFoundError) return c.json({ errors: [{ type: 'not-found', message: error.message }] }, 404);
 */
export class PluginNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginNotFoundError';
  }
}

/**
 * The plugin exists but failed to load (threw at import, no default export, invalid definition).
 *
 * @example
 * if (error instanceof PluginLoadError) console.warn(error.message);
 */
export class PluginLoadError extends Error {
  readonly reason: string;
  constructor(name: string, version: string, reason: string) {
    super(`plugin ${name}@${version} failed to load: ${reason}`);
    this.name = 'PluginLoadError';
    this.reason = reason;
  }
}
