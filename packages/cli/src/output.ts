/**
 * Where commands write (process streams by default; tests pass their own).
 *
 * @example
 * const io: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The process's stdout and stderr.
 *
 * @example
 * await runCli(['plugin', 'list'], processOutput);
 */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
