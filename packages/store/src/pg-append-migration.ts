import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

/**
 * Migration `0011_pg_append` (PostgreSQL only; SQLite keeps its own dedupe, sqlite-dedupe.ts):
 *
 * - **`dedupe_keys`**: dedupe keys as the 128-bit MD5 of `<sourceId>/<messageId>` in a `uuid`
 *   (16 bytes, compared as bytes) instead of the key text (~60 bytes, compared by collation). The
 *   index is a quarter of the size and a 100-key lookup costs about half. Two different keys
 *   share a hash with odds near 2⁻¹²⁸ by accident; a sender who crafts an MD5 collision can only
 *   make a second messageId of its own source count as a duplicate of its first (both in one batch:
 *   the second is recorded once, not twice). The keys of the old text-keyed `dedupe` table are
 *   copied over.
 * - **`junction_append(…)`**: the whole log append as one function call, so a batch of any size
 *   takes ONE round trip with its values as parameters, and the call's implicit transaction
 *   commits before the answer (see log-append-pg.ts).
 *
 * @example
 * const migrations = { …, '0011_pg_append': pgAppendMigration };
 */
export const pgAppendMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql`CREATE TABLE dedupe_keys (key uuid PRIMARY KEY, seen_at text NOT NULL)`.execute(db);
    await sql`CREATE INDEX dedupe_keys_seen_at ON dedupe_keys (seen_at)`.execute(db);
    // Copied, not moved: hosts of older versions that still run during a rolling upgrade keep
    // reading and writing `dedupe`; `pruneDedupe` empties it as its keys expire.
    await sql`INSERT INTO dedupe_keys (key, seen_at) SELECT md5(key)::uuid, max(seen_at) FROM dedupe GROUP BY 1`.execute(db);
    await sql.raw(APPEND).execute(db);
  },
};

/**
 * `junction_append(…)`: takes the log-head row lock, then (each statement of a volatile function
 * takes a new snapshot under READ COMMITTED, so after the lock was granted) looks the keys up.
 * Any found within the window: writes nothing and returns their positions in `p_keys` (1-based;
 * positions, not texts, so the caller matches them whatever the server made of the text). None:
 * inserts the rows at seqs `head + p_seqs[i]`, records the keys, registers or extends the segment,
 * moves the head by `p_count` and returns the old head. The segment table must exist.
 *
 * - Refuses to run outside READ COMMITTED: under REPEATABLE READ or SERIALIZABLE the lookup's
 *   snapshot would predate the lock, and concurrent appends would fail with serialization errors.
 * - The payloads arrive as ONE text joined by U+0001, which JSON text never holds raw (the store
 *   refuses payloads that do): a text array of JSON would be escaped by the client and unescaped
 *   by the server, quote by quote (≈ 0.5 ms of a 100-event batch).
 * - The lookup goes by key alone (a MATERIALIZED CTE, with `seen_at` checked after), so no plan
 *   scans the `seen_at` index, which holds every key of the window.
 * - `plan_cache_mode = force_custom_plan`: each call plans its statements for the table as it is
 *   now. A plan cached when the table was small (a sequential scan) would stay while it grows.
 * - PostgreSQL 12 or later (`MATERIALIZED`, `plan_cache_mode`).
 */
const APPEND = `
CREATE FUNCTION junction_append(
  p_segment text, p_day text, p_now text, p_cutoff text, p_keys text[], p_count bigint,
  p_seqs bigint[], p_last_seqs bigint[], p_workspace_ids text[], p_source_ids text[], p_partitions int[],
  p_message_ids text[], p_types text[], p_received_ats text[], p_payloads text, p_events text[],
  OUT head bigint, OUT duplicates int[])
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  hashes uuid[] := ARRAY(SELECT md5(k)::uuid FROM unnest(p_keys) WITH ORDINALITY AS t(k, i) ORDER BY i);
  hit uuid[];
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'junction_append needs READ COMMITTED; this transaction runs %', current_setting('transaction_isolation');
  END IF;
  SELECT seq INTO head FROM log_head WHERE id = 1 FOR UPDATE;
  WITH found AS MATERIALIZED (SELECT key, seen_at FROM dedupe_keys WHERE key = ANY (hashes))
    SELECT array_agg(key) INTO hit FROM found WHERE seen_at >= p_cutoff;
  IF hit IS NOT NULL THEN
    SELECT array_agg(i::int ORDER BY i) INTO duplicates FROM unnest(hashes) WITH ORDINALITY AS t(h, i) WHERE h = ANY (hit);
    RETURN;
  END IF;
  EXECUTE format('INSERT INTO %I (seq, last_seq, workspace_id, source_id, partition, message_id, type, received_at, payload, events)
    SELECT $1 + s, $1 + l, w, src, p, m, t, r, pl, ev
    FROM unnest($2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS x(s, l, w, src, p, m, t, r, pl, ev)', p_segment)
    USING head, p_seqs, p_last_seqs, p_workspace_ids, p_source_ids, p_partitions, p_message_ids, p_types, p_received_ats,
      string_to_array(p_payloads, chr(1)), p_events;
  -- DISTINCT: two keys of one batch with one hash must not upsert the same row twice.
  INSERT INTO dedupe_keys (key, seen_at) SELECT DISTINCT k, p_now FROM unnest(hashes) AS k
    ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at;
  INSERT INTO log_segments (name, day, min_seq, max_seq, created_at) VALUES (p_segment, p_day, head + 1, head + p_count, p_now)
    ON CONFLICT (name) DO UPDATE SET max_seq = EXCLUDED.max_seq;
  UPDATE log_head SET seq = head + p_count WHERE id = 1;
END
$$`;
