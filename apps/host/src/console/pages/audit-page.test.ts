import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageTestApp, textOf } from './__fixtures__/page-test-app.ts';
import { auditDiff } from './audit-views.tsx';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let sourceId = '';
let writeKey = '';
beforeAll(async () => {
  t = await pageTestApp();
  const created = await t.admin<{ source: { id: string; writeKeys: string[] } }>('POST', '/sources', { slug: 'web', name: 'Web', enabled: true, metadataId: 'javascript' });
  sourceId = created.data!.source.id;
  writeKey = created.data!.source.writeKeys[0]!;
  await t.admin('PATCH', `/sources/${sourceId}`, { name: 'Website' });
  for (let i = 0; i < 30; i++) await t.admin('POST', '/labels', { label: { key: 'team', value: `t${i}` } });
});
afterAll(() => t.close());

const entries = (html: string) => html.match(/data-testid="audit-entry"/g)?.length ?? 0;

describe('audit trail page', () => {
  it('renders the filters (labelled GET form) and the newest entries first, a page at a time', async () => {
    const res = await t.get('/audit');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Audit trail · Acme Inc · Junction</title>');
    for (const [id, label] of [['f-type', 'Action'], ['f-actor', 'Actor'], ['f-resourceId', 'Resource id'], ['f-startTime', 'From \\(UTC\\)'], ['f-endTime', 'Until \\(UTC\\)']]) {
      expect(html).toMatch(new RegExp(`<label for="${id}">${label}`));
    }
    expect(html).toContain('<form method="get" action="/audit"');
    expect(entries(html)).toBe(25);
    expect(textOf(html)).toContain('32 entries.');
    expect(textOf(html)).toContain('Label Created');
    const next = /<a href="([^"]+)" rel="next">Older entries<\/a>/.exec(html)![1]!.replace(/&amp;/g, '&');
    const older = await (await t.get(next)).text();
    expect(entries(older)).toBe(7);
    expect(textOf(older)).toContain('Source Created');
    expect(older).toContain('<a href="/audit">Newest entries</a>');
    expect(older).not.toContain('rel="next"');
  });

  it('filters by action and resource and shows the before/after diff (secrets redacted by the API)', async () => {
    const html = await (await t.get(`/audit?type=${encodeURIComponent('Source Modified')}&resourceId=${sourceId}`)).text();
    expect(entries(html)).toBeGreaterThanOrEqual(1);
    expect(textOf(html)).not.toContain('Label Created');
    expect(html).toMatch(/<th scope="row"><code>name<\/code><\/th><td class="mono">&quot;Web&quot;<\/td><td class="mono">&quot;Website&quot;<\/td>/);
    expect(html).toContain('id="f-type" name="type" type="text" value="Source Modified"');
    const created = await (await t.get(`/audit?type=${encodeURIComponent('Source Created')}`)).text();
    expect(entries(created)).toBe(1);
    expect(created).not.toContain(writeKey);
    expect(created).toContain('••••');
    expect(entries(await (await t.get('/audit?actor=usr_nobody')).text())).toBe(0);
  });

  it('filters by time range; a bad time is shown next to its field (422)', async () => {
    expect(entries(await (await t.get('/audit?startTime=2999-01-01T00:00')).text())).toBe(0);
    expect(entries(await (await t.get('/audit?endTime=2999-01-01T00:00&type=Source+Created')).text())).toBe(1);
    const bad = await t.get('/audit?startTime=yesterday');
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/<p id="f-startTime-error" class="error">[^<]*startTime/);
    expect(html).toMatch(/id="f-startTime"[^>]*value="yesterday"[^>]*aria-invalid="true"/);
  });

  it('exports the filtered entries as CSV through the admin API', async () => {
    const html = await (await t.get('/audit?type=Source+Created')).text();
    const href = /<a href="([^"]+)">Export these entries as CSV<\/a>/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(href).toBe('/audit/export.csv?type=Source+Created');
    const res = await t.get(href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-trail.csv"');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,timestamp,type,actor,actorEmail,resourceId,resourceType,resourceName,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`Source Created,usr_ada,`);
    expect(lines[1]).not.toContain(writeKey);
    const all = (await (await t.get('/audit/export.csv')).text()).trim().split('\r\n');
    expect(all).toHaveLength(33);
  });
});

describe('auditDiff', () => {
  it('lists changed, added and removed fields by path', () => {
    expect(auditDiff({ name: 'Web', tags: ['a'], on: true }, { name: 'Site', tags: ['a', 'b'], on: true })).toEqual([
      { path: 'name', before: '"Web"', after: '"Site"' },
      { path: 'tags[1]', before: '', after: '"b"' },
    ]);
    expect(auditDiff(null, { id: 'x' })).toEqual([{ path: 'id', before: '', after: '"x"' }]);
    expect(auditDiff({ id: 'x' }, null)).toEqual([{ path: 'id', before: '"x"', after: '' }]);
  });
});
