/** A workspace: the tenant that owns sources and destinations. */
export interface Workspace {
  id: string;
  slug: string;
  name: string;
  plan: string;
  createdAt: string;
  updatedAt: string;
}

/** A source: where events come from (a website, an app, a server). */
export interface Source {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A write key: the credential a source's clients send; several per source. */
export interface WriteKey {
  key: string;
  sourceId: string;
  createdAt: string;
}

/** A destination instance: an installed integration connected to one source. */
export interface Destination {
  id: string;
  workspaceId: string;
  sourceId: string;
  /** Slug of the integration plugin (catalog id). */
  integration: string;
  pluginVersion: string;
  name: string;
  enabled: boolean;
  /** Opaque text (the host encrypts secrets before storing). */
  settings: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * One event to append to the log.
 *
 * @example
 * const e: AppendEvent = { messageId: 'm-1', type: 'track', partitionKey: 'user-42', payload: { event: 'Signed Up' } };
 */
export interface AppendEvent {
  /** Segment messageId; the dedupe key together with the source id. */
  messageId: string;
  /** Segment type: identify, track, page, screen, group, alias. */
  type: string;
  /** userId, else anonymousId; decides the partition. Missing → the messageId is used. */
  partitionKey?: string | null;
  /**
   * The normalised event: an object (serialised here) or JSON text. A text must not be empty nor
   * hold a raw U+0000 or U+0001 (JSON writes them escaped): `appendEvents` refuses it.
   */
  payload: string | Record<string, unknown>;
  /** Server receive time (ISO-8601); defaults to the commit batch's time. */
  receivedAt?: string;
}

/**
 * What happened to one appended event.
 *
 * @example
 * // { messageId: 'm-1', status: 'duplicate', seq: null, partition: 7 }
 */
export interface AppendResult {
  messageId: string;
  status: 'new' | 'duplicate';
  /** Log position when new; null for a duplicate. */
  seq: number | null;
  partition: number;
}

/**
 * One event read back from the log.
 *
 * @example
 * const body = JSON.parse(event.payload); // the normalised Segment event
 */
export interface LogEvent {
  seq: number;
  workspaceId: string;
  sourceId: string;
  partition: number;
  messageId: string;
  type: string;
  receivedAt: string;
  /** The event as JSON text. */
  payload: string;
}

/** A segment of the event log (one table per UTC day of append). */
export interface LogSegment {
  name: string;
  /** `yyyymmdd` (UTC). */
  day: string;
  minSeq: number;
  maxSeq: number;
}

/** Counters of the append path (group commit effectiveness). */
export interface AppendStats {
  /** appendEvents calls accepted. */
  calls: number;
  /** Transactions committed by the group committer. */
  transactions: number;
  /** Events newly written to the log. */
  appended: number;
  /** Events acknowledged as duplicates. */
  duplicates: number;
}
