import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from './__fixtures__/event-generator.ts';
import { formatIsoTimestamp, hasCanonicalShape, isCanonicalIso, parseIsoTimestamp } from './iso-timestamp.ts';
import { normalizeEvent } from './normalize-event.ts';

describe('formatIsoTimestamp', () => {
  it('equals toISOString for instants spread over years 0–9999 and beyond, in any order', () => {
    const random = prng(7);
    const base = Date.UTC(2024, 0, 1);
    const instants = [0, -1, 86_399_999, 86_400_000, -86_400_000, Date.UTC(0, 0, 1) - 1, 253_402_300_799_999, 253_402_300_800_000, -62_198_755_200_001];
    for (let i = 0; i < 5000; i++) {
      const near = base + Math.floor((random() - 0.5) * 3 * 86_400_000); // same and neighbouring days
      const far = Math.floor((random() - 0.5) * 2 * 8.64e15);
      instants.push(near, far, near + 0.5);
    }
    for (const ms of instants) expect(formatIsoTimestamp(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws RangeError for invalid instants, as toISOString does', () => {
    expect(() => formatIsoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => formatIsoTimestamp(8.64e15 + 1)).toThrow(RangeError);
  });
});

describe('isCanonicalIso', () => {
  it.each([
    ['2024-01-01T10:00:00.000Z', true],
    ['2024-01-01T10:00:00Z', false],
    ['2024-01-01T10:00:00.000z', false],
    ['2024-02-30T10:00:00.000Z', false],
    ['0099-01-01T00:00:00.000Z', false],
    ['2024-03-01T12:00:00.5+01', false],
  ])('%s → %s, and when true it is what toISOString gives back', (text, canonical) => {
    expect(isCanonicalIso(text)).toBe(canonical);
    if (canonical) expect(new Date(parseIsoTimestamp(text)!).toISOString()).toBe(text);
  });
});

describe('hasCanonicalShape', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  /** Timestamps in the forms clients send, and near misses: separators, fractions, offsets, years < 100. */
  const sent = fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 24 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 60 }),
      fraction: fc.stringMatching(/^[0-9]{0,4}$/),
      t: fc.constantFrom('T', 't', ' '),
      dot: fc.constantFrom('.', ','),
      zone: fc.constantFrom('Z', 'z', '', '+01:00', '-0230', '+05'),
      padMonth: fc.boolean(),
    })
    .map((p) => `${pad(p.year, 4)}-${p.padMonth ? pad(p.month, 2) : p.month}-${pad(p.day, 2)}${p.t}${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.fraction ? p.dot + p.fraction : ''}${p.zone}`);

  it('on every text the parser accepts, says true exactly when the text is what toISOString gives back', () => {
    fc.assert(
      fc.property(sent, (text) => {
        const ms = parseIsoTimestamp(text);
        if (ms === undefined) return;
        expect(hasCanonicalShape(text)).toBe(new Date(ms).toISOString() === text);
        if (isCanonicalIso(text)) expect(hasCanonicalShape(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normalizeEvent: batch sentAt option', () => {
  const receivedAt = new Date('2024-01-01T12:00:07.500Z');
  const generateId = () => 'm-1';
  it('applies to items without sentAt exactly as if the item carried it', () => {
    const raw = { type: 'track' as const, userId: 'u', event: 'E', timestamp: '2024-01-01T10:00:00Z' };
    const viaOption = normalizeEvent(raw, { receivedAt, generateId, sentAt: '2024-01-01T10:00:05+00:00' });
    expect(viaOption).toEqual(normalizeEvent({ ...raw, sentAt: '2024-01-01T10:00:05+00:00' }, { receivedAt, generateId }));
    expect(viaOption.timestamp).toBe('2024-01-01T12:00:02.500Z');
    expect(viaOption.sentAt).toBe('2024-01-01T10:00:05.000Z');
  });

  it("never overrides the item's own sentAt, even null", () => {
    const own = normalizeEvent({ type: 'page', anonymousId: 'a', sentAt: '2024-01-01T11:00:00.000Z' }, { receivedAt, generateId, sentAt: '2020-01-01T00:00:00.000Z' });
    expect(own.sentAt).toBe('2024-01-01T11:00:00.000Z');
    const none = normalizeEvent({ type: 'page', anonymousId: 'a', sentAt: null }, { receivedAt, generateId, sentAt: '2020-01-01T00:00:00.000Z' });
    expect(none).not.toHaveProperty('sentAt');
  });
});
