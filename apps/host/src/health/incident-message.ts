import type { HealthState } from '@junction/store';

/**
 * What an incident notice is about.
 *
 * @example
 * const n: IncidentNotice = { kind: 'incident', incidentId: 'inc', workspace: { id: 'w', name: 'Acme' }, resource: { type: 'destination', id: 'd', name: 'Hook' }, state: 'failing', reasons: ['…'], at: '2026-01-01T00:00:00.000Z' };
 */
export interface IncidentNotice {
  kind: 'incident' | 'recovery';
  incidentId: string;
  workspace: { id: string; name: string };
  resource: { type: string; id: string; name: string };
  state: HealthState;
  reasons: string[];
  at: string;
}

/**
 * The email of a notice: subject and plain text.
 *
 * @example
 * incidentMail(notice).subject; // '[Junction] Incident: destination "Hook" is failing'
 */
export function incidentMail(n: IncidentNotice): { subject: string; text: string } {
  const what = `${n.resource.type} "${n.resource.name}"`;
  if (n.kind === 'incident') {
    return {
      subject: `[Junction] Incident: ${what} is ${n.state}`,
      text: [
        `Workspace ${n.workspace.name}: ${what} (${n.resource.id}) became ${n.state} at ${n.at}.`,
        '',
        'Why:',
        ...n.reasons.map((r) => `- ${r}`),
        '',
        'You get one notice per incident, and one more when it recovers. Details: Workspace Health (GET /api/workspace-health).',
        `Incident ${n.incidentId}`,
      ].join('\n'),
    };
  }
  const how = n.state === 'disabled' ? 'was disabled, which closes the incident' : 'is healthy again';
  return {
    subject: `[Junction] Resolved: ${what} ${n.state === 'disabled' ? 'was disabled' : 'is healthy again'}`,
    text: [`Workspace ${n.workspace.name}: ${what} (${n.resource.id}) ${how} at ${n.at}.`, '', `Incident ${n.incidentId}`].join('\n'),
  };
}

/**
 * The JSON body POSTed to a workspace's incident webhook.
 *
 * @example
 * incidentWebhookBody(notice).type; // 'incident.opened'
 */
export function incidentWebhookBody(n: IncidentNotice): Record<string, unknown> {
  return {
    type: n.kind === 'incident' ? 'incident.opened' : 'incident.resolved',
    incidentId: n.incidentId,
    workspace: n.workspace,
    resource: n.resource,
    state: n.state,
    reasons: n.reasons,
    at: n.at,
  };
}
