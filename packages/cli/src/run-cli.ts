import { parseArgs } from 'node:util';
import { createIntegration } from './commands/create-integration.ts';
import { pluginAdd, pluginList } from './commands/plugin.ts';
import { startCommand, workerCommand } from './commands/start.ts';
import { validateCommand } from './commands/validate.ts';
import { type Output, processOutput } from './output.ts';
import { dataDirOf } from './paths.ts';

/** `junction --help`. */
export const USAGE = `usage: junction <command>

  start                                   run the host (PORT, DATA_DIR, DATABASE_URL, JUNCTION_SECRET…)
  worker                                  run the delivery worker
  plugin add <pkg>@<version>|<file.tgz>   install a plugin into DATA_DIR/plugins  [--data-dir <dir>]
  plugin list                             list plugins and whether they load      [--data-dir <dir>]
  create-integration <slug>               scaffold integrations/<slug> from the webhook template
                                          [--dir <integrations dir>] [--name "Display Name"]
  validate [folder]                       check a plugin's definition and run its conformance suite`;

/**
 * Runs the `junction` command line; returns the exit code (`undefined` while a server keeps
 * running). Unknown commands and options print the usage and return 2.
 *
 * @example
 * process.exitCode = await runCli(['plugin', 'list', '--data-dir', '/var/lib/junction']);
 */
export async function runCli(argv: string[], io: Output = processOutput): Promise<number | undefined> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`junction: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const dataDir = dataDirOf(values['data-dir']);
  if (command === 'start' && rest.length === 0) return startCommand(io);
  if (command === 'worker' && rest.length === 0) return workerCommand(io);
  if (command === 'plugin' && rest[0] === 'add' && rest.length === 2) return pluginAdd(rest[1]!, dataDir, io);
  if (command === 'plugin' && rest[0] === 'list' && rest.length === 1) return pluginList(dataDir, io);
  if (command === 'create-integration' && rest.length === 1) {
    return createIntegration(rest[0]!, { io, ...(values.dir ? { dir: values.dir } : {}), ...(values.name ? { name: values.name } : {}) });
  }
  if (command === 'validate' && rest.length <= 1) return validateCommand(rest[0], io);
  io.err(`junction: unknown command or wrong arguments: ${positionals.join(' ')}\n${USAGE}`);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, dir: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
