/** Plugin loading: install third-party plugins, resolve pinned versions lazily, check upgrades. */
export { checkUpgrade, type UpgradeCheck, type UpgradeProblem } from './check-upgrade.ts';
export { loadPluginModule, type PluginLoadResult } from './load-plugin-module.ts';
export { PluginLoadError, PluginNotFoundError } from './plugin-errors.ts';
export { type InstalledPlugin, installPlugin } from './plugin-installer.ts';
export { installPluginFaultGuard, type PluginFaultGuardOptions } from './plugin-fault-guard.ts';
export { createPluginLoader, type PluginLoader, type PluginLoaderOptions, type PluginStatus } from './plugin-loader.ts';
export { compareVersions, listPluginDirs, type PluginPackage, pluginDir, readPluginPackage, slugFromPackageName } from './plugin-package.ts';
