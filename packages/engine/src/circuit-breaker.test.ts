import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, resolveBreaker } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  const make = () => {
    let now = 1_000_000;
    const clock = () => now;
    const b = createCircuitBreaker({ threshold: 3, minProbeMs: 100, maxProbeMs: 400 }, clock, () => 1);
    return { b, advance: (ms: number) => (now += ms), at: () => now };
  };

  it('opens after the threshold of consecutive failures; a success in between resets the count', () => {
    const { b } = make();
    b.record(false, 'TIMEOUT');
    b.record(false, 'TIMEOUT');
    b.record(true);
    b.record(false, 'TIMEOUT');
    b.record(false, 'TIMEOUT');
    expect(b.state()).toBe('closed');
    b.record(false, 'DESTINATION_UNAVAILABLE');
    expect(b.status()).toMatchObject({ state: 'open', consecutiveFailures: 3, probes: 0, lastErrorCode: 'DESTINATION_UNAVAILABLE' });
  });

  it('allows one probe once due, backs off on a failed probe up to the ceiling, and closes on success', () => {
    const { b, advance, at } = make();
    for (let i = 0; i < 3; i++) b.record(false, 'TIMEOUT');
    expect(b.tryProbe()).toBe(false);
    expect(Date.parse(b.status().nextProbeAt!) - at()).toBe(100);
    advance(100);
    expect(b.tryProbe()).toBe(true);
    expect(b.state()).toBe('half-open');
    expect(b.tryProbe()).toBe(false);
    b.record(false, 'TIMEOUT');
    expect(b.status()).toMatchObject({ state: 'open', probes: 1 });
    expect(Date.parse(b.status().nextProbeAt!) - at()).toBe(200);
    for (const wait of [200, 400, 400]) {
      advance(wait);
      expect(b.tryProbe()).toBe(true);
      b.record(false, 'TIMEOUT');
    }
    expect(Date.parse(b.status().nextProbeAt!) - at()).toBe(400);
    advance(400);
    expect(b.tryProbe()).toBe(true);
    expect(b.closings()).toBe(0);
    b.record(true);
    expect(b.status()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null, nextProbeAt: null, probes: 0 });
    expect(b.closings()).toBe(1);
  });

  it('gives a probe back when nothing was sent', () => {
    const { b, advance } = make();
    for (let i = 0; i < 3; i++) b.record(false, 'TIMEOUT');
    advance(100);
    expect(b.tryProbe()).toBe(true);
    b.cancelProbe();
    expect(b.state()).toBe('open');
    expect(b.tryProbe()).toBe(true);
  });

  it('rejects bad settings with the field name', () => {
    expect(resolveBreaker({ threshold: 2 })).toEqual({ threshold: 2, minProbeMs: 1000, maxProbeMs: 60_000 });
    expect(() => resolveBreaker({ threshold: 0 })).toThrow(/breaker\.threshold must be a positive number, got 0/);
    expect(() => resolveBreaker({ minProbeMs: 500, maxProbeMs: 100 })).toThrow(/breaker\.maxProbeMs \(100\) must be >= breaker\.minProbeMs \(500\)/);
  });
});
