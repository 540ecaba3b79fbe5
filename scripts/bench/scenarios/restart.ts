import type { BenchContext } from '../harness/context';
import type { Figure } from '../harness/figures';

/*
 * Issue 15 (item 6): how long a node takes to serve again after it was killed. The harness kills the app
 * (SIGKILL, as a crash or an OOM kill would) and starts it again with the same settings on the same database —
 * by now holding the seeded campaign, its papers and answers, and the shipped question bank, which is imported
 * (verified) again on start — and measures until `/health/ready` answers 200. Runs last: the other scenarios
 * keep their process.
 */
export async function benchRestart(ctx: BenchContext): Promise<Figure[]> {
  const name = 'restart: restart-to-serving time of a killed node (spawn → /health/ready 200)';
  if (!ctx.app || !ctx.restartApp) {
    return [{ name, value: null, unit: 'ms', note: 'no app to restart' }];
  }
  const entry = ctx.app.entry;
  const rssBefore = Math.round(ctx.app.rssBytes() / 1024 / 1024);
  const t = await ctx.restartApp();
  ctx.log(
    `restart: killed in ${Math.round(t.killMs)} ms; listening after ${Math.round(t.listenMs)} ms, ready after ${Math.round(t.readyMs)} ms`,
  );
  return [
    {
      name,
      value: Math.round(t.readyMs),
      unit: 'ms',
      target: 'a few seconds',
      note: `listening after ${Math.round(t.listenMs)} ms; ${entry}; same database, settings and port (QBANK_IMPORT_ON_START=true: the shipped bank is checked again)`,
    },
    {
      name: 'restart: kill → serving again, including the old process ending',
      value: Math.round(t.killMs + t.readyMs),
      unit: 'ms',
      note: `SIGKILL of a node holding ${rssBefore} MB took ${Math.round(t.killMs)} ms to end`,
    },
  ];
}
