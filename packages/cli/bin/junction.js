#!/usr/bin/env node
// Junction ships TypeScript sources (no build step): tsx loads them.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
