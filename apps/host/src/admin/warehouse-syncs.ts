import { type LoadReport, type PostgresWarehouseSettings, warehouseStatus } from '@junction/integration-postgres-warehouse';

/**
 * Segment's SyncV1, built from a warehouse integration's load report.
 *
 * @example
 * const s: SyncReport = { sourceId, start, end, status: 'SUCCESS', duration: 12, humanDuration: '12ms', count: 3, notices: [] };
 */
export interface SyncReport {
  sourceId: string;
  start: string;
  end: string | null;
  status: 'SUCCESS' | 'FAILED';
  duration: number;
  humanDuration: string;
  count: number;
  notices: Array<{ level: string; message: string; createdAt: string }>;
  /** Junction: rows loaded per table. */
  rows: Record<string, number>;
}

type StatusReader = (settings: Record<string, unknown>) => LoadReport | undefined;

/** Integrations that record a sync status, by slug (postgres-warehouse keeps it in memory per process). */
const readers: Record<string, StatusReader> = {
  'postgres-warehouse': (settings) => warehouseStatus(settings as PostgresWarehouseSettings)?.lastLoad,
};

function humanDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

function notices(load: LoadReport): SyncReport['notices'] {
  const at = load.at;
  const out: SyncReport['notices'] = [];
  if (load.error) out.push({ level: 'error', message: `${load.error.code}: ${load.error.message}`, createdAt: at });
  for (const t of load.tablesCreated) out.push({ level: 'info', message: `table created: ${t}`, createdAt: at });
  for (const c of load.columnsAdded) out.push({ level: 'info', message: `column added: ${c}`, createdAt: at });
  for (const c of load.typeConflicts) out.push({ level: 'warning', message: `${c.count} value(s) of type ${c.valueType} stored as NULL in ${c.table}.${c.column} (${c.columnKind})`, createdAt: at });
  return out;
}

/**
 * The sync reports of a warehouse loading into these settings, as this process saw them: the last
 * load (empty before the first one, or when the integration records no status). Every source of a
 * warehouse loads into the same schema, so the report is the schema's; `sourceId` names who asked.
 *
 * @example
 * syncReports('postgres-warehouse', settings, sourceId); // [{ status: 'SUCCESS', count: 120, rows: { tracks: 80 }, … }]
 */
export function syncReports(integration: string, settings: Record<string, unknown>, sourceId: string): SyncReport[] {
  const reader = Object.hasOwn(readers, integration) ? readers[integration] : undefined;
  const load = reader?.(settings);
  if (!load) return [];
  const end = new Date(Date.parse(load.at) + load.durationMs).toISOString();
  return [
    {
      sourceId,
      start: load.at,
      end,
      status: load.ok ? 'SUCCESS' : 'FAILED',
      duration: load.durationMs,
      humanDuration: humanDuration(load.durationMs),
      count: load.events,
      notices: notices(load),
      rows: load.rows,
    },
  ];
}
