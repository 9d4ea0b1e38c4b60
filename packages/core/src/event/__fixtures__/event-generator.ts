/**
 * Seeded generator of Tracking API payloads, valid and broken, for the tests that check the quick
 * paths (`payloadBound`, `validateEvent`'s valid-event path) against the full ones.
 */
import validCalls from './valid-calls.json' with { type: 'json' };
import { EVENT_TYPES } from '../event-types.ts';

/** A deterministic PRNG (mulberry32): the same seed gives the same cases on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Text with ASCII, 2-, 3- and 4-byte characters, control characters and lone surrogates. */
function text(random: Random, length: number): string {
  const parts = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\u0001', 'é', 'ß', '€', '日', '😀', '\ud800', '\udc00'];
  let out = '';
  while (out.length < length) out += pick(random, parts);
  return out;
}

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { n: value } : [value];
  return value;
}

const TIMESTAMPS = [
  '2024-01-01T10:00:00.000Z', '2024-01-01T10:00:00Z', '2024-02-30T10:00:00.000Z', '2015-2-02T00:30:08.276Z',
  '2024-03-01T12:00:00+01:00', 'yesterday', '', null, 42, '0099-01-01T00:00:00.000Z',
];
const IDS = ['u1', '', null, 0, 42, -1.5, Number.NaN, true, {}, [], 'x'.repeat(120)];

/** One mutation of a payload; several are applied to each case. */
const MUTATIONS: Array<(event: Record<string, unknown>, random: Random) => void> = [
  (e, r) => { e.userId = pick(r, IDS); },
  (e, r) => { e.anonymousId = pick(r, IDS); },
  (e, r) => { e.previousId = pick(r, IDS); },
  (e, r) => { e.groupId = pick(r, IDS); },
  (e) => { delete e.userId; },
  (e) => { delete e.anonymousId; },
  (e, r) => { e.type = pick(r, [...EVENT_TYPES, 'Track', undefined, 7]); },
  (e, r) => { e.event = pick(r, ['Played', '', null, 3, undefined]); },
  (e, r) => { e.name = pick(r, ['Home', null, 4, {}]); },
  (e, r) => { e.timestamp = pick(r, TIMESTAMPS); },
  (e, r) => { e.sentAt = pick(r, TIMESTAMPS); },
  (e, r) => { e.originalTimestamp = pick(r, TIMESTAMPS); },
  (e, r) => { e.messageId = pick(r, ['m-1', 'm'.repeat(100), 'm'.repeat(101), null, 5]); },
  (e, r) => { e.properties = pick(r, [{ a: 1 }, [], 'x', null, { list: [1, 'b', null, { c: true }] }]); },
  (e, r) => { e.traits = pick(r, [{ plan: 'pro' }, 'x', null, []]); },
  (e, r) => { e.context = pick(r, [{ ip: '1.2.3.4' }, { library: 'x' }, { traits: [] }, { device: { type: 'phone' } }, 'c', null]); },
  (e, r) => { e.integrations = pick(r, [{ All: false }, [], 'x', null]); },
  (e, r) => { e.properties = { big: text(r, Math.floor(r() * 12_000)) }; },
  (e, r) => { e.properties = { big: 'a'.repeat(32_768 - 200 + Math.floor(r() * 400)) }; },
  (e, r) => { e.properties = { deep: nested(58 + Math.floor(r() * 10), 1) }; },
  (e, r) => { e.context = { traits: nested(60 + Math.floor(r() * 6), { k: 'v' }) }; },
  (e, r) => { e.properties = { ...(typeof e.properties === 'object' ? e.properties : {}), [text(r, 3)]: text(r, 8) }; },
  (e) => { e.properties = { when: new Date(0) }; },
  (e) => { e.properties = { big: 10n }; },
  (e) => { e.properties = Object.assign(Object.create(null), { bare: 1 }); },
  (e) => { e.properties = { many: Array.from({ length: 3000 }, (_, i) => `item-${i}-é`) }; },
];

/** Payloads with `__proto__` keys: only JSON.parse makes them own keys, as a client body would. */
const PROTO_TEXTS = [
  '{"type":"track","userId":"u","event":"E","__proto__":{"x":1}}',
  '{"type":"track","userId":"u","event":"E","properties":{"a":[{"__proto__":1}]}}',
  '{"type":"identify","userId":"u","traits":{"deep":{"deeper":{"__proto__":{}}}}}',
  '{"userId":"u","event":"E","context":{"__proto__":null}}',
];

/**
 * `count` payloads from `seed`: a documented call of each type, with 0–3 random mutations
 * (some stay valid, most do not), plus `__proto__` payloads.
 *
 * @example
 * generateEvents(1, 10).length; // 10
 */
export function generateEvents(seed: number, count: number): unknown[] {
  const random = prng(seed);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.03) {
      out.push(JSON.parse(pick(random, PROTO_TEXTS)));
      continue;
    }
    const type = pick(random, EVENT_TYPES);
    const event = structuredClone((validCalls as Record<string, Record<string, unknown>>)[type]) as Record<string, unknown>;
    const mutations = Math.floor(random() * 4);
    for (let m = 0; m < mutations; m++) pick(random, MUTATIONS)(event, random);
    out.push(random() < 0.05 ? pick(random, [null, 'text', [event], 3]) : event);
  }
  return out;
}
