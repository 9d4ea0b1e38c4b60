import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationView } from './destination-pages.tsx';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let sourceId = '';
let destinationId = '';
const SECRET = 'whsec_super_secret_value_1234';

beforeAll(async () => {
  t = await pageTestApp();
  sourceId = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', name: 'Web', enabled: true, metadataId: 'javascript' })).data!.source.id;
});
afterAll(() => t.close());

const destination = async () => (await t.admin<{ destination: DestinationView }>('GET', `/destinations/${destinationId}`)).data?.destination;

describe('catalog pages', () => {
  it('lists the destinations and filters them by text and category (GET form)', async () => {
    const all = await (await t.get('/catalog')).text();
    expect(all).toContain('<a href="/catalog/destinations/webhook">Webhook</a>');
    expect(all).toContain('<a href="/catalog/destinations/mixpanel">Mixpanel</a>');
    expect(all).toMatch(/<label for="f-category">Category<\/label>/);
    const analytics = await (await t.get('/catalog?category=Analytics')).text();
    expect(analytics).toContain('>Mixpanel</a>');
    expect(analytics).not.toContain('>Webhook</a>');
    expect(analytics).toContain('<option value="Analytics" selected="">Analytics</option>');
    const searched = await (await t.get('/catalog?q=mixpanel')).text();
    expect(searched).toContain('role="status">1 destination</p>');
  });

  it('generates the install form from the settings schema: enums, booleans, secrets masked', async () => {
    const res = await t.get(`/catalog/destinations/mixpanel?sourceId=${sourceId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Mixpanel</h1>');
    expect(html).toMatch(/<label for="f-settings-projectToken">Project token<span class="req"> \(required\)/);
    expect(html).toMatch(/id="f-settings-projectToken" name="settings\.projectToken" type="password" value="" autocomplete="new-password"/);
    expect(html).toMatch(/<select id="f-settings-region" name="settings\.region"[^>]*><option value="">\(not set\)<\/option><option value="US">US<\/option>/);
    expect(html).toMatch(/id="f-settings-strictMode" type="checkbox" name="settings\.strictMode"/);
    expect(html).toContain('Used by the Engage and Groups APIs');
    expect(html).toContain(`<option value="${sourceId}" selected="">Web</option>`);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('shows the admin API errors inline per setting and installs nothing', async () => {
    const res = await t.post('/catalog/destinations/webhook/install', { sourceId, name: 'Hook', 'settings.url': 'ftp://nope', 'settings.sharedSecret': 'short', 'settings.headers': '{bad json' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-settings-headers-error" class="error">settings\.headers: not valid JSON/);
    const again = await t.post('/catalog/destinations/webhook/install', { sourceId, name: 'Hook', 'settings.url': 'ftp://nope', 'settings.sharedSecret': 'short' });
    const html2 = await again.text();
    expect(again.status).toBe(422);
    expect(html2).toMatch(/<p id="f-settings-url-error" class="error">settings\.url: must match pattern/);
    expect(html2).toMatch(/<p id="f-settings-sharedSecret-error" class="error">settings\.sharedSecret: must NOT have fewer than 8/);
    expect(html2).toMatch(/id="f-settings-url"[^>]*value="ftp:\/\/nope"[^>]*aria-invalid="true"/);
    expect(html2).not.toContain('value="short"');
    expect((await t.admin<{ destinations: unknown[] }>('GET', '/destinations')).data!.destinations).toEqual([]);
  });

  it('installs into the source, with its presets; the secret never comes back in HTML', async () => {
    const res = await t.post('/catalog/destinations/webhook/install', { sourceId, name: 'Hook', 'settings.url': 'https://hooks.example.com/in', 'settings.sharedSecret': SECRET, 'settings.headers': '{"X-Team": "growth"}', 'settings.batchRequests.present': '1' });
    expect(res.status).toBe(303);
    destinationId = res.headers.get('location')!.split('/').pop()!;
    const d = await destination();
    expect(d).toMatchObject({ name: 'Hook', sourceId, enabled: true, settings: { url: 'https://hooks.example.com/in', headers: { 'X-Team': 'growth' }, batchRequests: false } });
    expect(d!.settings.sharedSecret).toMatch(/^••••/);
    const page = await (await t.get(`/destinations/${destinationId}`)).text();
    expect(page).toContain('role="status">Hook installed.</p>');
    expect(page).not.toContain(SECRET);
    expect(page).toMatch(/id="f-settings-sharedSecret" name="settings\.sharedSecret" type="password" value=""/);
    expect(textOf(page)).toContain('A value is stored (••••');
    expect(textOf(page)).toContain('Send all events'.slice(0, 4));
    expect(formsCarryCsrf(page)).toBe(true);
    expect(await (await t.get(`/sources/${sourceId}`)).text()).toContain(`<a href="/destinations/${destinationId}">Hook</a>`);
    expect(await (await t.get('/destinations')).text()).toContain(`<a href="/destinations/${destinationId}">Hook</a>`);
  });
});

describe('destination pages', () => {
  it('saves settings; an empty secret keeps the stored one', async () => {
    const before = (await destination())!.settings.sharedSecret;
    const res = await t.post(`/destinations/${destinationId}`, { name: 'Hook 2', 'settings.url': 'https://hooks.example.com/v2', 'settings.sharedSecret': '', 'settings.headers': '', 'settings.batchRequests.present': '1', 'settings.batchRequests': 'true' });
    expect(res.status).toBe(303);
    const d = await destination();
    expect(d).toMatchObject({ name: 'Hook 2', settings: { url: 'https://hooks.example.com/v2', batchRequests: true } });
    expect(d!.settings.sharedSecret).toBe(before);
    expect(d!.settings.headers).toBeUndefined();
  });

  it('replaces the secret when a new one is typed', async () => {
    const res = await t.post(`/destinations/${destinationId}`, { name: 'Hook 2', 'settings.url': 'https://hooks.example.com/v2', 'settings.sharedSecret': 'whsec_new_value_9876', 'settings.batchRequests.present': '1' });
    expect(res.status).toBe(303);
    expect((await destination())!.settings.sharedSecret).toBe('••••9876');
  });

  it('shows a settings error next to the field and keeps the stored values', async () => {
    const res = await t.post(`/destinations/${destinationId}`, { name: 'Hook 2', 'settings.url': 'not a url', 'settings.sharedSecret': '', 'settings.batchRequests.present': '1' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-settings-url-error" class="error">settings\.url/);
    expect(html).not.toContain('whsec_new_value_9876');
    expect((await destination())!.settings.url).toBe('https://hooks.example.com/v2');
  });

  it('disables and enables, then deletes', async () => {
    expect((await t.post(`/destinations/${destinationId}/enabled`, { enabled: 'false' })).status).toBe(303);
    expect((await destination())!.enabled).toBe(false);
    expect(await (await t.get(`/destinations/${destinationId}`)).text()).toContain('>Enable destination</button>');
    expect((await t.post(`/destinations/${destinationId}/enabled`, { enabled: 'true' })).status).toBe(303);
    expect((await destination())!.enabled).toBe(true);
    expect((await t.post(`/destinations/${destinationId}/delete`, {})).headers.get('location')).toBe('/destinations');
    expect(await destination()).toBeUndefined();
  });
});
