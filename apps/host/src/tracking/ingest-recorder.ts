import { createHash } from 'node:crypto';
import { type IngestCount, type IngestMetricsRepo, type TrackedId, type VolumeCount, ingestMetricsRepo, type Store } from '@junction/store';
import type { TrackingIssue } from './tracking-errors.ts';

/** What the tracking API reports to (all synchronous, in-memory: nothing waits on the database). */
export interface IngestSink {
  /** One tracking API request attributed to a source. */
  apiCall(sourceId: string): void;
  /** Events durably accepted, as tallied (see {@link tallyEvent}) before they were appended. */
  accepted(sourceId: string, tally: AcceptedTally): void;
  /** Issues of refused events (one event per batch index; an unindexed list is one event). */
  rejected(sourceId: string, issues: readonly TrackingIssue[]): void;
}

/** An {@link IngestSink} that aggregates in memory and upserts into the store every `flushMs`. */
export interface IngestRecorder extends IngestSink {
  /** Writes what is aggregated now (callers that read the tables call it first for exact numbers). */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  stop(): Promise<void>;
}

/** Options of {@link createIngestRecorder}. */
export interface IngestRecorderOptions {
  /** Flush interval (default 5 s). */
  flushMs?: number;
  /** Distinct ids held before an early flush (default 50,000). */
  maxPendingIds?: number;
  /** Ids remembered as already written today, to skip rewriting them (default 200,000). */
  maxSeenIds?: number;
  /** Distinct event names per source and minute before the rest count as `(other)` (default 200). */
  maxNamesPerMinute?: number;
  clock?: () => number;
  repo?: IngestMetricsRepo;
  log?: (message: string) => void;
}

/**
 * The hash stored for a userId/anonymousId: first 16 hex digits of SHA-256 (64 bits).
 *
 * @example
 * idHash('user-1').length; // 16
 */
export function idHash(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 16);
}

const minuteOf = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

/**
 * What the recorder counts of one request's accepted events, gathered while the request is
 * normalised: the events themselves then need not outlive the append (they would be promoted to
 * V8's old space while the group commit runs, and marked there).
 *
 * @example
 * const tally = createAcceptedTally();
 * tallyEvent(tally, { type: 'track', event: 'Played', userId: 'u1' });
 * ingest.accepted(sourceId, tally); // after the append committed
 */
export interface AcceptedTally {
  /** Events tallied. */
  count: number;
  /** Event type → name (track's `event`, page/screen's `name`, else `''`) → events. */
  byType: Map<string, Map<string, number>>;
  /** Names in order of first appearance (the per-minute cap admits them in this order). */
  names: Set<string>;
  /** Non-empty userIds. */
  users: Set<string>;
  /** Non-empty anonymousIds → whether an event of theirs also had a userId. */
  anonymous: Map<string, boolean>;
}

/** The fields of a normalised event that {@link tallyEvent} reads. */
export interface TalliedFields {
  type: string;
  event?: unknown;
  name?: unknown;
  userId?: unknown;
  anonymousId?: unknown;
}

/**
 * An empty {@link AcceptedTally}.
 *
 * @example
 * createAcceptedTally().count; // 0
 */
export function createAcceptedTally(): AcceptedTally {
  return { count: 0, byType: new Map(), names: new Set(), users: new Set(), anonymous: new Map() };
}

function eventName(e: TalliedFields): string {
  if (e.type === 'track') return typeof e.event === 'string' ? e.event : '';
  if ((e.type === 'page' || e.type === 'screen') && typeof e.name === 'string') return e.name;
  return '';
}

/**
 * Counts one accepted (normalised) event into `tally`.
 *
 * @example
 * tallyEvent(tally, normalizeEvent(raw, { receivedAt }));
 */
export function tallyEvent(tally: AcceptedTally, e: TalliedFields): void {
  tally.count += 1;
  const name = eventName(e);
  tally.names.add(name);
  let byName = tally.byType.get(e.type);
  if (!byName) {
    byName = new Map();
    tally.byType.set(e.type, byName);
  }
  byName.set(name, (byName.get(name) ?? 0) + 1);
  const hasUser = typeof e.userId === 'string' && e.userId !== '';
  if (hasUser) tally.users.add(e.userId as string);
  if (typeof e.anonymousId === 'string' && e.anonymousId !== '') {
    tally.anonymous.set(e.anonymousId, hasUser || tally.anonymous.get(e.anonymousId) === true);
  }
}

/**
 * Ingest metrics for Workspace Health and usage: accepted/rejected-by-reason events and API calls
 * per source × minute, event volume per type and name, and distinct user/anonymous ids per source
 * and day (hashed; MTU). Counting is synchronous map arithmetic; the store sees one upsert
 * transaction per flush. A crash loses at most one interval of counts (never events).
 *
 * @example
 * const ingest = createIngestRecorder(store);
 * createApp({ store, ingest });
 * process.on('SIGTERM', () => ingest.stop());
 */
export function createIngestRecorder(store: Store, options: IngestRecorderOptions = {}): IngestRecorder {
  const repo = options.repo ?? ingestMetricsRepo(store.db);
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(`ingest metrics: ${m}`));
  const maxPendingIds = options.maxPendingIds ?? 50_000;
  const maxSeen = options.maxSeenIds ?? 200_000;
  const maxNames = options.maxNamesPerMinute ?? 200;
  let counts = new Map<string, IngestCount>();
  let volume = new Map<string, VolumeCount>();
  let ids = new Map<string, TrackedId>();
  const names = new Map<string, Set<string>>();
  /** Ids written today: key → linked. Cleared when full or the day changes. */
  let seen = new Map<string, boolean>();
  let seenDay = '';
  let chain: Promise<void> = Promise.resolve();
  // The current minute's ISO text and its day, made again only when the clock enters another
  // minute (a Date and its ISO text per call were a fifth of the recorder's cost per request).
  let minuteStart = Number.NaN;
  let minuteText = '';
  let dayText = '';
  const minuteAt = (ms: number): string => {
    const start = Math.floor(ms / 60_000) * 60_000;
    if (start !== minuteStart) {
      minuteStart = start;
      minuteText = minuteOf(ms);
      dayText = minuteText.slice(0, 10);
    }
    return minuteText;
  };

  const count = (sourceId: string, outcome: IngestCount['outcome'], reason: string, n: number) => {
    const minute = minuteAt(clock());
    const key = `${sourceId}\u0000${minute}\u0000${outcome}\u0000${reason}`;
    const c = counts.get(key);
    if (c) c.count += n;
    else counts.set(key, { sourceId, minute, outcome, reason, count: n });
  };

  const track = (sourceId: string, day: string, kind: TrackedId['kind'], id: string, linked: boolean) => {
    const key = `${sourceId}\u0000${day}\u0000${kind}\u0000${id}`;
    const wasLinked = seen.get(key);
    if (wasLinked === true || (wasLinked === false && !linked)) return;
    const pending = ids.get(key);
    if (pending) pending.linked ||= linked;
    else ids.set(key, { sourceId, day, kind, idHash: id, linked });
  };

  const flushNow = async () => {
    const batch = { counts: [...counts.values()], volume: [...volume.values()], ids: [...ids.entries()] };
    counts = new Map();
    volume = new Map();
    ids = new Map();
    names.clear();
    if (batch.counts.length + batch.volume.length + batch.ids.length === 0) return;
    try {
      await repo.add({ counts: batch.counts, volume: batch.volume, ids: batch.ids.map(([, t]) => ({ ...t, idHash: idHash(t.idHash) })) });
      const today = new Date(clock()).toISOString().slice(0, 10);
      if (today !== seenDay || seen.size > maxSeen) {
        seen = new Map();
        seenDay = today;
      }
      for (const [key, t] of batch.ids) if (t.day === seenDay) seen.set(key, t.linked || seen.get(key) === true);
    } catch (error) {
      log(`flush failed, kept for the next one: ${(error as Error).message}`);
      for (const c of batch.counts) count(c.sourceId, c.outcome, c.reason, c.count);
      for (const v of batch.volume) volume.set(`${v.sourceId}\u0000${v.minute}\u0000${v.eventType}\u0000${v.eventName}`, v);
      for (const [key, t] of batch.ids) if (!ids.has(key)) ids.set(key, t);
    }
  };
  const flush = () => {
    chain = chain.then(flushNow);
    return chain;
  };

  const timer = setInterval(() => void flush(), options.flushMs ?? 5_000);
  timer.unref();

  return {
    apiCall: (sourceId) => count(sourceId, 'api_call', '', 1),
    accepted(sourceId, tally) {
      if (tally.count === 0) return;
      count(sourceId, 'accepted', '', tally.count);
      const now = clock();
      const minute = minuteAt(now);
      const day = dayText;
      const nameKey = `${sourceId}\u0000${minute}`;
      let seenNames = names.get(nameKey);
      if (!seenNames) {
        seenNames = new Set();
        names.set(nameKey, seenNames);
      }
      // Names are admitted in order of first appearance until the cap; the rest count as '(other)'.
      for (const name of tally.names) if (!seenNames.has(name) && seenNames.size < maxNames) seenNames.add(name);
      for (const [eventType, byName] of tally.byType) {
        for (const [sent, n] of byName) {
          const name = seenNames.has(sent) ? sent : '(other)';
          const key = `${sourceId}\u0000${minute}\u0000${eventType}\u0000${name}`;
          const v = volume.get(key);
          if (v) v.count += n;
          else volume.set(key, { sourceId, minute, eventType, eventName: name, count: n });
        }
      }
      for (const id of tally.users) track(sourceId, day, 'user', id, false);
      for (const [id, linked] of tally.anonymous) track(sourceId, day, 'anonymous', id, linked);
      if (ids.size >= maxPendingIds) void flush();
    },
    rejected(sourceId, issues) {
      const byEvent = new Map<string, string>();
      for (const issue of issues) {
        const key = issue.index === undefined ? 'request' : String(issue.index);
        if (!byEvent.has(key)) byEvent.set(key, issue.reason);
      }
      if (byEvent.size === 0) byEvent.set('request', 'bad_request');
      for (const reason of byEvent.values()) count(sourceId, 'rejected', reason, 1);
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
