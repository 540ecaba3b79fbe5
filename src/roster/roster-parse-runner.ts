import { readZipDirectory, ROSTER_XLSX_LIMITS, XlsxRefusedError } from '../common/xlsx-guard';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RosterParseOutcome, RosterParseProgress, RosterParseRules } from './roster-parse';
import type { AgencyInput, RosterImportError, TechnicianInput } from './roster-rows';
import type { RosterParseJob } from './roster-parse.worker';

/*
 * Runs parseRosterFile in a worker thread (roster-parse.worker.ts) and gathers what it posts back. From the
 * compiled app (dist/…/roster-parse-runner.js) the worker is the compiled .js beside it; from the TypeScript
 * sources (tests, the bench, `npm run start:dev`) it is the .ts file, loaded through @swc-node/register.
 */

/** Heap of one parsing worker: a 50,000-row roster needs ~300 MB; a file beyond that is refused, not fatal. */
export const PARSE_WORKER_HEAP_MB = 2048;
/** One parse may take this long (a 50,000-row roster takes a few seconds). */
export const PARSE_TIMEOUT_MS = 5 * 60_000;
/** Workbooks parsed at once on one node; more imports wait their turn (the machine has few cores). */
export const PARALLEL_PARSES = 1;

export type RunnerProgress = RosterParseProgress | { phase: 'queued' };

function workerFile(): { file: string; execArgv: string[] } {
  const fromSources = __filename.endsWith('.ts');
  return {
    file: join(__dirname, `roster-parse.worker.${fromSources ? 'ts' : 'js'}`),
    execArgv: fromSources ? ['-r', '@swc-node/register'] : [],
  };
}

let running = 0;
const waiting: Array<() => void> = [];

async function slot(onQueued: () => void): Promise<() => void> {
  if (running >= PARALLEL_PARSES) {
    onQueued();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  return () => {
    const next = waiting.shift();
    if (next) {
      next();
    } else {
      running--;
    }
  };
}

/** Parses and validates an uploaded roster off the main thread. Never throws for a bad file: see the outcome. */
export async function parseRosterInWorker(
  file: Buffer,
  rules: RosterParseRules,
  progress: (p: RunnerProgress) => void = () => undefined,
): Promise<RosterParseOutcome> {
  // What the zip's table of contents alone refuses (size, entries, declared sizes and ratios) is refused here,
  // before any thread starts: cheap, and a refusal that cannot depend on how a worker fares.
  try {
    readZipDirectory(file, ROSTER_XLSX_LIMITS);
  } catch (err) {
    if (err instanceof XlsxRefusedError) {
      return { ok: false, message: err.message, code: err.code, details: err.details };
    }
    // Not a readable zip: the worker gives the file's own answer.
  }
  const release = await slot(() => progress({ phase: 'queued' }));
  try {
    return await runWorker(file, rules, progress);
  } finally {
    release();
  }
}

function runWorker(
  file: Buffer,
  rules: RosterParseRules,
  progress: (p: RunnerProgress) => void,
): Promise<RosterParseOutcome> {
  const { file: script, execArgv } = workerFile();
  // A private copy whose memory moves to the worker (no copy on the way).
  const bytes = new Uint8Array(file);
  const job: RosterParseJob = { file: bytes, rules };
  const worker = new Worker(script, {
    workerData: job,
    transferList: [bytes.buffer],
    execArgv,
    env: process.env,
    resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  const agencies: AgencyInput[] = [];
  const technicians: TechnicianInput[] = [];
  return new Promise<RosterParseOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (r: RosterParseOutcome | Error) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (r instanceof Error) {
        reject(r);
      } else {
        resolve(r);
      }
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          message: `名册文件在 ${PARSE_TIMEOUT_MS / 1000} 秒内未能读完，已放弃；请检查文件或分批导入`,
          code: 'roster_parse_timeout',
        }),
      PARSE_TIMEOUT_MS,
    );
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'progress':
          progress({ phase: m.phase, rows: m.rows });
          return;
        case 'agencies':
          agencies.push(...m.rows);
          return;
        case 'technicians':
          for (const t of m.rows) {
            technicians.push(t);
          }
          return;
        case 'refused':
          finish({ ok: false, message: m.message, code: m.code, details: m.details });
          return;
        case 'done':
          finish({ ok: true, agencies, technicians, errors: m.errors, errorTotal: m.errorTotal });
          return;
        case 'failed':
          finish(new Error(`roster parsing worker failed: ${m.message}`));
          return;
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({
          ok: false,
          message: `名册文件读取时超出内存上限（${PARSE_WORKER_HEAP_MB} MB），请删除多余内容或分批导入`,
          code: 'roster_file_too_large',
        });
      } else {
        finish(err);
      }
    });
    worker.on('exit', (code) => finish(new Error(`roster parsing worker exited early (code ${code})`)));
  });
}

type WorkerMessage =
  | ({ type: 'progress' } & RosterParseProgress)
  | { type: 'agencies'; rows: AgencyInput[] }
  | { type: 'technicians'; rows: TechnicianInput[] }
  | { type: 'refused'; message: string; code: string; details?: unknown }
  | { type: 'done'; errors: RosterImportError[]; errorTotal: number }
  | { type: 'failed'; message: string };
