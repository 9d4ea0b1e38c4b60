export { createApp, type AppOptions } from './app.ts';
export { loadConfig, type HostConfig } from './config.ts';
