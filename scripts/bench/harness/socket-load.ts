import { fork } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, stopChild, track } from './processes';
import { LatencySummary, summarise } from './stats';
import type {
  ParentToWorker,
  SocketLoadInput,
  SocketLoadPhase,
  SocketLoadResult,
  WorkerToParent,
} from './socket-load.types';

export type { SocketLoadInput, SocketLoadPhase } from './socket-load.types';

export interface SocketLoadPhaseSummary {
  kind: SocketLoadPhase['kind'];
  seconds: number;
  offeredPerSec: number;
  sent: number;
  acked: number;
  refused: number;
  timedOut: number;
  /** Acknowledged messages per second over the phase. */
  ackedPerSec: number;
  latency: LatencySummary;
  serverRssBytes?: number;
  connectedAtEnd: number;
}

export interface SocketLoadSummary {
  clients: number;
  connected: number;
  connectFailed: number;
  connectMs: number;
  errors: string[];
  phases: SocketLoadPhaseSummary[];
  loadgenRssBytes: number;
  workers: number;
}

/**
 * Runs socket.io-client load from `workers` separate Node processes (never from the harness or the server
 * process): the tokens are split between them, every worker connects its share, then all run the phases
 * together. Everything is bounded: connecting by `connectTimeoutMs` per client, each phase by its length plus
 * the acknowledgement timeout, the whole run by `timeoutMs`.
 */
export async function runSocketLoad(
  input: Omit<SocketLoadInput, 'tokens'> & { tokens: string[] },
  opts: { workers?: number; timeoutMs: number },
): Promise<SocketLoadSummary> {
  const workers = Math.max(1, Math.min(opts.workers ?? 1, input.tokens.length || 1));
  const shares = Array.from({ length: workers }, (_, w) => input.tokens.filter((_, i) => i % workers === w));
  const procs = shares.map(() =>
    track(
      fork(join(__dirname, 'socket-load.worker.ts'), [], {
        cwd: REPO_ROOT,
        execArgv: ['-r', '@swc-node/register'],
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    ),
  );
  const deadline = setTimeout(() => procs.forEach((p) => void stopChild(p, 500)), opts.timeoutMs);
  try {
    const next = (p: (typeof procs)[number], type: WorkerToParent['type']) =>
      new Promise<WorkerToParent>((resolve, reject) => {
        const onMsg = (m: WorkerToParent) => {
          if (m.type === type || m.type === 'error') {
            p.off('message', onMsg);
            p.off('exit', onExit);
            if (m.type === 'error') {
              reject(new Error(`socket load worker: ${m.error}`));
            } else {
              resolve(m);
            }
          }
        };
        const onExit = (code: number | null) => {
          p.off('message', onMsg);
          reject(new Error(`socket load worker exited (${code}) before "${type}"`));
        };
        p.on('message', onMsg);
        p.once('exit', onExit);
      });
    const connected = procs.map((p) => next(p, 'connected'));
    procs.forEach((p, i) =>
      p.send({ type: 'start', input: { ...input, tokens: shares[i] } } satisfies ParentToWorker),
    );
    await Promise.all(connected);
    const done = procs.map((p) => next(p, 'done'));
    procs.forEach((p) => p.send({ type: 'go' } satisfies ParentToWorker));
    const results = (await Promise.all(done)).map((m) => (m as { result: SocketLoadResult }).result);
    return merge(results);
  } finally {
    clearTimeout(deadline);
    await Promise.all(procs.map((p) => stopChild(p, 1000)));
  }
}

function merge(results: SocketLoadResult[]): SocketLoadSummary {
  const first = results[0];
  const phases = first.phases.map((ph, i) => {
    const all = results.map((r) => r.phases[i]);
    const latencies = all.flatMap((p) => p.latencies);
    const acked = all.reduce((s, p) => s + p.acked, 0);
    const inWindow = all.reduce((s, p) => s + p.ackedInWindow, 0);
    const elapsed = Math.max(...all.map((p) => p.elapsedMs)) || ph.seconds * 1000;
    return {
      kind: ph.kind,
      seconds: ph.seconds,
      offeredPerSec: all.reduce((s, p) => s + p.offeredPerSec, 0),
      sent: all.reduce((s, p) => s + p.sent, 0),
      acked,
      refused: all.reduce((s, p) => s + p.refused, 0),
      timedOut: all.reduce((s, p) => s + p.timedOut, 0),
      ackedPerSec: Math.round((inWindow * 1000) / elapsed),
      latency: summarise(latencies),
      serverRssBytes: all.find((p) => p.serverRssBytes !== undefined)?.serverRssBytes,
      connectedAtEnd: all.reduce((s, p) => s + p.connectedAtEnd, 0),
    };
  });
  return {
    clients: results.reduce((s, r) => s + r.clients, 0),
    connected: results.reduce((s, r) => s + r.connected, 0),
    connectFailed: results.reduce((s, r) => s + r.connectFailed, 0),
    connectMs: Math.max(...results.map((r) => r.connectMs)),
    errors: results.flatMap((r) => r.errors).slice(0, 10),
    phases,
    loadgenRssBytes: results.reduce((s, r) => s + r.loadgenRssBytes, 0),
    workers: results.length,
  };
}
