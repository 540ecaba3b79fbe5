import { ArgsError, parseArgs, USAGE } from './harness/args';
import { stopAll } from './harness/processes';
import { abortBench, reportLines, runBench } from './harness/runner';

/*
 * `npm run bench [-- --only NAME[,NAME]] [--candidates N]`: starts what it needs (the app as a child process on
 * MariaDB when BENCH_DATABASE_URL is set, else on a fresh SQLite file; a bare socket.io server; load generator
 * processes), seeds a synthetic campaign through the API, runs the scenarios with their bare limits, tears
 * down, and prints one line per figure and a final `BENCH {json}` line on stdout. Progress goes to stderr.
 * See docs/bench.md.
 */

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ArgsError) {
      process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const t0 = Date.now();
  const log = (s: string) =>
    process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
  const report = await runBench(args, command, log);
  process.stdout.write(`${reportLines(report).join('\n')}\n`);
  return 0;
}

let interrupted = false;
const onSignal = (sig: NodeJS.Signals) => {
  if (interrupted) {
    process.exit(130);
  }
  interrupted = true;
  process.stderr.write(`bench: ${sig}, stopping the processes it started and dropping the bench database\n`);
  void abortBench().finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A scenario's stray error (e.g. a load worker's channel closing after a timeout) must not end the run.
process.on('uncaughtException', (err) =>
  process.stderr.write(`bench: uncaught in a scenario: ${err.stack ?? String(err)}\n`),
);
process.on('unhandledRejection', (err) =>
  process.stderr.write(`bench: unhandled rejection in a scenario: ${(err as Error)?.stack ?? String(err)}\n`),
);

main()
  .then((code) => process.exit(code))
  .catch(async (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
    await stopAll(2000);
    process.exit(1);
  });
