import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
beforeAll(async () => {
  t = await pageTestApp();
});
afterAll(() => t.close());

type Token = { id: string; name: string; prefix: string; permissions: { roleId: string }[] };
const tokens = async () => (await t.admin<{ tokens: Token[] }>('GET', '/tokens')).data!.tokens;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
let plaintext = '';

describe('access: API tokens', () => {
  it('renders the list and a labelled create form carrying _csrf', async () => {
    const res = await t.get('/access/tokens');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No API tokens yet.');
    expect(html).toMatch(/<label for="f-name">Name/);
    expect(html).toMatch(/<label for="f-roleId">Role/);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('shows missing name and role next to their fields and creates nothing', async () => {
    const res = await t.post('/access/tokens', { name: '', roleId: '', scope: 'workspace' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-name-error" class="error">Name: enter a name for the token\.<\/p>/);
    expect(html).toMatch(/<p id="f-roleId-error" class="error">Role: choose a role\.<\/p>/);
    expect(html).toContain('<h2 id="error-summary-title">The form was not saved</h2>');
    expect(await tokens()).toEqual([]);
  });

  it('creates a token with a role and shows its plaintext exactly once', async () => {
    const res = await t.post('/access/tokens', { name: 'CI deploys', roleId: 'SOURCE_ADMIN', scope: 'workspace' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    plaintext = /<code data-testid="token-value">([^<]+)<\/code>/.exec(html)![1]!;
    const [token] = await tokens();
    expect(token).toMatchObject({ name: 'CI deploys', permissions: [expect.objectContaining({ roleId: 'SOURCE_ADMIN' })] });
    expect(plaintext.startsWith(token!.prefix)).toBe(true);
    expect(plaintext.length).toBeGreaterThan(token!.prefix.length + 10);
    expect(count(textOf(html), plaintext)).toBe(1);
    expect(html).toMatch(/<button type="button" class="secondary" data-copy="[^"]+" aria-describedby="token-status" hidden="">Copy<\/button>/);
    expect(textOf(html)).toContain('it is shown only this once');
  });

  it('never shows the plaintext again: list (prefix only), audit page and CSV export', async () => {
    const list = await (await t.get('/access/tokens')).text();
    expect(list).not.toContain(plaintext);
    const [token] = await tokens();
    expect(list).toContain(`<code>${token!.prefix}…</code>`);
    expect(textOf(list)).toContain('Source Admin on the whole workspace');
    const audit = await (await t.get('/audit')).text();
    expect(textOf(audit)).toContain('Access Token Created');
    expect(audit).not.toContain(plaintext);
    const csv = await (await t.get('/audit/export.csv')).text();
    expect(csv).toContain('Access Token Created');
    expect(csv).not.toContain(plaintext);
  });

  it('creates a token on labelled sources, then revokes tokens', async () => {
    const res = await t.post('/access/tokens', { name: 'Prod only', roleId: 'SOURCE_READ_ONLY', scope: 'labels', labels: 'environment:prod' });
    expect(res.status).toBe(201);
    expect(textOf(await (await t.get('/access/tokens')).text())).toContain('Source Read-only on sources labelled environment:prod');
    for (const token of await tokens()) {
      const revoked = await t.post(`/access/tokens/${token.id}/revoke`, {});
      expect(revoked.headers.get('location')).toBe('/access/tokens');
    }
    expect(await tokens()).toEqual([]);
    expect(await (await t.get('/access/tokens')).text()).toContain('role="status">Token revoked');
  });
});
