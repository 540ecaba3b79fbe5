import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { rssBytes } from './processes';
import type { ParentToWorker, SocketLoadInput, SocketPhaseResult, WorkerToParent } from './socket-load.types';

/*
 * A socket.io load generator process: opens one real socket.io-client connection per token (websocket
 * transport, as candidates' browsers do), waits for the server's first `exam.state`, reports how many connected,
 * waits for the parent's "go" (so that several workers run their phases together), runs the phases and
 * reports. Works against the app's /exam namespace and against the bare server alike: answers go to the
 * questions of the paper in the first state when there is one, else to question ids 1–85.
 */

interface Question {
  questionId: number;
  type: string;
}

interface Client {
  socket: Socket;
  questions: Question[];
  next: number;
  revision: number;
}

const send = (m: WorkerToParent) => process.send?.(m);

function questionsOf(state: unknown): Question[] {
  const paper = (state as { paper?: { sections?: Array<{ questions?: Question[] }> } } | null)?.paper;
  const qs = (paper?.sections ?? []).flatMap((s) => s.questions ?? []);
  if (qs.length > 0) {
    return qs.map((q) => ({ questionId: q.questionId, type: q.type }));
  }
  return Array.from({ length: 85 }, (_, i) => ({
    questionId: i + 1,
    type: i < 20 ? 'judge' : i < 70 ? 'single' : 'multiple',
  }));
}

function responseFor(type: string, revision: number): unknown {
  switch (type) {
    case 'judge':
      return revision % 2 === 0;
    case 'multiple':
      return revision % 2 === 0 ? ['A', 'C'] : ['B', 'D'];
    default:
      return 'ABCD'[revision % 4];
  }
}

async function connectAll(
  input: SocketLoadInput,
  errors: string[],
): Promise<{ clients: Client[]; ms: number; failed: number }> {
  const clients: Client[] = [];
  let failed = 0;
  const started = performance.now();
  let index = 0;
  const one = (token: string) =>
    new Promise<void>((resolve) => {
      const socket = io(`${input.url}${input.namespace}`, {
        transports: ['websocket'],
        auth: { token },
        forceNew: true,
        reconnection: false,
        timeout: input.connectTimeoutMs,
      });
      const timer = setTimeout(
        () => fail('no exam.state before the connect timeout'),
        input.connectTimeoutMs,
      );
      function fail(why: string) {
        clearTimeout(timer);
        failed++;
        if (errors.length < 10) {
          errors.push(`connect: ${why}`);
        }
        socket.disconnect();
        resolve();
      }
      socket.once('exam.state', (state: unknown) => {
        clearTimeout(timer);
        clients.push({ socket, questions: questionsOf(state), next: 0, revision: 0 });
        resolve();
      });
      socket.once('exam.error', (e: { code?: string }) => fail(`exam.error ${e?.code ?? ''}`));
      socket.once('connect_error', (e: Error) => fail(`connect_error ${e.message}`));
    });
  const lanes = Array.from({ length: Math.max(1, input.connectConcurrency) }, async () => {
    while (index < input.tokens.length) {
      await one(input.tokens[index++]);
    }
  });
  await Promise.all(lanes);
  return { clients, ms: Math.round(performance.now() - started), failed };
}

function emitOne(
  c: Client,
  input: SocketLoadInput,
  r: SocketPhaseResult,
  errors: string[],
  end: number,
  onDone?: () => void,
): void {
  const q = c.questions[c.next++ % c.questions.length];
  c.revision++;
  const t0 = performance.now();
  r.sent++;
  c.socket
    .timeout(input.ackTimeoutMs)
    .emit(
      input.event,
      { questionId: q.questionId, response: responseFor(q.type, c.revision), revision: c.revision },
      (err: Error | null, ack: { ok?: boolean; code?: string } | undefined) => {
        if (err) {
          r.timedOut++;
        } else if (ack?.ok === true) {
          r.acked++;
          const now = performance.now();
          if (now <= end) {
            r.ackedInWindow++;
          }
          r.latencies.push(now - t0);
        } else {
          r.refused++;
          if (errors.length < 10) {
            errors.push(`refused: ${ack?.code ?? JSON.stringify(ack).slice(0, 120)}`);
          }
        }
        onDone?.();
      },
    );
}

async function runPhases(
  input: SocketLoadInput,
  clients: Client[],
  errors: string[],
): Promise<SocketPhaseResult[]> {
  const results: SocketPhaseResult[] = [];
  for (const phase of input.phases) {
    const r: SocketPhaseResult = {
      kind: phase.kind,
      seconds: phase.seconds,
      offeredPerSec: phase.kind === 'paced' ? phase.perClientPerSec * clients.length : 0,
      sent: 0,
      acked: 0,
      ackedInWindow: 0,
      refused: 0,
      timedOut: 0,
      latencies: [],
      connectedAtEnd: 0,
      elapsedMs: 0,
    };
    const t0 = performance.now();
    const end = t0 + phase.seconds * 1000;
    switch (phase.kind) {
      case 'hold':
        await new Promise((res) => setTimeout(res, phase.seconds * 1000));
        r.serverRssBytes = rssBytes(input.serverPid);
        break;
      case 'closed': {
        let inFlight = 0;
        await new Promise<void>((resolve) => {
          const loop = (c: Client) => {
            if (performance.now() >= end) {
              if (--inFlight === 0) {
                resolve();
              }
              return;
            }
            emitOne(c, input, r, errors, end, () => loop(c));
          };
          for (const c of clients) {
            inFlight++;
            emitOne(c, input, r, errors, end, () => loop(c));
          }
          if (clients.length === 0) {
            resolve();
          }
          // Bound: never wait past the phase plus one acknowledgement timeout.
          setTimeout(resolve, phase.seconds * 1000 + input.ackTimeoutMs + 500);
        });
        break;
      }
      case 'paced': {
        const rate = r.offeredPerSec / 1000;
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            const now = performance.now();
            const due = Math.floor((Math.min(now, end) - t0) * rate);
            while (r.sent < due && clients.length > 0) {
              emitOne(clients[r.sent % clients.length], input, r, errors, end);
            }
            if (now >= end) {
              clearInterval(timer);
              resolve();
            }
          }, 5);
        });
        // Let the last acknowledgements arrive (bounded by the acknowledgement timeout).
        const settleEnd = performance.now() + input.ackTimeoutMs + 200;
        while (r.acked + r.refused + r.timedOut < r.sent && performance.now() < settleEnd) {
          await new Promise((res) => setTimeout(res, 20));
        }
        break;
      }
    }
    r.elapsedMs = Math.round(Math.min(performance.now(), phase.kind === 'hold' ? Infinity : end) - t0);
    r.connectedAtEnd = clients.filter((c) => c.socket.connected).length;
    results.push(r);
  }
  return results;
}

process.on('message', (m: ParentToWorker) => {
  if (m.type !== 'start') {
    return;
  }
  const input = m.input;
  const errors: string[] = [];
  void (async () => {
    try {
      const { clients, ms, failed } = await connectAll(input, errors);
      send({
        type: 'connected',
        connected: clients.length,
        connectFailed: failed,
        connectMs: ms,
        errors: [...errors],
      });
      await new Promise<void>((resolve) => {
        const onGo = (g: ParentToWorker) => {
          if (g.type === 'go') {
            process.off('message', onGo);
            resolve();
          }
        };
        process.on('message', onGo);
      });
      const phases = await runPhases(input, clients, errors);
      const loadgenRssBytes = process.memoryUsage().rss;
      for (const c of clients) {
        c.socket.disconnect();
      }
      send({
        type: 'done',
        result: {
          clients: input.tokens.length,
          connected: clients.length,
          connectFailed: failed,
          connectMs: ms,
          errors,
          phases,
          loadgenRssBytes,
        },
      });
    } catch (err) {
      send({ type: 'error', error: (err as Error)?.stack ?? String(err) });
    }
  })();
});
