import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { parseRosterFile, RosterParseRules } from './roster-parse';

/*
 * The worker thread of a roster import (started by roster-parse-runner.ts): reads and validates the uploaded
 * workbook off the main event loop and posts the outcome back in slices, so that receiving it never blocks the
 * main thread for long either. The worker ends after one file, and its memory goes with it.
 */

export interface RosterParseJob {
  file: Uint8Array;
  rules: RosterParseRules;
}

/** Rows per message: each message is decoded on the main thread in its own turn of the event loop. */
export const ROWS_PER_MESSAGE = 2000;

/**
 * On Linux a thread's niceness is its own: the parsing thread yields the CPU to the main thread, which
 * acknowledges candidates' answers, whenever both want it (elsewhere it would lower the whole process: skipped).
 */
const WORKER_NICENESS = 10;

async function run(): Promise<void> {
  if (process.platform === 'linux') {
    try {
      setPriority(WORKER_NICENESS);
    } catch {
      /* not permitted: run at normal priority */
    }
  }
  const port = parentPort!;
  const job = workerData as RosterParseJob;
  const file = Buffer.from(job.file.buffer, job.file.byteOffset, job.file.byteLength);
  const outcome = await parseRosterFile(file, job.rules, (p) => port.postMessage({ type: 'progress', ...p }));
  if (!outcome.ok) {
    port.postMessage({
      type: 'refused',
      message: outcome.message,
      code: outcome.code,
      details: outcome.details,
    });
    return;
  }
  if (outcome.errorTotal === 0) {
    for (let i = 0; i < outcome.agencies.length; i += ROWS_PER_MESSAGE) {
      port.postMessage({ type: 'agencies', rows: outcome.agencies.slice(i, i + ROWS_PER_MESSAGE) });
    }
    for (let i = 0; i < outcome.technicians.length; i += ROWS_PER_MESSAGE) {
      port.postMessage({ type: 'technicians', rows: outcome.technicians.slice(i, i + ROWS_PER_MESSAGE) });
    }
  }
  port.postMessage({ type: 'done', errors: outcome.errors, errorTotal: outcome.errorTotal });
}

run().catch((err: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: (err as Error)?.stack ?? String(err) });
});
