import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';

describe('GET /health', () => {
  it('answers 200 when ready', async () => {
    const res = await createApp().request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
  it('answers 503 while starting', async () => {
    const res = await createApp({ ready: () => false }).request('/health');
    expect(res.status).toBe(503);
  });
});

describe('loadConfig', () => {
  it('defaults PORT to 8080 and DATA_DIR to ./.data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });
  it('names PORT when it is invalid', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
