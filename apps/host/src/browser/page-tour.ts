import type { Page } from 'playwright-core';
import { clickAndLoad, submit } from './console-steps.ts';

/** Ids the walk-through created, which page paths need. */
export interface TourIds {
  /** Throws when the step that creates the source failed. */
  sourceId: () => string;
  /** Throws when the step that installs the destination failed. */
  destinationId: () => string;
}

/** One console page of the tour: where it is, its heading, and how to give its form bad input. */
export interface TourPage {
  /** Screenshot name (kebab-case): `artifacts/screenshots/<name>.png`. */
  name: string;
  describe: string;
  path: (ids: TourIds) => string;
  /** Text the `<h1>` contains; omitted for pages whose heading is not fixed yet. */
  heading?: string;
  /** Submits one bad input; the test then requires a visible error message. */
  bad?: (page: Page) => Promise<void>;
}

/**
 * For pages whose form labels are not fixed: empties every text field of the first POST form in
 * `<main>` that has one and submits it with its first submit button.
 *
 * @example
 * await submitFirstFormEmpty(page);
 */
export async function submitFirstFormEmpty(page: Page): Promise<void> {
  const textual = 'input[type="text"], input[type="email"], input[type="url"], input:not([type]), textarea';
  const forms = await page.locator('main form[method="post"]').all();
  for (const form of forms) {
    const fields = await form.locator(textual).all();
    const visible = [];
    for (const f of fields) if (await f.isVisible()) visible.push(f);
    if (visible.length === 0) continue;
    for (const f of visible) await f.fill('');
    await clickAndLoad(page, form.locator('button[type="submit"], button:not([type])').first());
    return;
  }
  throw new Error(`${page.url()}: no form with a text field to give bad input`);
}

/**
 * Every page of the console the walk-through visits after the sign-in, in order; the bad inputs
 * never change state (each is refused).
 *
 * @example
 * for (const p of tourPages()) await page.goto(base + p.path(ids));
 */
export function tourPages(): TourPage[] {
  return [
    { name: 'sources', describe: 'the source list', path: () => '/sources', heading: 'Sources' },
    {
      name: 'source-detail',
      describe: 'source detail refuses a bad slug',
      path: (ids) => `/sources/${ids.sourceId()}`,
      heading: 'Source ',
      bad: async (page) => {
        await page.getByRole('form', { name: 'Name and slug' }).getByLabel('Slug').fill('Not A Slug!');
        await submit(page, 'Name and slug', 'Save');
      },
    },
    { name: 'source-debugger', describe: 'the live source debugger', path: (ids) => `/sources/${ids.sourceId()}/debugger`, heading: 'Source debugger' },
    {
      name: 'source-delete',
      describe: 'source deletion needs the slug typed',
      path: (ids) => `/sources/${ids.sourceId()}/delete`,
      heading: 'Delete source',
      bad: async (page) => {
        await page.getByLabel(/Type the slug/).fill('wrong-slug');
        await submit(page, 'Delete source', 'Delete source');
      },
    },
    { name: 'catalog', describe: 'the catalog', path: () => '/catalog', heading: 'Catalog' },
    {
      name: 'catalog-webhook',
      describe: 'the install form refuses a missing source',
      path: () => '/catalog/destinations/webhook',
      heading: 'Webhook',
      bad: async (page) => {
        await page.getByLabel('Webhook URL').fill('https://hooks.example.com/in');
        await submit(page, 'Install Webhook', 'Install Webhook');
      },
    },
    { name: 'destinations', describe: 'the destination list', path: () => '/destinations', heading: 'Destinations' },
    {
      name: 'destination-detail',
      describe: 'destination settings refuse a non-http URL',
      path: (ids) => `/destinations/${ids.destinationId()}`,
      heading: 'Destination ',
      bad: async (page) => {
        await page.getByLabel('Webhook URL').fill('ftp://nope.example.com');
        await submit(page, 'Destination settings', 'Save settings');
      },
    },
    { name: 'subscription-pick-action', describe: 'a new subscription starts by picking an action', path: (ids) => `/destinations/${ids.destinationId()}/subscriptions/new`, heading: 'New subscription' },
    {
      name: 'subscriptions',
      describe: 'the subscription form refuses a bad FQL trigger',
      path: (ids) => `/destinations/${ids.destinationId()}/subscriptions/new?actionId=send`,
      heading: 'New subscription',
      bad: async (page) => {
        await page.getByLabel('Trigger (FQL)').fill('event = ');
        await submit(page, 'Subscription', 'Save subscription');
      },
    },
    {
      name: 'filters',
      describe: 'the filter form refuses a bad FQL condition',
      path: (ids) => `/destinations/${ids.destinationId()}/filters/new`,
      heading: 'New filter',
      bad: async (page) => {
        await page.getByLabel('Title').fill('Broken filter');
        await page.getByLabel('If (FQL)').fill('type = ');
        await submit(page, 'Destination filter', 'Save');
      },
    },
    {
      name: 'event-tester',
      describe: 'the Event Tester refuses an event that is not JSON',
      path: (ids) => `/destinations/${ids.destinationId()}/tester`,
      heading: 'Event Tester',
      bad: async (page) => {
        await page.getByLabel('Event (JSON)').fill('{ not json');
        await page.getByRole('button', { name: 'Send test event' }).click();
        await page.locator('[role="alert"], [aria-invalid="true"]').first().waitFor();
      },
    },
    { name: 'event-delivery', describe: 'Event Delivery of the destination', path: (ids) => `/destinations/${ids.destinationId()}/delivery?window=24h`, heading: 'Event Delivery' },
    { name: 'event-delivery-overview', describe: 'the Event Delivery overview (navigation)', path: () => '/event-delivery' },
    { name: 'health', describe: 'Workspace Health', path: () => '/workspace-health', heading: 'Workspace Health' },
    {
      name: 'settings',
      describe: 'workspace settings refuse a bad slug',
      path: () => '/settings',
      bad: async (page) => {
        await page.getByLabel('Slug').fill('Bad Slug!');
        await submit(page, 'Workspace settings', 'Save settings');
      },
    },
    { name: 'authentication-settings', describe: 'authentication settings (one checkbox: no bad input possible)', path: () => '/settings/authentication', heading: 'Authentication settings' },
    {
      name: 'health-settings',
      describe: 'health thresholds refuse a negative threshold',
      path: () => '/workspace-health/settings',
      heading: 'Health thresholds',
      bad: async (page) => {
        await page.getByLabel('Degraded at').first().fill('-5');
        await submit(page, 'Health thresholds', 'Save thresholds');
      },
    },
    { name: 'sso-settings', describe: 'the SSO connections', path: () => '/settings/sso', heading: 'Single sign-on' },
    {
      name: 'sso-settings-oidc',
      describe: 'a new OIDC connection refuses an empty form',
      path: () => '/settings/sso/new',
      bad: async (page) => submit(page, 'Create an SSO connection', 'Create connection'),
    },
    {
      name: 'sso-settings-saml',
      describe: 'a new SAML connection refuses an empty form',
      path: () => '/settings/sso/new?protocol=saml',
      bad: async (page) => submit(page, 'Create an SSO connection', 'Create connection'),
    },
    { name: 'access', describe: 'access management: the members', path: () => '/access', heading: 'Members' },
    {
      name: 'access-invites',
      describe: 'an invitation refuses a bad email',
      path: () => '/access/invites',
      heading: 'Invites',
      bad: async (page) => {
        await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill('not-an-email');
        await submit(page, 'Invite someone', 'Send invitation');
      },
    },
    {
      name: 'access-groups',
      describe: 'a group needs a name',
      path: () => '/access/groups',
      heading: 'User groups',
      bad: async (page) => submit(page, 'Create a group', 'Create group'),
    },
    { name: 'access-roles', describe: 'the roles', path: () => '/access/roles', heading: 'Roles' },
    {
      name: 'access-labels',
      describe: 'a label refuses a key that does not start with a letter',
      path: () => '/access/labels',
      heading: 'Labels',
      bad: async (page) => {
        const form = page.getByRole('form', { name: 'Create a label' });
        await form.locator('#f-key').fill('9 bad key');
        await form.locator('#f-value').fill('x');
        await submit(page, 'Create a label', 'Create label');
      },
    },
    {
      name: 'access-tokens',
      describe: 'an API token needs a name',
      path: () => '/access/tokens',
      heading: 'API tokens',
      bad: async (page) => submit(page, 'Create a token', 'Create token'),
    },
    { name: 'audit', describe: 'the audit trail', path: () => '/audit' },
    {
      name: 'workspaces',
      describe: 'the workspace picker refuses a workspace without name and slug',
      path: () => '/workspaces',
      bad: async (page) => submit(page, 'Create a workspace', 'Create workspace'),
    },
    { name: 'mfa-enabled', describe: 'two-factor settings of a user who has it', path: () => '/mfa/setup', heading: 'Two-factor authentication' },
    {
      name: 'forgot-password',
      describe: 'password reset refuses an empty email',
      path: () => '/forgot-password',
      bad: submitFirstFormEmpty,
    },
    { name: 'dev-outbox', describe: 'the development outbox (no SMTP)', path: () => '/dev/outbox' },
  ];
}
