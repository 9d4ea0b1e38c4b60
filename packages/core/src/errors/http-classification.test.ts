import { describe, expect, it } from 'vitest';
import { classifyHttpStatus, parseRetryAfter } from './http-classification.ts';

describe('classifyHttpStatus', () => {
  const table: Array<[number, string | null, boolean]> = [
    [200, null, false],
    [201, null, false],
    [204, null, false],
    [299, null, false],
    [300, 'REDIRECTED', false],
    [301, 'REDIRECTED', false],
    [302, 'REDIRECTED', false],
    [303, 'REDIRECTED', false],
    [307, 'REDIRECTED', true],
    [308, 'REDIRECTED', false],
    [400, 'PAYLOAD_REJECTED', false],
    [401, 'INVALID_CREDENTIALS', false],
    [403, 'FORBIDDEN', false],
    [404, 'NOT_FOUND', false],
    [405, 'NOT_FOUND', false],
    [408, 'TIMEOUT', true],
    [409, 'PAYLOAD_REJECTED', false],
    [410, 'NOT_FOUND', false],
    [413, 'PAYLOAD_TOO_LARGE', false],
    [415, 'PAYLOAD_REJECTED', false],
    [422, 'PAYLOAD_REJECTED', false],
    [423, 'DESTINATION_UNAVAILABLE', true],
    [429, 'RATE_LIMITED', true],
    [431, 'PAYLOAD_TOO_LARGE', false],
    [451, 'PAYLOAD_REJECTED', false],
    [499, 'PAYLOAD_REJECTED', false],
    [500, 'DESTINATION_UNAVAILABLE', true],
    [501, 'NOT_IMPLEMENTED', false],
    [502, 'DESTINATION_UNAVAILABLE', true],
    [503, 'DESTINATION_UNAVAILABLE', true],
    [504, 'TIMEOUT', true],
    [505, 'DESTINATION_UNAVAILABLE', true],
    [599, 'DESTINATION_UNAVAILABLE', true],
    [100, 'UNKNOWN', true],
    [199, 'UNKNOWN', true],
    [600, 'UNKNOWN', true],
    [0, 'UNKNOWN', true],
    [200.5, 'UNKNOWN', true],
  ];
  it.each(table)('%i → %s (retryable %s)', (status, code, retryable) => {
    const result = classifyHttpStatus(status);
    if (code === null) {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result).toEqual({ ok: false, code, retryable });
    }
  });

  it('treats every 4xx as permanent except 408, 423 and 429', () => {
    for (let status = 400; status < 500; status++) {
      const result = classifyHttpStatus(status);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.retryable, `status ${status}`).toBe([408, 423, 429].includes(status));
    }
  });

  it('treats every 5xx as retryable except 501', () => {
    for (let status = 500; status < 600; status++) {
      const result = classifyHttpStatus(status);
      if (!result.ok) expect(result.retryable, `status ${status}`).toBe(status !== 501);
      else expect.fail(`status ${status} classified ok`);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    [' 7 ', 7000],
    ['Wed, 01 Jan 2025 00:01:00 GMT', 60_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    ['-5', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
