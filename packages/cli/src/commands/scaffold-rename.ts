/**
 * The names a new integration gets from its slug.
 *
 * @example
 * integrationNames('acme-crm'); // { slug: 'acme-crm', title: 'Acme Crm', camel: 'acmeCrm', pascal: 'AcmeCrm', packageName: '@junction/integration-acme-crm' }
 */
export function integrationNames(slug: string, title?: string) {
  const words = slug.split('-');
  const pascal = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return {
    slug,
    title: title ?? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    pascal,
    packageName: `@junction/integration-${slug}`,
  };
}

/**
 * Names of a new integration.
 *
 * @example
 * const names: IntegrationNames = integrationNames('acme');
 */
export type IntegrationNames = ReturnType<typeof integrationNames>;

/**
 * Rewrites a webhook template file for a new integration: package name, slug, display name,
 * version 0.1.0, file names and identifiers (`webhookSettings` → `acmeCrmSettings`).
 *
 * @example
 * renameSource("export const webhook = defineIntegration({ slug: 'webhook', name: 'Webhook', version: '1.4.0',", integrationNames('acme-crm'));
 * // "export const acmeCrm = defineIntegration({ slug: 'acme-crm', name: 'Acme Crm', version: '0.1.0',"
 */
export function renameSource(text: string, names: IntegrationNames): string {
  return text
    .replaceAll('@junction/integration-webhook', names.packageName)
    .replace(/slug: 'webhook'/g, `slug: '${names.slug}'`)
    .replace(/name: 'Webhook'/g, `name: '${names.title}'`)
    .replace(/(\n\s*version: )'[^']*'/g, `$1'0.1.0'`)
    .replace(/\bwebhook-settings\b/g, `${names.slug}-settings`)
    .replace(/Webhook/g, names.pascal)
    .replace(/webhook/g, names.camel);
}

/**
 * The file name a template file gets (`webhook-settings.ts` → `acme-crm-settings.ts`).
 *
 * @example
 * renameFile('webhook.test.ts', integrationNames('acme')); // 'acme.test.ts'
 */
export function renameFile(name: string, names: IntegrationNames): string {
  return name.replace(/^webhook(?=[.-])/, names.slug);
}
