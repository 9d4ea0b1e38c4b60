import { placeholderLogo } from './destination-metadata.ts';

/**
 * A source type in the catalog (Segment's `GET /catalog/sources` item shape).
 *
 * @example
 * const s: SourceMetadata = sourcesCatalog.find((x) => x.slug === 'javascript')!;
 */
export interface SourceMetadata {
  id: string;
  slug: string;
  name: string;
  categories: string[];
  description: string;
  logos: { default: string; mark: string; alt: string };
  /** Segment-compatible library that sends to this source. */
  library?: string;
}

type Row = [slug: string, name: string, category: string, description: string, library?: string];

const rows: Row[] = [
  ['http-api', 'HTTP API', 'Server', 'Send events from anything that speaks HTTP to /v1/track, /v1/identify, /v1/batch…'],
  ['javascript', 'JavaScript', 'Website', 'Analytics.js in the browser: page views, clicks and custom events.', '@segment/analytics-next'],
  ['node-js', 'Node.js', 'Server', 'Server-side events from Node.js.', '@segment/analytics-node'],
  ['python', 'Python', 'Server', 'Server-side events from Python.', 'segment-analytics-python'],
  ['go', 'Go', 'Server', 'Server-side events from Go.', 'github.com/segmentio/analytics-go'],
  ['ruby', 'Ruby', 'Server', 'Server-side events from Ruby.', 'analytics-ruby'],
  ['php', 'PHP', 'Server', 'Server-side events from PHP.', 'segmentio/analytics-php'],
  ['java', 'Java', 'Server', 'Server-side events from Java and Kotlin on the JVM.', 'com.segment.analytics.java'],
  ['dotnet', '.NET', 'Server', 'Server-side events from C# and .NET.', 'Segment.Analytics.CSharp'],
  ['ios', 'iOS', 'Mobile', 'Events from iOS apps (Swift, Objective-C).', 'analytics-swift'],
  ['android', 'Android', 'Mobile', 'Events from Android apps (Kotlin, Java).', 'analytics-kotlin'],
  ['react-native', 'React Native', 'Mobile', 'Events from React Native apps.', '@segment/analytics-react-native'],
  ['flutter', 'Flutter', 'Mobile', 'Events from Flutter apps.', 'segment_analytics'],
];

/**
 * The sources catalog: every kind of source Junction accepts (all speak Segment's tracking API).
 *
 * @example
 * sourcesCatalog.map((s) => s.name); // ['HTTP API', 'JavaScript', 'Node.js', …]
 */
export const sourcesCatalog: readonly SourceMetadata[] = rows.map(([slug, name, category, description, library]) => {
  const logo = placeholderLogo(name);
  return { id: slug, slug, name, categories: [category], description, logos: { default: logo, mark: logo, alt: logo }, ...(library ? { library } : {}) };
});
