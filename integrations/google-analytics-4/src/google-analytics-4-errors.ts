import { IntegrationError, type RequestFn } from '@junction/core';
import { collectUrl } from './google-analytics-4-client.ts';
import { streamOf } from './google-analytics-4-event.ts';
import type { GoogleAnalytics4Settings } from './google-analytics-4-settings.ts';

/**
 * One message of the validation server (`/debug/mp/collect`).
 *
 * @example
 * const m: ValidationMessage = { fieldPath: 'events', description: 'Event at index: [0] has invalid name [_bad].', validationCode: 'NAME_INVALID' };
 */
export interface ValidationMessage {
  fieldPath?: string;
  description?: string;
  validationCode?: string;
}

/**
 * The `validationMessages` of a validation-server answer (`[]` when it is valid or not JSON).
 *
 * @example
 * parseValidationMessages('{"validationMessages":[]}'); // []
 */
export function parseValidationMessages(body: string): ValidationMessage[] {
  try {
    const value = JSON.parse(body) as { validationMessages?: unknown };
    return Array.isArray(value?.validationMessages) ? (value.validationMessages as ValidationMessage[]) : [];
  } catch {
    return [];
  }
}

/** An app instance ID of the right shape for the connection test (32 hex digits). */
const TEST_APP_INSTANCE_ID = '0123456789abcdef0123456789abcdef';

/**
 * "Test connection": the Measurement Protocol answers 2xx even for payloads it drops, so this
 * sends a test event to the validation server (`/debug/mp/collect`, nothing is recorded) and
 * throws `PAYLOAD_REJECTED` listing its `validationMessages`. The validation server does not check
 * the API secret: a wrong secret is only visible as missing data in GA4 (see the README).
 *
 * @example
 * await validateConnection({ settings, request }); // throws when GA4 reports validation messages
 */
export async function validateConnection({ settings, request }: { settings: GoogleAnalytics4Settings; request: RequestFn }): Promise<void> {
  const identity = streamOf(settings) === 'web' ? { client_id: 'junction.test-connection' } : { app_instance_id: TEST_APP_INSTANCE_ID };
  const json = { ...identity, events: [{ name: 'junction_test_connection', params: { engagement_time_msec: 1 } }] };
  const response = await request(collectUrl(settings, true), { method: 'POST', json });
  const messages = parseValidationMessages(response.body);
  if (messages.length > 0) {
    const text = messages.map((m) => `${m.validationCode ?? 'INVALID'} at ${m.fieldPath ?? '?'}: ${m.description ?? ''}`.trim()).join('; ');
    throw new IntegrationError('PAYLOAD_REJECTED', `Google Analytics validation server: ${text}`, { status: response.status });
  }
}
