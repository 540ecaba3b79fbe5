import { ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import type { AnswerAck, ExamReply, ExamState } from '../../../src/sessions/exam-socket.types';

/*
 * The exam-session scenarios of `npm run bench` (issue 9): connect, start storm, answers, deadline. Each is an
 * async function of the harness's context returning figures. The load comes from worker processes forked from
 * this same file (EXAM_LOAD_WORKER=1), each holding real socket.io-client connections (websocket transport, one
 * connection per candidate), never from the harness's or the server's process. Candidates sign in over HTTP with
 * their ticket, ID number and the sitting's access code, exactly as the exam page does.
 *
 * Without the harness, call the `run*` functions with a base URL and credentials (see SessionsLoadTarget).
 */

/** Settings the app is started with for these scenarios (the harness reads this export). */
export const benchAppEnv: Record<string, string> = { SESSIONS_SWEEP_INTERVAL_MS: '1000' };

// ---------------------------------------------------------------------------------------------------------------
// What the scenarios need from the harness (structurally; see scripts/bench/harness/context.ts).

interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: string;
  bare?: number | null;
  bareLabel?: string;
  baseline?: string;
  note?: string;
}

interface CandidateCredentials {
  ticketNumber: string;
  idNumber: string;
}

interface HarnessSitting {
  id: number;
  role: string;
  accessCode: string;
  candidates: Array<CandidateCredentials & { paperId: number | null }>;
}

interface HarnessContext {
  app: { url: string; pid: number; rssBytes: () => number } | null;
  admin: { call<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> } | null;
  campaign: { sittings: HarnessSitting[] } | null;
  candidates: number;
  budgetMs: number;
  log: (line: string) => void;
}

/** Where the load goes: the app's URL and one sitting's candidates. */
export interface SessionsLoadTarget {
  baseUrl: string;
  accessCode: string;
  candidates: CandidateCredentials[];
  /** Load generator processes (default: 2). */
  workers?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics.

export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latency(samples: number[]): Latency {
  if (samples.length === 0) {
    return { count: 0, p50: 0, p99: 0, max: 0 };
  }
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const r = (v: number) => Math.round(v * 10) / 10;
  return { count: s.length, p50: r(at(0.5)), p99: r(at(0.99)), max: r(s[s.length - 1]) };
}

// ---------------------------------------------------------------------------------------------------------------
// The worker side: holds the sockets of its share of the candidates and runs the phases it is told to.

type Command =
  | {
      cmd: 'connect';
      baseUrl: string;
      accessCode: string;
      candidates: CandidateCredentials[];
      concurrency: number;
    }
  | { cmd: 'start'; at: number; spreadMs: number }
  /** perClientPerSec 0: closed loop; else each candidate saves at that rate whatever the acknowledgements do. */
  | { cmd: 'answer'; seconds: number; perClientPerSec: number }
  | { cmd: 'disconnect' }
  | { cmd: 'exit' };

interface ConnectResult {
  connected: number;
  failed: number;
  errors: string[];
  ms: number;
}
interface StartResult {
  started: number;
  withPaper: number;
  failed: number;
  errors: string[];
  latencies: number[];
}
interface AnswerResult {
  acked: number;
  refused: number;
  timedOut: number;
  errors: string[];
  latencies: number[];
  elapsedMs: number;
}

type Reply = ConnectResult | StartResult | AnswerResult | { ok: true };

interface Held {
  socket: Socket;
  questions: Array<{ questionId: number; type: string; options: Array<{ label: string }> }>;
  revision: number;
}

/** A valid response of the question's shape, from the labels the candidate was shown. */
function responseFor(q: Held['questions'][number], n: number): boolean | string | string[] {
  const labels = q.options.map((o) => o.label);
  switch (q.type) {
    case 'judge':
      return n % 2 === 0;
    case 'single':
      return labels[n % labels.length];
    default:
      return [labels[n % labels.length], labels[(n + 1) % labels.length]].sort();
  }
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        await fn(items[next++]);
      }
    }),
  );
}

function runWorker(): void {
  const held: Held[] = [];
  const send = (r: Reply) => {
    if (process.connected) {
      process.send?.(r);
    }
  };
  const firstErrors = (errors: string[], e: string) => {
    if (errors.length < 5) {
      errors.push(e);
    }
  };

  const connect = async (c: Extract<Command, { cmd: 'connect' }>): Promise<ConnectResult> => {
    const t0 = performance.now();
    const errors: string[] = [];
    let failed = 0;
    await pool(c.candidates, c.concurrency, async (cand) => {
      try {
        const res = await fetch(`${c.baseUrl}/api/exam/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            ticketNumber: cand.ticketNumber,
            idNumber: cand.idNumber,
            accessCode: c.accessCode,
          }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json()) as { accessToken?: string; message?: string };
        if (res.status !== 200 || !body.accessToken) {
          throw new Error(`login ${res.status} ${body.message ?? ''}`);
        }
        const socket = io(`${c.baseUrl}/exam`, {
          transports: ['websocket'],
          auth: { token: body.accessToken },
          forceNew: true,
          reconnection: false,
          timeout: 30_000,
        });
        const state = await new Promise<ExamState>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no exam.state within 30 s')), 30_000);
          socket.once('exam.state', (s: ExamState) => {
            clearTimeout(timer);
            resolve(s);
          });
          socket.once('exam.error', (e: { message: string }) => reject(new Error(e.message)));
          socket.once('connect_error', (e) => reject(e));
        });
        const questions = state.paper ? state.paper.sections.flatMap((s) => s.questions) : [];
        held.push({ socket, questions, revision: 0 });
      } catch (err) {
        failed++;
        firstErrors(errors, (err as Error).message);
      }
    });
    return { connected: held.length, failed, errors, ms: performance.now() - t0 };
  };

  const start = async (c: Extract<Command, { cmd: 'start' }>): Promise<StartResult> => {
    const out: StartResult = { started: 0, withPaper: 0, failed: 0, errors: [], latencies: [] };
    await Promise.all(
      held.map(async (h, i) => {
        // Spread the starts evenly over the storm's window, as candidates clicking 开始答题.
        const when = c.at + (c.spreadMs * i) / Math.max(1, held.length);
        await new Promise((r) => setTimeout(r, Math.max(0, when - Date.now())));
        const t0 = performance.now();
        try {
          const r = (await h.socket.timeout(30_000).emitWithAck('exam.start')) as ExamReply;
          out.latencies.push(performance.now() - t0);
          if (!r.ok) {
            out.failed++;
            firstErrors(out.errors, `${r.code}: ${r.message}`);
            return;
          }
          out.started++;
          if (r.state.paper) {
            out.withPaper++;
            h.questions = r.state.paper.sections.flatMap((s) => s.questions);
          }
        } catch (err) {
          out.failed++;
          firstErrors(out.errors, (err as Error).message);
        }
      }),
    );
    return out;
  };

  const answer = async (c: Extract<Command, { cmd: 'answer' }>): Promise<AnswerResult> => {
    const out: AnswerResult = { acked: 0, refused: 0, timedOut: 0, errors: [], latencies: [], elapsedMs: 0 };
    const t0 = performance.now();
    const end = t0 + c.seconds * 1000;
    const saveNext = async (h: Held): Promise<void> => {
      const n = h.revision++;
      const q = h.questions[n % h.questions.length];
      const sent = performance.now();
      try {
        const ack = (await h.socket.timeout(10_000).emitWithAck('answer.save', {
          questionId: q.questionId,
          response: responseFor(q, n),
          revision: Math.floor(n / h.questions.length) + 1,
        })) as AnswerAck;
        if (ack.ok) {
          out.acked++;
          out.latencies.push(performance.now() - sent);
        } else {
          out.refused++;
          firstErrors(out.errors, `${ack.code}: ${ack.message}`);
        }
      } catch {
        out.timedOut++;
      }
    };
    const answering = held.filter((h) => h.questions.length > 0);
    await Promise.all(
      answering.map(async (h, i) => {
        if (c.perClientPerSec <= 0) {
          // Closed loop: each candidate sends its next answer when the last one is acknowledged.
          while (performance.now() < end && h.socket.connected) {
            await saveNext(h);
          }
          return;
        }
        // Paced: one save every 1/rate s per candidate, phases spread evenly, not waiting for acknowledgements.
        const interval = 1000 / c.perClientPerSec;
        const inFlight: Array<Promise<void>> = [];
        for (
          let at = t0 + (interval * i) / answering.length;
          at < end && h.socket.connected;
          at += interval
        ) {
          await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
          inFlight.push(saveNext(h));
        }
        await Promise.all(inFlight);
      }),
    );
    out.elapsedMs = Math.min(performance.now(), end) - t0;
    return out;
  };

  process.on('message', (c: Command) => {
    const run = async (): Promise<Reply> => {
      switch (c.cmd) {
        case 'connect':
          return connect(c);
        case 'start':
          return start(c);
        case 'answer':
          return answer(c);
        case 'disconnect':
          for (const h of held.splice(0)) {
            h.socket.disconnect();
          }
          return { ok: true };
        case 'exit':
          for (const h of held.splice(0)) {
            h.socket.disconnect();
          }
          setTimeout(() => process.exit(0), 50);
          return { ok: true };
      }
    };
    run().then(send, (err: unknown) => send({ connected: 0, failed: 0, errors: [String(err)], ms: 0 }));
  });
}

if (process.env.EXAM_LOAD_WORKER === '1' && process.send) {
  runWorker();
}

// ---------------------------------------------------------------------------------------------------------------
// The parent side: forks the workers and merges what they report.

export class ExamLoad {
  private readonly procs: ChildProcess[];

  constructor(private readonly workers: number) {
    this.procs = Array.from({ length: workers }, () =>
      fork(__filename, [], {
        execArgv: ['-r', '@swc-node/register'],
        env: { PATH: process.env.PATH ?? '', EXAM_LOAD_WORKER: '1', NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }

  private all<T extends Reply>(make: (w: number) => Command, timeoutMs: number): Promise<T[]> {
    return Promise.all(
      this.procs.map(
        (p, w) =>
          new Promise<T>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`load worker ${w} did not answer in ${timeoutMs} ms`)),
              timeoutMs,
            );
            p.once('message', (m: T) => {
              clearTimeout(timer);
              resolve(m);
            });
            p.once('exit', (code) => reject(new Error(`load worker ${w} exited with ${code}`)));
            p.send(make(w));
          }),
      ),
    );
  }

  async connect(target: SessionsLoadTarget, timeoutMs = 300_000): Promise<ConnectResult> {
    const rs = await this.all<ConnectResult>(
      (w) => ({
        cmd: 'connect',
        baseUrl: target.baseUrl,
        accessCode: target.accessCode,
        candidates: target.candidates.filter((_, i) => i % this.workers === w),
        concurrency: 50,
      }),
      timeoutMs,
    );
    return {
      connected: rs.reduce((s, r) => s + r.connected, 0),
      failed: rs.reduce((s, r) => s + r.failed, 0),
      errors: rs.flatMap((r) => r.errors).slice(0, 5),
      ms: Math.max(...rs.map((r) => r.ms)),
    };
  }

  async start(spreadMs: number, timeoutMs = 60_000): Promise<StartResult> {
    const at = Date.now() + 500;
    const rs = await this.all<StartResult>(() => ({ cmd: 'start', at, spreadMs }), timeoutMs);
    return {
      started: rs.reduce((s, r) => s + r.started, 0),
      withPaper: rs.reduce((s, r) => s + r.withPaper, 0),
      failed: rs.reduce((s, r) => s + r.failed, 0),
      errors: rs.flatMap((r) => r.errors).slice(0, 5),
      latencies: rs.flatMap((r) => r.latencies),
    };
  }

  async answer(seconds: number, perClientPerSec = 0): Promise<AnswerResult> {
    const rs = await this.all<AnswerResult>(
      () => ({ cmd: 'answer', seconds, perClientPerSec }),
      seconds * 1000 + 30_000,
    );
    return {
      acked: rs.reduce((s, r) => s + r.acked, 0),
      refused: rs.reduce((s, r) => s + r.refused, 0),
      timedOut: rs.reduce((s, r) => s + r.timedOut, 0),
      errors: rs.flatMap((r) => r.errors).slice(0, 5),
      latencies: rs.flatMap((r) => r.latencies),
      elapsedMs: Math.max(...rs.map((r) => r.elapsedMs)),
    };
  }

  async disconnect(): Promise<void> {
    await this.all(() => ({ cmd: 'disconnect' }), 30_000);
  }

  async close(): Promise<void> {
    await this.all(() => ({ cmd: 'exit' }), 10_000).catch(() => undefined);
    for (const p of this.procs) {
      if (p.exitCode === null) {
        p.kill('SIGKILL');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The scenarios, callable without the harness.

/** Holds every candidate connected for `holdSeconds` and reads the server's RSS (from /proc, by pid). */
export async function runConnect(
  target: SessionsLoadTarget,
  serverRss: () => number,
  holdSeconds = 3,
): Promise<{ connected: number; failed: number; connectMs: number; rssMb: number; errors: string[] }> {
  const load = new ExamLoad(target.workers ?? 2);
  try {
    const c = await load.connect(target);
    await new Promise((r) => setTimeout(r, holdSeconds * 1000));
    const rssMb = serverRss() / 1024 / 1024;
    await load.disconnect();
    return { connected: c.connected, failed: c.failed, connectMs: c.ms, rssMb, errors: c.errors };
  } finally {
    await load.close();
  }
}

/** Connects every candidate, then all press 开始答题 within `spreadMs`; every start must deliver the paper. */
export async function runStartStorm(
  target: SessionsLoadTarget,
  spreadMs = 1000,
): Promise<{
  candidates: number;
  connected: number;
  started: number;
  withPaper: number;
  failed: number;
  latency: Latency;
  errors: string[];
}> {
  const load = new ExamLoad(target.workers ?? 2);
  try {
    const c = await load.connect(target);
    const s = await load.start(spreadMs);
    await load.disconnect();
    return {
      candidates: target.candidates.length,
      connected: c.connected,
      started: s.started,
      withPaper: s.withPaper,
      failed: s.failed + c.failed,
      latency: latency(s.latencies),
      errors: [...c.errors, ...s.errors].slice(0, 5),
    };
  } finally {
    await load.close();
  }
}

/** Connects and starts every candidate, then each answers in a closed loop for `seconds`. */
export interface PacedAnswers {
  perClientPerSec: number;
  offeredPerSec: number;
  savesPerSec: number;
  acked: number;
  timedOut: number;
  refused: number;
  latency: Latency;
}

/**
 * Connects and starts every candidate; then each saves one answer per second for `pacedSeconds` (the load of
 * the target: the latency figure), then answers in a closed loop for `seconds` (the limit).
 */
export async function runAnswers(
  target: SessionsLoadTarget,
  seconds = 20,
  pacedSeconds = 8,
): Promise<{
  candidates: number;
  savesPerSec: number;
  acked: number;
  refused: number;
  timedOut: number;
  latency: Latency;
  errors: string[];
  paced: PacedAnswers | null;
}> {
  const load = new ExamLoad(target.workers ?? 2);
  try {
    await load.connect(target);
    await load.start(Math.min(5000, target.candidates.length * 2));
    let paced: PacedAnswers | null = null;
    if (pacedSeconds > 0) {
      const p = await load.answer(pacedSeconds, 1);
      paced = {
        perClientPerSec: 1,
        offeredPerSec: target.candidates.length,
        savesPerSec: p.acked / (p.elapsedMs / 1000),
        acked: p.acked,
        timedOut: p.timedOut,
        refused: p.refused,
        latency: latency(p.latencies),
      };
    }
    const a = await load.answer(seconds);
    await load.disconnect();
    return {
      candidates: target.candidates.length,
      savesPerSec: a.acked / (a.elapsedMs / 1000),
      acked: a.acked,
      refused: a.refused,
      timedOut: a.timedOut,
      latency: latency(a.latencies),
      errors: a.errors,
      paced,
    };
  } finally {
    await load.close();
  }
}

/** What happened to the imports run during runAnswersDuringImport. */
export interface ImportRuns {
  /** Imports that completed inside or across the window, with their durations (ms). */
  durationsMs: number[];
  failed: string[];
  /** Share of the answering window during which an import was running (0–1). */
  coverage: number;
}

/**
 * Connects and starts every candidate; each saves once a second for `seconds` with nothing else going on (the
 * reference), then again for `seconds` while `importOnce` runs back to back (a 50,000-row roster import and,
 * once it is done, re-imports of the same file): the acknowledgement latency a candidate sees while an
 * administrator imports a large roster, beside the same load without it.
 */
export async function runAnswersDuringImport(
  target: SessionsLoadTarget,
  importOnce: () => Promise<void>,
  seconds = 12,
): Promise<{
  candidates: number;
  without: PacedAnswers;
  during: PacedAnswers;
  imports: ImportRuns;
  errors: string[];
}> {
  const load = new ExamLoad(target.workers ?? 2);
  const paced = (p: AnswerResult): PacedAnswers => ({
    perClientPerSec: 1,
    offeredPerSec: target.candidates.length,
    savesPerSec: p.acked / (p.elapsedMs / 1000),
    acked: p.acked,
    timedOut: p.timedOut,
    refused: p.refused,
    latency: latency(p.latencies),
  });
  try {
    await load.connect(target);
    await load.start(Math.min(5000, target.candidates.length * 2));
    const without = await load.answer(seconds, 1);
    // The imports start together with the answering window and follow one another until it ends.
    const imports: ImportRuns = { durationsMs: [], failed: [], coverage: 0 };
    const windowStart = performance.now();
    const windowEnd = windowStart + seconds * 1000;
    let busyMs = 0;
    const importing = (async () => {
      while (performance.now() < windowEnd) {
        const t0 = performance.now();
        try {
          await importOnce();
          imports.durationsMs.push(performance.now() - t0);
        } catch (err) {
          imports.failed.push((err as Error).message.slice(0, 300));
          if (imports.failed.length >= 3) {
            break;
          }
        } finally {
          busyMs += Math.min(performance.now(), windowEnd) - Math.max(t0, windowStart);
        }
      }
    })();
    const during = await load.answer(seconds, 1);
    await importing;
    imports.coverage = Math.min(1, busyMs / (seconds * 1000));
    await load.disconnect();
    return {
      candidates: target.candidates.length,
      without: paced(without),
      during: paced(during),
      imports,
      errors: [...without.errors, ...during.errors].slice(0, 5),
    };
  } finally {
    await load.close();
  }
}

interface LiveRowLite {
  state: string;
  deadline: string | null;
  submittedAt: string | null;
}

/**
 * Moves the sitting's end `leadSeconds` ahead, so that every attempt started now shares it as its deadline;
 * starts every candidate, drops all connections, and watches (as an administrator, through the live view) until
 * every attempt is submitted. Reports how long after the shared deadline the last one was submitted.
 */
export async function runDeadline(
  target: SessionsLoadTarget & { sittingId: number },
  admin: { call<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> },
  leadSeconds = 30,
): Promise<{
  attempts: number;
  submitted: number;
  lastAfterDeadlineMs: number | null;
  deadline: string | null;
  errors: string[];
}> {
  const load = new ExamLoad(target.workers ?? 2);
  try {
    // Connect first (under load that takes a while), then pull the sitting's end close, then start everyone:
    // each attempt's deadline is min(start + duration, window end), the same instant for all.
    const c = await load.connect(target);
    const windowEnd = new Date(Date.now() + leadSeconds * 1000);
    await admin.call('PATCH', `/api/sittings/${target.sittingId}`, { windowEnd: windowEnd.toISOString() });
    const s = await load.start(Math.min(2000, target.candidates.length * 2));
    await load.disconnect();
    const deadline = windowEnd.getTime();
    let rows: LiveRowLite[] = [];
    const giveUp = deadline + 15_000;
    while (Date.now() < giveUp) {
      await new Promise((r) => setTimeout(r, 250));
      if (Date.now() < deadline) {
        continue;
      }
      rows = (await admin.call<{ rows: LiveRowLite[] }>('GET', `/api/sittings/${target.sittingId}/live`))
        .rows;
      const started = rows.filter((r) => r.deadline !== null);
      if (started.length > 0 && started.every((r) => r.state === 'submitted')) {
        break;
      }
    }
    const started = rows.filter((r) => r.deadline !== null);
    const submitted = started.filter((r) => r.state === 'submitted' && r.submittedAt);
    const last = submitted.reduce((mx, r) => Math.max(mx, new Date(r.submittedAt!).getTime()), 0);
    const shared = new Set(started.map((r) => r.deadline));
    return {
      attempts: started.length,
      submitted: submitted.length,
      lastAfterDeadlineMs: submitted.length === started.length && last > 0 ? last - deadline : null,
      deadline: shared.size === 1 ? [...shared][0] : `${shared.size} different deadlines`,
      errors: [...c.errors, ...s.errors].slice(0, 5),
    };
  } finally {
    await load.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The harness's entry points: (ctx) => figures.

function sittingOf(ctx: HarnessContext, role: string): HarnessSitting | null {
  return ctx.campaign?.sittings.find((s) => s.role === role && s.candidates.length > 0) ?? null;
}

function targetOf(
  ctx: HarnessContext,
  sittings: HarnessSitting[],
  limit?: number,
): SessionsLoadTarget | null {
  if (!ctx.app || sittings.length === 0) {
    return null;
  }
  // One access code per sitting: a target is one sitting (the connect scenario runs several).
  const s = sittings[0];
  return {
    baseUrl: ctx.app.url,
    accessCode: s.accessCode,
    candidates: s.candidates.slice(0, limit ?? s.candidates.length),
    workers: 2,
  };
}

const missing = (name: string, unit: string, target: string, why: string): Figure[] => [
  { name, value: null, unit, target, note: why },
];

/** 5,000 candidates held connected on one node; the server's RSS. */
export async function benchConnect(ctx: HarnessContext): Promise<Figure[]> {
  const name = 'connect: server RSS with all candidates connected';
  const sittings = ctx.campaign?.sittings.filter((s) => s.candidates.length > 0) ?? [];
  if (!ctx.app || sittings.length === 0) {
    return missing(name, 'MB', '< 1024', 'no app or no seeded sittings');
  }
  // Every seeded candidate of every sitting, each sitting with its own access code.
  const loads = sittings.map((s) => ({ s, load: new ExamLoad(1) }));
  try {
    const t0 = performance.now();
    const results = await Promise.all(
      loads.map(({ s, load }) =>
        load.connect(
          { baseUrl: ctx.app!.url, accessCode: s.accessCode, candidates: s.candidates },
          ctx.budgetMs / 2,
        ),
      ),
    );
    const connectMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 3000));
    const rssMb = ctx.app.rssBytes() / 1024 / 1024;
    const connected = results.reduce((s, r) => s + r.connected, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    await Promise.all(loads.map(({ load }) => load.disconnect()));
    const errors = results.flatMap((r) => r.errors).slice(0, 3);
    return [
      {
        name: 'connect: candidates connected and holding',
        value: connected,
        unit: 'clients',
        target: '5000',
        note: failed ? `${failed} failed: ${errors.join('; ')}` : undefined,
      },
      { name: 'connect: time to sign in and connect all', value: Math.round(connectMs), unit: 'ms' },
      { name, value: Math.round(rssMb), unit: 'MB', target: '< 1024', baseline: 'socket-rss' },
    ];
  } finally {
    await Promise.all(loads.map(({ load }) => load.close()));
  }
}

/** 1,000 candidates start within one second: all get their paper, p99 < 2 s, no errors. */
export async function benchStartStorm(ctx: HarnessContext): Promise<Figure[]> {
  const s = sittingOf(ctx, 'storm');
  const target = s ? targetOf(ctx, [s]) : null;
  if (!target) {
    return missing('start-storm: p99 start latency', 'ms', '< 2000', 'no app or no storm sitting');
  }
  const r = await runStartStorm(target, 1000);
  ctx.log(
    `start-storm: ${r.started}/${r.candidates} started, ${r.withPaper} with paper, p99 ${r.latency.p99} ms`,
  );
  return [
    {
      name: 'start-storm: candidates who got their paper',
      value: r.withPaper,
      unit: 'clients',
      target: `${r.candidates}`,
    },
    {
      name: 'start-storm: p99 start latency',
      value: r.latency.p99,
      unit: 'ms',
      target: '< 2000',
      note: `p50 ${r.latency.p50} ms, max ${r.latency.max} ms`,
    },
    {
      name: 'start-storm: errors',
      value: r.failed,
      unit: 'errors',
      target: '0',
      note: r.errors.join('; ') || undefined,
    },
  ];
}

/** 2,000 candidates answering: durable acknowledged saves/s and p99. */
export async function benchAnswers(ctx: HarnessContext): Promise<Figure[]> {
  const s = sittingOf(ctx, 'answers');
  const target = s ? targetOf(ctx, [s]) : null;
  if (!target) {
    return missing('answers: durable acknowledged saves/s', '/s', '≥ 2000', 'no app or no answers sitting');
  }
  const seconds = Math.max(5, Math.min(15, Math.floor(ctx.budgetMs / 1000) - 55));
  const r = await runAnswers(target, seconds, 8);
  ctx.log(
    `answers: ${Math.round(r.savesPerSec)}/s acknowledged, p99 ${r.latency.p99} ms, ${r.refused} refused, ${r.timedOut} timed out`,
  );
  const figures: Figure[] = [];
  const p = r.paced;
  if (p) {
    figures.push(
      {
        name: `answers: durable acknowledged saves/s, ${r.candidates} candidates saving once a second each`,
        value: Math.round(p.savesPerSec),
        unit: '/s',
        target: '≥ 2000',
        baseline: 'socket-acks-paced',
        note: `offered ${p.offeredPerSec}/s; ${p.refused} refused, ${p.timedOut} timed out`,
      },
      {
        name: 'answers: p99 acknowledgement latency at that load',
        value: p.latency.p99,
        unit: 'ms',
        target: '< 100',
        baseline: 'socket-p99-paced',
        note: `p50 ${p.latency.p50} ms, max ${p.latency.max} ms`,
      },
    );
  }
  figures.push(
    {
      name: `answers: the limit, durable acknowledged saves/s (${r.candidates} candidates, closed loop)`,
      value: Math.round(r.savesPerSec),
      unit: '/s',
      target: 'ratio ≥ 0.7',
      baseline: 'socket-acks',
      note: `${r.refused} refused, ${r.timedOut} timed out${r.errors.length ? `: ${r.errors.join('; ')}` : ''}`,
    },
    {
      name: 'answers: the limit, p99 acknowledgement latency (closed loop)',
      value: r.latency.p99,
      unit: 'ms',
      baseline: 'socket-acks-p99',
      note: `p50 ${r.latency.p50} ms`,
    },
  );
  return figures;
}

/** 1,000 attempts sharing one deadline, browsers gone: all submitted within 5 s of it. */
export async function benchDeadline(ctx: HarnessContext): Promise<Figure[]> {
  const s = sittingOf(ctx, 'deadline');
  const target = s ? targetOf(ctx, [s]) : null;
  if (!target || !ctx.admin || !s) {
    return missing(
      'deadline: last submission after the shared deadline',
      'ms',
      '< 5000',
      'no app or no deadline sitting',
    );
  }
  const lead = Math.max(15, Math.min(40, Math.ceil(s.candidates.length / 50) + 10));
  const r = await runDeadline({ ...target, sittingId: s.id }, ctx.admin, lead);
  ctx.log(
    `deadline: ${r.submitted}/${r.attempts} submitted; last ${r.lastAfterDeadlineMs} ms after ${r.deadline}`,
  );
  return [
    {
      name: 'deadline: attempts submitted automatically',
      value: r.submitted,
      unit: 'attempts',
      target: `${r.attempts}`,
    },
    {
      name: 'deadline: last submission after the shared deadline',
      value: r.lastAfterDeadlineMs,
      unit: 'ms',
      target: '< 5000',
      note:
        (r.errors.length ? `start errors: ${r.errors.join('; ')}; ` : '') +
        (r.lastAfterDeadlineMs === null
          ? `not all submitted within 15 s (${r.submitted}/${r.attempts})`
          : `deadline ${r.deadline}`),
    },
  ];
}

/** Rows of the roster imported during the answers (issue 14: "while a 50,000-row roster is being imported"). */
export const IMPORT_LOAD_ROWS = 50_000;

/**
 * Answer acknowledgement p99 while a 50,000-row roster is imported through the API, beside the same paced load
 * without the import (ratio = during ÷ without). Runs on the answers sitting (its candidates are connected and
 * started again; their attempts are already running).
 */
export async function benchImportLoad(ctx: HarnessContext): Promise<Figure[]> {
  const name = 'import-load: p99 acknowledgement while a 50,000-row roster is imported';
  const s = sittingOf(ctx, 'answers');
  const target = s ? targetOf(ctx, [s]) : null;
  if (!target || !ctx.admin) {
    return missing(name, 'ms', '', 'no app or no answers sitting');
  }
  const admin = ctx.admin;
  // The roster: fictional agencies of their own (another seed), 50,000 technicians, every discipline.
  const { generateFictionalRoster } = await import('../../../src/roster/fictional-roster');
  const { buildRosterWorkbook } = await import('../../../src/roster/roster-workbook');
  const { DEFAULT_DISCIPLINES } = await import('../../../src/config/disciplines');
  const roster = generateFictionalRoster({ agencies: 1050, perAgency: [45, 55], seed: 20261401 });
  roster.technicians = roster.technicians.slice(0, IMPORT_LOAD_ROWS);
  const agencyCodes = new Set(roster.technicians.map((t) => t.agencyCode));
  roster.agencies = roster.agencies.filter((a) => agencyCodes.has(a.code));
  const counties = await admin.call<string[]>('GET', '/api/roster/counties');
  const workbook = await buildRosterWorkbook(
    { counties, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) },
    roster,
  );
  const body = { file: workbook.toString('base64'), fileName: 'bench-roster-50000.xlsx' };
  ctx.log(
    `import-load: ${roster.technicians.length} technicians in ${roster.agencies.length} agencies (${Math.round(workbook.length / 1024)} KB); answering ${target.candidates.length} candidates`,
  );
  const results: Array<{ changed: boolean; created: number; unchanged: number }> = [];
  const importOnce = async () => {
    const r = await admin.call<{ changed: boolean; technicians: { created: number; unchanged: number } }>(
      'POST',
      '/api/roster/import',
      body,
      Math.max(60_000, ctx.budgetMs - 20_000),
    );
    results.push({ changed: r.changed, created: r.technicians.created, unchanged: r.technicians.unchanged });
  };
  const seconds = Math.max(8, Math.min(20, Math.floor((ctx.budgetMs / 1000 - 40) / 2)));
  const r = await runAnswersDuringImport(target, importOnce, seconds);
  const first = r.imports.durationsMs[0];
  const again = r.imports.durationsMs.slice(1);
  ctx.log(
    `import-load: p99 ${r.during.latency.p99} ms during the import(s), ${r.without.latency.p99} ms without; ${r.imports.durationsMs.length} import(s), coverage ${Math.round(r.imports.coverage * 100)}%`,
  );
  const lost = (p: PacedAnswers) => `${p.refused} refused, ${p.timedOut} timed out`;
  return [
    {
      name,
      value: r.during.latency.p99,
      unit: 'ms',
      bare: r.without.latency.p99,
      bareLabel: `the same ${r.candidates} candidates saving once a second, no import`,
      note:
        `p50 ${r.during.latency.p50} ms, max ${r.during.latency.max} ms; ${Math.round(r.during.savesPerSec)} saves/s acknowledged, ${lost(r.during)}; ` +
        `an import ran during ${Math.round(r.imports.coverage * 100)}% of the ${seconds} s window` +
        (r.imports.failed.length ? `; import failures: ${r.imports.failed.join(' | ')}` : ''),
    },
    {
      name: 'import-load: p99 acknowledgement, same load without the import',
      value: r.without.latency.p99,
      unit: 'ms',
      note: `p50 ${r.without.latency.p50} ms, max ${r.without.latency.max} ms; ${Math.round(r.without.savesPerSec)} saves/s acknowledged, ${lost(r.without)}`,
    },
    {
      name: `import-load: ${IMPORT_LOAD_ROWS.toLocaleString('en-US')}-row roster import via API, first (creating every row)`,
      value: first === undefined ? null : Math.round(first),
      unit: 'ms',
      note:
        first === undefined
          ? `did not finish: ${r.imports.failed.join(' | ') || 'out of time'}`
          : `created ${results[0]?.created ?? '?'} technicians, while ${r.candidates} candidates answered`,
    },
    ...(again.length > 0
      ? [
          {
            name: `import-load: re-import of the same ${IMPORT_LOAD_ROWS.toLocaleString('en-US')} rows (nothing to change)`,
            value: Math.round(again.reduce((a, b) => a + b, 0) / again.length),
            unit: 'ms',
            note: `mean of ${again.length}; changed: ${results
              .slice(1)
              .map((x) => x.changed)
              .join(', ')}`,
          },
        ]
      : []),
  ];
}
