// The baseline: a bare Hono server on @hono/node-server that reads the body and answers 200 without work.
// It reads the body straight from Node's request, as Junction's tracking routes do (`c.req.text()`
// goes through a web ReadableStream and capped this server below Junction's own single-event rate).
import type { IncomingMessage } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

const app = new Hono<{ Bindings: { incoming?: IncomingMessage } }>();
app.post('/v1/*', async (c) => {
  if (c.env.incoming) await readBody(c.env.incoming);
  else await c.req.arrayBuffer();
  return c.json({ success: true });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => {
  console.log('bare server ready');
});
