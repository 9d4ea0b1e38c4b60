import { type ActionResult, errorResult, type RequestFn } from '@junction/core';
import { sendProfileUpdates } from './mixpanel-client.ts';
import type { MixpanelSettings } from './mixpanel-settings.ts';

/** Segment's reserved traits → Mixpanel's reserved profile properties. */
const RESERVED_TRAITS: Readonly<Record<string, string>> = {
  email: '$email',
  name: '$name',
  firstName: '$first_name',
  first_name: '$first_name',
  lastName: '$last_name',
  last_name: '$last_name',
  phone: '$phone',
  avatar: '$avatar',
  username: '$username',
  created: '$created',
  createdAt: '$created',
  created_at: '$created',
};

/**
 * Traits as a Mixpanel `$set`: reserved traits renamed (`email` → `$email`, `createdAt` →
 * `$created`, …) and `$name` built from first and last name when there is no `name`.
 *
 * @example
 * toProfileSet({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', plan: 'pro' });
 * // { $email: 'ada@example.com', $first_name: 'Ada', $last_name: 'Lovelace', plan: 'pro', $name: 'Ada Lovelace' }
 */
export function toProfileSet(traits: Record<string, unknown>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(traits)) set[RESERVED_TRAITS[key] ?? key] = value;
  if (set.$name === undefined && set.$first_name && set.$last_name) set.$name = `${set.$first_name} ${set.$last_name}`;
  return set;
}

/**
 * Sends profile updates in one request and answers one result per update. `undefined` updates
 * (nothing to set) succeed without a request; a refused request fails every sent update.
 *
 * @example
 * await sendProfileBatch(request, settings, 'engage', [{ $token, $distinct_id: 'u1', $set: { plan: 'pro' } }, undefined]);
 */
export async function sendProfileBatch(
  request: RequestFn,
  settings: MixpanelSettings,
  path: 'engage' | 'groups',
  updates: Array<object | undefined>,
): Promise<ActionResult[]> {
  const toSend = updates.filter((u): u is object => u !== undefined);
  let failure: ActionResult | undefined;
  if (toSend.length > 0) {
    try {
      await sendProfileUpdates(request, settings, path, toSend);
    } catch (err) {
      failure = errorResult(err);
    }
  }
  return updates.map((u) => (u !== undefined && failure ? failure : { status: 'success' }));
}
