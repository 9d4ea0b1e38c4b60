/** Tables of migration `0006_health` (ingest metrics and Workspace Health). */
export interface HealthTables {
  ingest_metrics: { source_id: string; minute: string; outcome: string; reason: string; count: number | string };
  ingest_volume: { source_id: string; minute: string; event_type: string; event_name: string; count: number | string };
  ingest_mtu: { source_id: string; day: string; id_hash: string; kind: string; linked: number };
  health_settings: { workspace_id: string; thresholds: string; incident_webhook_url: string | null; updated_at: string };
  health_states: {
    workspace_id: string;
    resource_type: string;
    resource_id: string;
    state: string;
    reasons: string;
    incident_id: string | null;
    healthy_since: string | null;
    changed_at: string;
    evaluated_at: string;
  };
  health_incidents: {
    id: string;
    workspace_id: string;
    resource_type: string;
    resource_id: string;
    resource_name: string;
    state: string;
    reasons: string;
    opened_at: string;
    closed_at: string | null;
    notified: string;
  };
  health_probe: { id: string; written_at: string };
}
