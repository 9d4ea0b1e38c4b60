import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterView, SubscriptionView } from './destination-pages.tsx';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let d = '';

beforeAll(async () => {
  t = await pageTestApp();
  const sourceId = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', enabled: true, metadataId: 'javascript' })).data!.source.id;
  d = (await t.admin<{ destination: { id: string } }>('POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Hook', settings: { url: 'https://hooks.example.com/in' } })).data!.destination.id;
});
afterAll(() => t.close());

const subscriptions = async () => (await t.admin<{ subscriptions: SubscriptionView[] }>('GET', `/destinations/${d}/subscriptions`)).data!.subscriptions;
const filters = async () => (await t.admin<{ filters: FilterView[] }>('GET', `/destination/${d}/filters`)).data!.filters;

describe('subscription pages', () => {
  it('asks for the action first, then shows the form with the default trigger and mapping', async () => {
    const pick = await (await t.get(`/destinations/${d}/subscriptions/new`)).text();
    expect(pick).toMatch(/<form method="get" action="\/destinations\/[^"]+\/subscriptions\/new" aria-label="Pick an action">/);
    expect(pick).toMatch(/<input type="radio" id="f-actionId-send" name="actionId" value="send"/);
    const res = await t.get(`/destinations/${d}/subscriptions/new?actionId=send`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label for="f-trigger">Trigger \(FQL\)/);
    expect(html).toMatch(/<textarea id="f-trigger" name="trigger"[^>]*aria-describedby="f-trigger-hint f-trigger-live" data-fql="">all<\/textarea>/);
    expect(html).toContain('<p id="f-trigger-live" class="live" aria-live="polite"></p>');
    expect(html).toMatch(/<label for="f-mapping-data">Data \(data\)/);
    expect(html).toContain('{&quot;@path&quot;:&quot;$&quot;}</textarea>');
    expect(html).toMatch(/<script src="\/assets\/fql-live\.js\?v=\w+" defer="">/);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('shows the FQL error with its position next to the trigger (422) and creates nothing', async () => {
    const before = (await subscriptions()).length;
    const res = await t.post(`/destinations/${d}/subscriptions/new`, { actionId: 'send', name: 'Orders', trigger: 'event = ', 'enabled.present': '1', enabled: 'true', 'mapping.data': '{"@path": "$"}', mappingJson: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-trigger-error" class="error">trigger: [^<]*\(line 1, column \d+\)<\/p>/);
    expect(html).toMatch(/<textarea id="f-trigger"[^>]*aria-invalid="true"[^>]*>event = <\/textarea>/);
    expect((await subscriptions()).length).toBe(before);
  });

  it('refuses an advanced mapping that is not a JSON object, naming the field', async () => {
    const res = await t.post(`/destinations/${d}/subscriptions/new`, { actionId: 'send', name: 'Orders', trigger: 'all', mappingJson: '[1,2]' });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<p id="f-mappingJson-error" class="error">mappingJson: /);
  });

  it('creates a subscription from the mapping rows, then edits it', async () => {
    const res = await t.post(`/destinations/${d}/subscriptions/new`, { actionId: 'send', name: 'Orders', trigger: 'type = "track" and event = "Order Completed"', 'enabled.present': '1', enabled: 'true', 'mapping.data': '{"@path": "$.properties"}', mappingJson: '' });
    expect(res.status).toBe(303);
    const sub = (await subscriptions()).find((s) => s.name === 'Orders')!;
    expect(sub).toMatchObject({ actionId: 'send', enabled: true, trigger: 'type = "track" and event = "Order Completed"', settings: { data: { '@path': '$.properties' } } });
    const page = await (await t.get(`/destinations/${d}/subscriptions/${sub.id}`)).text();
    expect(page).toContain('<h1>Subscription Orders</h1>');
    const bad = await t.post(`/destinations/${d}/subscriptions/${sub.id}`, { name: 'Orders', trigger: 'type = = "x"', 'enabled.present': '1', mappingJson: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-trigger-error" class="error">input\.trigger: /);
    const ok = await t.post(`/destinations/${d}/subscriptions/${sub.id}`, { name: 'All orders', trigger: 'event = "Order Completed"', 'enabled.present': '1', mappingJson: '{"data": {"@path": "$"}}' });
    expect(ok.status).toBe(303);
    expect((await subscriptions()).find((s) => s.id === sub.id)).toMatchObject({ name: 'All orders', enabled: false, trigger: 'event = "Order Completed"', settings: { data: { '@path': '$' } } });
    expect((await t.post(`/destinations/${d}/subscriptions/${sub.id}/delete`, {})).status).toBe(303);
    expect((await subscriptions()).some((s) => s.id === sub.id)).toBe(false);
  });
});

describe('destination filter pages', () => {
  const base = { title: 'No emails', description: '', if: 'type = "track"', 'enabled.present': '1', enabled: 'true', actionType: 'DROP_PROPERTIES', percent: '', path: '', fields: 'properties: email', actionsJson: '' };
  const sample = JSON.stringify({ type: 'track', event: 'Signed Up', properties: { email: 'a@b.test', plan: 'pro' } });

  it('renders the form with a sample event and the live preview script', async () => {
    const res = await t.get(`/destinations/${d}/filters/new`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const label of ['Title', 'If (FQL)', 'What to do', 'Properties', 'Sample event (JSON)']) expect(html).toContain(`>${label}`);
    expect(html).toContain('data-testid="filter-preview"');
    expect(html).toMatch(/<script src="\/assets\/filter-preview\.js\?v=\w+" defer="">/);
    expect(html).toContain('Order Completed');
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('previews on the sample event without JS (form re-rendered) and for the script (JSON)', async () => {
    const res = await t.post(`/destinations/${d}/filters/new`, { ...base, sample, intent: 'preview' });
    expect(res.status).toBe(200);
    const preview = /data-testid="filter-preview">([^<]*)<\/pre>/.exec(await res.text())![1]!;
    expect(preview).toContain('plan');
    expect(preview).not.toContain('a@b.test');
    const json = await t.post(`/destinations/${d}/filters/new`, { ...base, sample, intent: 'preview' }, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ data: { inputPayload: JSON.parse(sample), result: { type: 'track', event: 'Signed Up', properties: { plan: 'pro' } } } });
    const dropped = await t.post(`/destinations/${d}/filters/new`, { ...base, actionType: 'DROP', sample, intent: 'preview' });
    expect(textOf(await dropped.text())).toContain('The event is dropped.');
    expect(await filters()).toEqual([]);
  });

  it('shows errors next to the fields: bad percent, bad FQL, unreadable sample', async () => {
    const res = await t.post(`/destinations/${d}/filters/new`, { ...base, actionType: 'SAMPLE', percent: '50', if: 'type = ', intent: 'save', sample });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-percent-error" class="error">actions\[0\]\.percent: percent must be a number from 0 to 1/);
    expect(html).toMatch(/<p id="f-if-error" class="error">if: FQL syntax error at 1:\d+/);
    expect(html).toMatch(/id="f-percent"[^>]*value="50"[^>]*aria-invalid="true"/);
    const sampleBad = await t.post(`/destinations/${d}/filters/new`, { ...base, sample: '{nope', intent: 'preview' }, { headers: { accept: 'application/json' } });
    expect(sampleBad.status).toBe(422);
    expect(((await sampleBad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('sample');
    expect(await filters()).toEqual([]);
  });

  it('creates, edits and deletes a filter through the admin API', async () => {
    expect((await t.post(`/destinations/${d}/filters/new`, { ...base, sample, intent: 'save' })).status).toBe(303);
    const [f] = await filters();
    expect(f).toMatchObject({ title: 'No emails', if: 'type = "track"', enabled: true, actions: [{ type: 'DROP_PROPERTIES', fields: { properties: ['email'] } }] });
    const page = await (await t.get(`/destinations/${d}/filters/${f!.id}`)).text();
    expect(page).toMatch(/<textarea id="f-fields"[^>]*>properties: email<\/textarea>/);
    const edit = await t.post(`/destinations/${d}/filters/${f!.id}`, { ...base, title: 'Sample half', actionType: 'SAMPLE', percent: '0.5', path: 'userId', 'enabled.present': '1', enabled: '', sample, intent: 'save' });
    expect(edit.status).toBe(303);
    expect((await filters())[0]).toMatchObject({ title: 'Sample half', enabled: false, actions: [{ type: 'SAMPLE', percent: 0.5, path: 'userId' }] });
    expect(await (await t.get(`/destinations/${d}`)).text()).toContain(`<a href="/destinations/${d}/filters/${f!.id}">Sample half</a>`);
    expect((await t.post(`/destinations/${d}/filters/${f!.id}/delete`, {})).status).toBe(303);
    expect(await filters()).toEqual([]);
  });
});
