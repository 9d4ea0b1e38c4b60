import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyError, nestingDepth, readJsonBody } from './read-body.ts';

// Two real servers on 127.0.0.1 run the same reader: one on the Node request (`c.env.incoming`),
// one on the web Request only. Every body must get the same answer from both.
const limits = { maxBytes: 64 * 1024, maxDepth: 8 };
let server: ReturnType<typeof serve>;
let port = 0;

beforeAll(async () => {
  const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
  app.post('/:mode', async (c) => {
    try {
      const incoming = c.req.param('mode') === 'node' ? c.env.incoming : undefined;
      const { value, bytes } = await readJsonBody(c.req.raw, limits, incoming);
      return c.json({ ok: true, value, bytes });
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return c.json({ ok: false, status: error.status, reason: error.reason, message: error.message });
    }
  });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Posts `chunks` (chunked transfer unless `length` is set) and returns the parsed answer. */
function post(mode: string, chunks: Uint8Array[], headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `/${mode}`, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString('utf8'))));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const cases: Array<[string, Uint8Array[], Record<string, string>?]> = [
  ['a JSON object', [Buffer.from('{"a":[1,{"b":"é"}]}')]],
  ['a JSON object in several chunks', [Buffer.from('{"x":"'), Buffer.from([0xc3]), Buffer.from([0xa9]), Buffer.from('"}')]],
  ['a UTF-8 BOM before the JSON', [Buffer.from('\ufeff{"a":1}')]],
  ['an empty body', []],
  ['whitespace only', [Buffer.from('  \n')]],
  ['invalid UTF-8', [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])]],
  ['invalid JSON', [Buffer.from('{"a":')]],
  ['nesting at the limit', [Buffer.from(deep(8))]],
  ['nesting over the limit', [Buffer.from(deep(9))]],
  ['a chunked body over the limit', Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20))],
  ['gzip', [gzipSync('{"zipped":true}')], { 'content-encoding': 'gzip' }],
  ['a gzip bomb', [gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20))], { 'content-encoding': 'gzip' }],
  ['corrupt gzip', [Buffer.from('not gzip')], { 'content-encoding': 'gzip' }],
  ['an unknown encoding', [Buffer.from('{}')], { 'content-encoding': 'zstd' }],
];

describe('readJsonBody: the Node request path answers as the web Request path', () => {
  it.each(cases)('%s', async (_name, chunks, headers) => {
    const viaNode = await post('node', chunks, headers);
    const viaWeb = await post('web', chunks, headers);
    expect(viaNode).toEqual(viaWeb);
  });

  it('reads the value and its decoded size, and names each problem', async () => {
    expect(await post('node', [Buffer.from('{"a":"é"}')])).toEqual({ ok: true, value: { a: 'é' }, bytes: 10 });
    expect(await post('node', Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20)))).toMatchObject({ ok: false, status: 400, reason: 'too_large' });
    expect(await post('node', [Buffer.from([0xc3, 0x28])])).toMatchObject({ ok: false, reason: 'invalid_utf8' });
    expect(await post('node', [Buffer.from(deep(9))])).toMatchObject({ ok: false, reason: 'too_deep' });
    expect(await post('node', [gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20))], { 'content-encoding': 'gzip' })).toMatchObject({ ok: false, reason: 'too_large' });
  });
});

describe('nestingDepth', () => {
  it('measures exactly up to the limit and says "over" past it, as the explicit-stack walk does', () => {
    const values: unknown[] = [1, null, {}, [], { a: [] }, [[{}]], { a: { b: { c: 1 } }, d: [[[[]]]] }];
    for (let levels = 1; levels < 80; levels += 3) values.push(JSON.parse(deep(levels)), JSON.parse(`{"x":${deep(levels)},"y":{}}`));
    for (const value of values) {
      const exact = nestingDepth(value, 100_000); // over 256: the explicit-stack walk
      const limited = nestingDepth(value, 66);
      if (exact <= 66) expect(limited).toBe(exact);
      else expect(limited).toBeGreaterThan(66);
    }
    expect(nestingDepth({ a: [{}] }, 64)).toBe(3);
  });
});
