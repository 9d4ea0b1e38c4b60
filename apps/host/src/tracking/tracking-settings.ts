/**
 * The settings document analytics.js (analytics-next) loads from `${cdnURL}/v1/projects/<writeKey>/settings`.
 * It points the library's Segment.io destination back at this host, so
 * `AnalyticsBrowser.load({ writeKey, cdnURL: 'https://junction.example.com' })` works unchanged.
 *
 * @example
 * ```ts
 * analyticsJsSettings('wk_123', new URL('https://junction.example.com/v1/projects/wk_123/settings'));
 * ```
 */
export function analyticsJsSettings(writeKey: string, origin: { host: string; protocol: string }) {
  const protocol = origin.protocol.replace(/:$/, '');
  const defaultPlan = { __default: { enabled: true, integrations: {} } };
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost: `${origin.host}/v1`,
        protocol,
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
        versionSettings: { componentTypes: ['browser'] },
      },
    },
    plan: { track: defaultPlan, identify: defaultPlan, group: defaultPlan },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}
