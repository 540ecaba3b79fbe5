/**
 * The candidate's side of the exam: HTTP login, then one socket (namespace /exam, websocket transport only)
 * over which the page syncs its state, starts, saves answers (acknowledged only once durable), reports
 * proctoring events and submits. The message shapes mirror src/sessions/exam-socket.types.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { http } from './http';
import type { AnswerValue } from '@/lib/resend-queue';

export interface ClockFields {
  /** ISO */
  serverTime: string;
  /** ISO; null before the start */
  deadline: string | null;
}

export type ExamStatus = 'waiting' | 'admitted' | 'in-progress' | 'submitted' | 'voided';

export interface ExamCandidateView {
  name: string;
  maskedIdNumber: string;
  ticketNumber: string;
  agencyName: string;
  discipline: string;
  seat: number;
}

export interface ExamSittingView {
  id: number;
  name: string;
  mode: 'room' | 'online';
  location: string;
  windowStart: string;
  windowEnd: string;
  durationSeconds: number;
  lateEntryUntil: string;
}

export interface DeliveredQuestion {
  questionId: number;
  position: number;
  type: 'judge' | 'single' | 'multiple';
  stem: string;
  options: Array<{ label: string; text: string }>;
  points: number;
}

export interface DeliveredSection {
  type: 'judge' | 'single' | 'multiple';
  title: string;
  pointsEach: number;
  questions: DeliveredQuestion[];
}

export interface DeliveredPaper {
  paperId: number;
  title: string;
  discipline: string;
  totalPoints: number;
  durationMinutes: number;
  multipleRule: 'partial' | 'all-or-nothing';
  ruleText: string;
  sections: DeliveredSection[];
}

export interface StoredResponse {
  questionId: number;
  response: AnswerValue;
  revision: number;
}

export interface ExamState extends ClockFields {
  status: ExamStatus;
  canStart: boolean;
  startRefusal: 'not-admitted' | 'not-open' | 'late' | 'closed' | null;
  message: string | null;
  candidate: ExamCandidateView;
  sitting: ExamSittingView;
  attempt: {
    id: number;
    startedAt: string;
    submittedAt: string | null;
    submitReason: 'candidate' | 'deadline' | 'proctor' | null;
    extensionSeconds: number;
  } | null;
  paper: DeliveredPaper | null;
  responses: StoredResponse[];
  /** This sign-in waits for the proctor's 准许再次入场 (another device is answering, or was a moment ago). */
  reloginPending?: boolean;
}

export type AnswerAck = ClockFields &
  (
    | { ok: true; questionId: number; revision: number }
    | {
        ok: false;
        questionId: number | null;
        code: string;
        message: string;
        /** With `unavailable`: not saved yet, send the same revision again after this many ms. */
        retryAfterMs?: number;
      }
  );

export type ExamReply = ClockFields &
  ({ ok: true; state: ExamState } | { ok: false; code: string; message: string });

export type CandidateEventKind =
  | 'fullscreen-exit'
  | 'fullscreen-enter'
  | 'blur'
  | 'focus'
  | 'visibility-hidden'
  | 'visibility-visible'
  | 'paste'
  | 'offline'
  | 'online';

export interface ReportMessage {
  kind: CandidateEventKind;
  clientTime?: string;
  details?: Record<string, string | number | boolean>;
}

export type ReportAck = ClockFields & ({ ok: true } | { ok: false; code: string; message: string });

export interface CandidateLoginResponse {
  accessToken: string;
  expiresIn: number;
  serverTime: string;
  socketNamespace: string;
  state: ExamState;
}

export const examApi = {
  /** `deviceId`: this browser's own id, so that a sign-in from another device waits for the proctor. */
  login: (ticketNumber: string, idNumber: string, accessCode: string, deviceId?: string) =>
    http.post<CandidateLoginResponse>(
      '/api/exam/login',
      { ticketNumber, idNumber, accessCode, ...(deviceId ? { deviceId } : {}) },
      { token: null },
    ),
  /** The HTTP twin of answer.save, for when the socket cannot connect. */
  saveAnswer: (token: string, m: { questionId: number; response: AnswerValue; revision: number }) =>
    http.put<AnswerAck>('/api/exam/answers', m, { token }),
};

interface ServerToClient {
  'exam.state': (s: ExamState) => void;
  'exam.warning': (m: ClockFields & { message: string; source: 'system' | 'proctor' }) => void;
  'exam.deadline': (m: ClockFields & { reason: string }) => void;
  'exam.submitted': (m: ClockFields & { reason: string; message: string }) => void;
  'exam.voided': (m: ClockFields & { reason: string; message: string }) => void;
  'session.taken-over': (m: ClockFields & { message: string }) => void;
  'session.readmitted': (
    m: ClockFields & { accessToken: string; expiresIn: number; message: string },
  ) => void;
  'exam.error': (m: ClockFields & { code: string; message: string }) => void;
}

interface ClientToServer {
  'exam.sync': (ack: (r: ExamReply) => void) => void;
  'exam.start': (ack: (r: ExamReply) => void) => void;
  'answer.save': (
    m: { questionId: number; response: AnswerValue; revision: number },
    ack: (r: AnswerAck) => void,
  ) => void;
  'exam.submit': (ack: (r: ExamReply) => void) => void;
  'proctoring.report': (m: ReportMessage, ack: (r: ReportAck) => void) => void;
}

export interface ExamHandlers {
  /** Every message with the server's clock: for the countdown (sentAt is the local send time of a request). */
  clock: (c: ClockFields, sentAt: number, receivedAt: number) => void;
  state: (s: ExamState) => void;
  warning: (message: string, source: 'system' | 'proctor') => void;
  deadline: (deadline: string | null, reason: string) => void;
  submitted: (message: string, reason: string) => void;
  voided: (message: string, reason: string) => void;
  takenOver: (message: string) => void;
  /** The proctor admitted this waiting sign-in: the token of the login it now owns. */
  readmitted: (accessToken: string, expiresIn: number, message: string) => void;
  error: (code: string, message: string) => void;
  connection: (connected: boolean) => void;
}

export class ExamTimeoutError extends Error {
  constructor() {
    super('服务器未及时响应');
  }
}

/** One socket for one signed-in candidate. */
export class ExamConnection {
  private readonly socket: Socket<ServerToClient, ClientToServer>;

  constructor(
    token: string,
    namespace: string,
    private readonly on: ExamHandlers,
  ) {
    this.socket = io(namespace || '/exam', {
      transports: ['websocket'],
      auth: { token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      timeout: 8000,
    });
    const clocked =
      <T extends ClockFields>(fn: (m: T) => void) =>
      (m: T) => {
        const now = Date.now();
        on.clock(m, now, now);
        fn(m);
      };
    this.socket.on('connect', () => on.connection(true));
    this.socket.on('disconnect', () => on.connection(false));
    this.socket.on(
      'exam.state',
      clocked((s) => on.state(s)),
    );
    this.socket.on(
      'exam.warning',
      clocked((m) => on.warning(m.message, m.source)),
    );
    this.socket.on(
      'exam.deadline',
      clocked((m) => on.deadline(m.deadline, m.reason)),
    );
    this.socket.on(
      'exam.submitted',
      clocked((m) => on.submitted(m.message, m.reason)),
    );
    this.socket.on(
      'exam.voided',
      clocked((m) => on.voided(m.message, m.reason)),
    );
    this.socket.on(
      'session.taken-over',
      clocked((m) => on.takenOver(m.message)),
    );
    this.socket.on(
      'session.readmitted',
      clocked((m) => on.readmitted(m.accessToken, m.expiresIn, m.message)),
    );
    this.socket.on(
      'exam.error',
      clocked((m) => on.error(m.code, m.message)),
    );
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Drops the connection on purpose (the browser reported going offline); `resume` reconnects. */
  suspend(): void {
    this.socket.disconnect();
  }

  resume(): void {
    if (!this.socket.connected) {
      this.socket.connect();
    }
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private async call<R extends ClockFields>(
    emit: (timeoutMs: number) => Promise<R>,
    timeoutMs = 10_000,
  ): Promise<R> {
    if (!this.socket.connected) {
      throw new ExamTimeoutError();
    }
    const sentAt = Date.now();
    let r: R;
    try {
      r = await emit(timeoutMs);
    } catch {
      throw new ExamTimeoutError();
    }
    this.on.clock(r, sentAt, Date.now());
    return r;
  }

  sync(): Promise<ExamReply> {
    return this.call((t) => this.socket.timeout(t).emitWithAck('exam.sync'));
  }

  start(): Promise<ExamReply> {
    return this.call((t) => this.socket.timeout(t).emitWithAck('exam.start'));
  }

  submit(): Promise<ExamReply> {
    return this.call((t) => this.socket.timeout(t).emitWithAck('exam.submit'), 15_000);
  }

  save(m: { questionId: number; response: AnswerValue; revision: number }): Promise<AnswerAck> {
    return this.call((t) => this.socket.timeout(t).emitWithAck('answer.save', m));
  }

  report(m: ReportMessage): Promise<ReportAck> {
    return this.call((t) => this.socket.timeout(t).emitWithAck('proctoring.report', m));
  }
}
