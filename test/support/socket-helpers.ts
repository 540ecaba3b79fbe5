import { io, Socket } from 'socket.io-client';
import type {
  ExamClientToServerEvents,
  ExamServerToClientEvents,
  ExamState,
} from '../../src/sessions/exam-socket.types';
import type {
  ProctorClientToServerEvents,
  ProctorServerToClientEvents,
} from '../../src/proctoring/proctor-socket.types';

export type ExamClient = Socket<ExamServerToClientEvents, ExamClientToServerEvents>;
export type ProctorClient = Socket<ProctorServerToClientEvents, ProctorClientToServerEvents>;

/** Everything a socket received, in order (event name and arguments). */
export interface Received {
  event: string;
  args: unknown[];
}

export interface Recorded<S> {
  socket: S;
  received: Received[];
  /** Resolves with the first (or next, after `from`) received event of that name matching `match`. */
  next: (event: string, match?: (payload: never) => boolean, timeoutMs?: number) => Promise<unknown>;
  close: () => void;
}

function record<S extends Socket>(socket: S): Recorded<S> {
  const received: Received[] = [];
  const waiters: Array<{
    event: string;
    match: (p: never) => boolean;
    resolve: (p: unknown) => void;
    from: number;
  }> = [];
  socket.onAny((event: string, ...args: unknown[]) => {
    received.push({ event, args });
    for (const w of [...waiters]) {
      if (w.event === event && w.match(args[0] as never)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(args[0]);
      }
    }
  });
  const next = (
    event: string,
    match: (p: never) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching "${event}" within ${timeoutMs} ms; got: ${received
                .map((r) =>
                  r.event === event ? `${r.event} ${JSON.stringify(r.args[0]).slice(0, 600)}` : r.event,
                )
                .join('\n')}`,
            ),
          ),
        timeoutMs,
      );
      // A waiter that loses a race must not keep the test process alive.
      timer.unref();
      waiters.push({
        event,
        match,
        from: received.length,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  return { socket, received, next, close: () => void socket.disconnect() };
}

/**
 * A candidate's socket (websocket only, no automatic reconnection so that tests decide), recording every
 * event; resolves once the server sent the first state (or an error).
 */
export async function connectExam(
  baseUrl: string,
  token: string,
): Promise<
  Recorded<ExamClient> & { state: ExamState | null; error: { code: string; message: string } | null }
> {
  const socket: ExamClient = io(`${baseUrl}/exam`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
  });
  const rec = record(socket);
  const first = await Promise.race([
    rec.next('exam.state').then((s) => ({ state: s as ExamState, error: null })),
    rec.next('exam.error').then((e) => ({ state: null, error: e as { code: string; message: string } })),
  ]);
  return { ...rec, ...first };
}

export async function connectProctor(
  baseUrl: string,
  token: string,
): Promise<Recorded<ProctorClient> & { error: { code: string } | null }> {
  const socket: ProctorClient = io(`${baseUrl}/proctor`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
  });
  const rec = record(socket);
  const error = await Promise.race([
    new Promise<null>((resolve, reject) => {
      socket.once('connect', () => setTimeout(() => resolve(null), 50));
      socket.once('connect_error', reject);
    }),
    rec.next('proctor.error').then((e) => e as { code: string }),
  ]);
  return { ...rec, error };
}

/** Emits with an acknowledgement, failing after `timeoutMs`. */
export function ask<T>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>;
}

/** Resolves when the socket is disconnected (with the reason). */
export function disconnected(socket: Socket, timeoutMs = 5000): Promise<string> {
  if (socket.disconnected) {
    return Promise.resolve('already');
  }
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    t.unref();
    socket.once('disconnect', (reason) => {
      clearTimeout(t);
      resolve(reason);
    });
  });
}

/** Polls until `check` returns a value (not undefined/false), failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const FORBIDDEN =
  /^(key|keys|answer|answers|answerKey|correct|correctAnswer|isCorrect|basis|explanation|analysis)$/i;

/** Paths of every property in `value` whose name could carry a key, a basis or an explanation. */
export function keyLikeFields(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => keyLikeFields(v, `${path}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(FORBIDDEN.test(k) ? [`${path}.${k}`] : []),
      ...keyLikeFields(v, `${path}.${k}`),
    ]);
  }
  return [];
}

/** A JSON request against a listening server (in process or a child). */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON (e.g. the tickets page) */
  }
  return { status: res.status, body: parsed as T, text };
}

export async function staffLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await api<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', { username, password });
  if (r.status !== 200) {
    throw new Error(`login ${username}: ${r.status} ${r.text}`);
  }
  return r.body.accessToken;
}

export async function createProctor(
  baseUrl: string,
  adminToken: string,
  username: string,
): Promise<{ id: number; token: string }> {
  const r = await api<{ id: number }>(
    baseUrl,
    'POST',
    '/api/users',
    { username, displayName: `监考${username}`, role: 'proctor', password: 'proctor-pass-1' },
    adminToken,
  );
  if (r.status !== 201) {
    throw new Error(`create proctor: ${r.status} ${r.text}`);
  }
  return { id: r.body.id, token: await staffLogin(baseUrl, username, 'proctor-pass-1') };
}

export interface SeededCandidate {
  id: number;
  technicianId: number;
  ticketNumber: string;
}

export interface SeededSitting {
  sittingId: number;
  accessCode: string;
  candidates: SeededCandidate[];
}

/**
 * Creates a sitting of a synthetic campaign (SESSIONS_SIMPLE_SOURCES=true on the server) whose window is
 * open now, places every drawn technician in it and reveals the access code.
 */
export async function seedSitting(
  baseUrl: string,
  adminToken: string,
  opts: {
    campaignId: number;
    durationSeconds: number;
    proctorIds?: number[];
    windowSeconds?: number;
    capacity?: number;
  },
): Promise<SeededSitting> {
  const now = Date.now();
  const created = await api<{ id: number }>(
    baseUrl,
    'POST',
    '/api/sittings',
    {
      campaignId: opts.campaignId,
      name: `测试场次 ${opts.campaignId}`,
      mode: 'room',
      location: '市应急管理局 301 室',
      windowStart: new Date(now - 1000).toISOString(),
      windowEnd: new Date(now + (opts.windowSeconds ?? 3600) * 1000).toISOString(),
      durationSeconds: opts.durationSeconds,
      lateEntrySeconds: 3600,
      capacity: opts.capacity ?? 10_000,
      proctorIds: opts.proctorIds ?? [],
    },
    adminToken,
  );
  if (created.status !== 201) {
    throw new Error(`create sitting: ${created.status} ${created.text}`);
  }
  const sittingId = created.body.id;
  const assigned = await api<{ candidates: SeededCandidate[] }>(
    baseUrl,
    'POST',
    `/api/sittings/${sittingId}/candidates`,
    { all: true },
    adminToken,
  );
  if (assigned.status !== 201) {
    throw new Error(`assign: ${assigned.status} ${assigned.text}`);
  }
  const code = await api<{ accessCode: string }>(
    baseUrl,
    'POST',
    `/api/sittings/${sittingId}/access-code/reveal`,
    undefined,
    adminToken,
  );
  return {
    sittingId,
    accessCode: code.body.accessCode,
    candidates: assigned.body.candidates.map((c) => ({
      id: c.id,
      technicianId: c.technicianId,
      ticketNumber: c.ticketNumber,
    })),
  };
}

export async function candidateLogin(
  baseUrl: string,
  ticketNumber: string,
  idNumber: string,
  accessCode: string,
): Promise<{ status: number; token: string; state: ExamState; body: unknown }> {
  const r = await api<{ accessToken: string; state: ExamState }>(baseUrl, 'POST', '/api/exam/login', {
    ticketNumber,
    idNumber,
    accessCode,
  });
  return { status: r.status, token: r.body?.accessToken, state: r.body?.state, body: r.body };
}
