/**
 * The proctor's side: a live view of a sitting over socket.io (namespace /proctor, room per sitting) and the
 * actions, each with a written reason. The same view and actions exist over HTTP; without the socket the
 * console polls the snapshot. Shapes mirror src/proctoring/live-row.ts and proctor-socket.types.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { watchRetryDelay, type NodeClock } from '@/lib/live-status';
import { http } from './http';
import type { CandidateState } from './sittings';

/** One candidate as the live console shows them. */
export interface LiveCandidate {
  sittingCandidateId: number;
  seat: number;
  ticketNumber: string;
  name: string;
  maskedIdNumber: string;
  agencyName: string;
  discipline: string;
  state: CandidateState;
  stateName: string;
  admittedAt: string | null;
  /** Present in snapshots and connection updates only. */
  connected?: boolean;
  /** In progress and the server saw the last socket go without one coming back: since when (ISO). */
  disconnectedAt?: string | null;
  /** A sign-in from another device waiting for 准许再次入场. */
  relogin?: { requestId: number; at: string; ip: string | null } | null;
  attemptId: number | null;
  startedAt: string | null;
  deadline: string | null;
  submittedAt: string | null;
  submitReason: string | null;
  voidReason: string | null;
  answeredCount: number;
  questionCount: number | null;
  eventCounts: Record<string, number>;
  flagged: boolean;
  /** Still in progress well after the deadline when the row was read (the page also works it out live). */
  overdue?: boolean;
  lastEvent: { kind: string; name: string; source: string; at: string; reason: string | null } | null;
}

export interface ProctoringEvent {
  id: number;
  sittingCandidateId: number;
  kind: string;
  name: string;
  source: 'candidate' | 'system' | 'proctor';
  actorId: number | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export interface SittingSnapshot {
  serverTime: string;
  sittingId: number;
  rows: LiveCandidate[];
  /** Newest first. */
  events: ProctoringEvent[];
  /** Part of the view could not be read (e.g. who is connected): shown with the reasons. */
  partial?: boolean;
  reasons?: string[];
  /** The clock of the node that built the snapshot, compared with the database's. */
  clock?: NodeClock & { rttMs: number | null };
  /** Attempt ids past their deadline and not yet submitted. */
  overdue?: number[];
}

/** A node announcing that its clock is out of bound (or back within it). */
export type NodeClockMessage = NodeClock & { serverTime: string };

export type ProctorAction =
  'admit' | 'warn' | 'extend' | 'force-submit' | 'void' | 'readmit' | 'admit-relogin';

/** 核验身份: the full ID number (each view audited) and the roster's photo, if it had one. */
export interface IdentityCheck {
  sittingCandidateId: number;
  seat: number;
  name: string;
  idNumber: string;
  ticketNumber: string;
  agencyName: string;
  discipline: string;
  /** A data URL; null: the roster keeps no photo. */
  photo: string | null;
  photoNote: string | null;
}

export interface ActionInput {
  reason: string;
  /** warn: the text shown to the candidate (default: the reason) */
  message?: string;
  /** extend, readmit: seconds added */
  seconds?: number;
}

const s = (sittingId: number) => `/api/sittings/${sittingId}`;

export const proctoringApi = {
  snapshot: (sittingId: number) => http.get<SittingSnapshot>(`${s(sittingId)}/live`),
  /** One page of the log, newest first (at most 200); the next page: beforeId = the last id returned. */
  events: (sittingId: number, beforeId?: number, limit?: number, candidateId?: number) =>
    http.get<ProctoringEvent[]>(`${s(sittingId)}/events`, { query: { beforeId, limit, candidateId } }),
  /** Reports refused for exceeding the per-minute limit, per candidate (only those with any). */
  dropped: (sittingId: number) =>
    http.get<Array<{ sittingCandidateId: number; dropped: number }>>(`${s(sittingId)}/events/dropped`),
  act: (sittingId: number, candidateId: number, action: ProctorAction, input: ActionInput) =>
    http.post<LiveCandidate>(`${s(sittingId)}/candidates/${candidateId}/actions`, { action, ...input }),
  identity: (sittingId: number, candidateId: number) =>
    http.get<IdentityCheck>(`${s(sittingId)}/candidates/${candidateId}/identity`),
  admitAll: (sittingId: number, reason: string, includeNotLoggedIn = false) =>
    http.post<{ admitted: number }>(`${s(sittingId)}/admit-all`, { reason, includeNotLoggedIn }),
};

/** Whole rows, or only what changed of a row (its progress, its connection). */
type RowUpdate = LiveCandidate | (Partial<LiveCandidate> & Pick<LiveCandidate, 'sittingCandidateId'>);
type Failure = { ok: false; serverTime: string; code: string; message: string };

interface ServerToClient {
  'sitting.rows': (m: { sittingId: number; rows: RowUpdate[]; serverTime: string }) => void;
  'sitting.events': (m: { sittingId: number; events: ProctoringEvent[]; serverTime: string }) => void;
  'proctor.error': (m: { serverTime: string; code: string; message: string }) => void;
  'proctor.clock': (m: NodeClockMessage) => void;
}

interface ClientToServer {
  'sitting.watch': (
    m: { sittingId: number },
    ack: (r: ({ ok: true; serverTime: string } & { snapshot: SittingSnapshot }) | Failure) => void,
  ) => void;
  'sitting.unwatch': (m: { sittingId: number }, ack?: (r: { ok: true } | Failure) => void) => void;
}

export interface ProctorHandlers {
  snapshot: (s: SittingSnapshot) => void;
  rows: (rows: RowUpdate[], serverTime: string) => void;
  events: (events: ProctoringEvent[]) => void;
  connection: (connected: boolean) => void;
  error: (message: string) => void;
  /** The watch failed (`retryInMs` until the next try) or, with null, succeeded again. */
  interrupted: (failure: { message: string; failures: number; retryInMs: number } | null) => void;
  clock: (m: NodeClockMessage) => void;
}

/** How long a watch may go unanswered before it counts as failed. */
const WATCH_TIMEOUT_MS = 10_000;

/**
 * The live view of one sitting; rejoins the room (and gets a fresh snapshot) after every reconnection, and
 * after a failed watch tries again with a growing wait (1 s, 2 s, 4 s … 15 s) until it succeeds: a console is
 * never left connected but silent.
 */
export class ProctorConnection {
  private readonly socket: Socket<ServerToClient, ClientToServer>;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  /** `token` is asked again at every reconnection, so a renewed token is the one presented. */
  constructor(
    token: () => string | null,
    private readonly sittingId: number,
    on: ProctorHandlers,
  ) {
    this.socket = io('/proctor', {
      transports: ['websocket'],
      auth: (cb) => cb({ token: token() }),
      reconnectionDelayMax: 4000,
    });
    const watch = (): void => {
      this.clearRetry();
      if (this.closed || !this.socket.connected) {
        return;
      }
      this.socket
        .timeout(WATCH_TIMEOUT_MS)
        .emit('sitting.watch', { sittingId: this.sittingId }, (err: Error | null, r) => {
          if (this.closed) {
            return;
          }
          if (!err && r.ok) {
            if (this.failures > 0) {
              on.interrupted(null);
            }
            this.failures = 0;
            on.snapshot(r.snapshot);
            return;
          }
          this.failures++;
          const retryInMs = watchRetryDelay(this.failures);
          on.interrupted({
            message: err ? '监考服务器未响应' : r.ok ? '' : r.message,
            failures: this.failures,
            retryInMs,
          });
          this.retry = setTimeout(watch, retryInMs);
        });
    };
    this.socket.on('connect', () => {
      on.connection(true);
      watch();
    });
    this.socket.on('disconnect', () => {
      this.clearRetry();
      on.connection(false);
    });
    this.socket.on('connect_error', () => on.connection(false));
    this.socket.on('sitting.rows', (m) => {
      if (m.sittingId === this.sittingId) {
        on.rows(m.rows, m.serverTime);
      }
    });
    this.socket.on('sitting.events', (m) => {
      if (m.sittingId === this.sittingId) {
        on.events(m.events);
      }
    });
    this.socket.on('proctor.error', (m) => on.error(m.message));
    this.socket.on('proctor.clock', (m) => on.clock(m));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  private clearRetry(): void {
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
    }
  }

  close(): void {
    this.closed = true;
    this.clearRetry();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
