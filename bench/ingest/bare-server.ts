// The baseline: a bare Hono server on @hono/node-server that reads the body and answers 200 without work.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/v1/*', async (c) => {
  await c.req.text();
  return c.json({ success: true });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => {
  console.log('bare server ready');
});
