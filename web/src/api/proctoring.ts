/**
 * The proctor's side: a live view of a sitting over socket.io (namespace /proctor, room per sitting) and the
 * actions, each with a written reason. The same view and actions exist over HTTP; without the socket the
 * console polls the snapshot. Shapes mirror src/proctoring/live-row.ts and proctor-socket.types.ts.
 */
import { io, type Socket } from 'socket.io-client';
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
}

export type ProctorAction = 'admit' | 'warn' | 'extend' | 'force-submit' | 'void' | 'readmit';

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
  events: (sittingId: number, beforeId?: number, limit?: number) =>
    http.get<ProctoringEvent[]>(`${s(sittingId)}/events`, { query: { beforeId, limit } }),
  act: (sittingId: number, candidateId: number, action: ProctorAction, input: ActionInput) =>
    http.post<LiveCandidate>(`${s(sittingId)}/candidates/${candidateId}/actions`, { action, ...input }),
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
}

interface ClientToServer {
  'sitting.watch': (
    m: { sittingId: number },
    ack: (r: ({ ok: true; serverTime: string } & { snapshot: SittingSnapshot }) | Failure) => void,
  ) => void;
  'sitting.unwatch': (m: { sittingId: number }, ack?: (r: { ok: true }) => void) => void;
}

export interface ProctorHandlers {
  snapshot: (s: SittingSnapshot) => void;
  rows: (rows: RowUpdate[], serverTime: string) => void;
  events: (events: ProctoringEvent[]) => void;
  connection: (connected: boolean) => void;
  error: (message: string) => void;
}

/** The live view of one sitting; rejoins the room (and gets a fresh snapshot) after every reconnection. */
export class ProctorConnection {
  private readonly socket: Socket<ServerToClient, ClientToServer>;

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
    this.socket.on('connect', () => {
      on.connection(true);
      this.socket.emit('sitting.watch', { sittingId: this.sittingId }, (r) => {
        if (r.ok) {
          on.snapshot(r.snapshot);
        } else {
          on.error(r.message);
        }
      });
    });
    this.socket.on('disconnect', () => on.connection(false));
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
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
