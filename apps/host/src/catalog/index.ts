/** The catalog: first-party registry, destination and source metadata, per-workspace allow-lists. */
export { type ActionFieldMetadata, type ActionMetadata, actionMetadata, type PresetMetadata, presetMetadata } from './action-metadata.ts';
export {
  type CatalogAccess,
  type CatalogPolicy,
  CatalogPolicyError,
  type CatalogPolicyStore,
  catalogAccess,
  checkCatalogPolicy,
  memoryCatalogPolicyStore,
  storeCatalogPolicyStore,
} from './catalog-policy.ts';
export { type Catalog, type CatalogOptions, createCatalog } from './create-catalog.ts';
export { type CatalogStatus, type DestinationMetadata, destinationMetadata, failedMetadata, placeholderLogo } from './destination-metadata.ts';
export { type FirstPartyEntry, firstPartyRegistry, firstPartySlugs } from './first-party-registry.ts';
export { type SettingOption, settingsOptions } from './settings-options.ts';
export { type SourceMetadata, sourcesCatalog } from './sources-catalog.ts';
