/** @junction/cli: the `junction` command. */
export { runCli, USAGE } from './run-cli.ts';
export type { Output } from './output.ts';
