import type { DeliveredPaper } from '../papers/paper-view';
import type { AnswerValue } from '../question-bank/question-type';
import type { CandidateEventKind } from '../proctoring/event-kinds';
import type { SubmitReason } from './attempt.entity';
import type { CandidateState } from './candidate-state';
import type { StartRefusal, WriteRefusal } from './exam-clock';

/**
 * The candidate's socket (namespace `/exam`, websocket transport only): the typed events each way. Every
 * message to the candidate carries `serverTime` and `deadline` so the page counts down on the server's clock.
 */

/** Server time and the attempt's deadline (ISO 8601, UTC); deadline null before the start. */
export interface ClockFields {
  serverTime: string;
  deadline: string | null;
}

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
  /** No start after this instant. */
  lateEntryUntil: string;
}

export interface StoredResponse {
  questionId: number;
  response: AnswerValue | null;
  revision: number;
}

/** Everything the page needs to (re)build itself: after login, on every (re)connection, and on request. */
export interface ExamState extends ClockFields {
  status: Exclude<CandidateState, 'not-logged-in'>;
  canStart: boolean;
  startRefusal: StartRefusal | null;
  message: string | null;
  candidate: ExamCandidateView;
  sitting: ExamSittingView;
  attempt: {
    id: number;
    startedAt: string;
    submittedAt: string | null;
    submitReason: SubmitReason | null;
    extensionSeconds: number;
  } | null;
  /** The candidate's paper while the attempt is in progress; never a key. */
  paper: DeliveredPaper | null;
  /** Every acknowledged answer (latest revision per question) while in progress. */
  responses: StoredResponse[];
  /**
   * This sign-in waits for the proctor (再次入场): another device is answering, or was a moment ago. No paper is
   * sent; once admitted, `session.readmitted` brings the token that opens it.
   */
  reloginPending?: boolean;
}

export interface SaveAnswerMessage {
  questionId: number;
  /** true/false, "B", ["A","C"], or null to clear. */
  response: AnswerValue | null;
  /** Per question, raised by the page at every change; resends keep their number. */
  revision: number;
}

export type AnswerAck = ClockFields &
  (
    | { ok: true; questionId: number; revision: number }
    | {
        ok: false;
        questionId: number | null;
        code: WriteRefusal | 'invalid-response' | 'unavailable';
        message: string;
        /** With `unavailable`: not saved yet, send the same revision again after this many ms. */
        retryAfterMs?: number;
      }
  );

export type ExamReply = ClockFields &
  ({ ok: true; state: ExamState } | { ok: false; code: string; message: string });

export interface ReportMessage {
  kind: CandidateEventKind;
  /** The browser's clock when it happened (ISO); stored for the record, never trusted. */
  clientTime?: string;
  details?: Record<string, string | number | boolean>;
}

export type ReportAck = ClockFields & ({ ok: true } | { ok: false; code: string; message: string });

export interface ExamClientToServerEvents {
  'exam.sync': (ack: (r: ExamReply) => void) => void;
  'exam.start': (ack: (r: ExamReply) => void) => void;
  'answer.save': (m: SaveAnswerMessage, ack: (r: AnswerAck) => void) => void;
  'exam.submit': (ack: (r: ExamReply) => void) => void;
  'proctoring.report': (m: ReportMessage, ack: (r: ReportAck) => void) => void;
}

export interface ExamServerToClientEvents {
  /** Sent once the connection is authenticated, and when the exam changes (admitted, reopened). */
  'exam.state': (s: ExamState) => void;
  'exam.warning': (m: ClockFields & { message: string; source: 'system' | 'proctor' }) => void;
  'exam.deadline': (m: ClockFields & { reason: string }) => void;
  'exam.submitted': (m: ClockFields & { reason: SubmitReason; message: string }) => void;
  'exam.voided': (m: ClockFields & { reason: string; message: string }) => void;
  /** Another login of the same candidate took over; this socket is disconnected right after. */
  'session.taken-over': (m: ClockFields & { message: string }) => void;
  /**
   * The proctor admitted this waiting sign-in (再次入场): the token of the login it now owns. The page stores it
   * and connects again with it.
   */
  'session.readmitted': (
    m: ClockFields & { accessToken: string; expiresIn: number; message: string },
  ) => void;
  /** Authentication failed; the socket is disconnected right after. */
  'exam.error': (m: ClockFields & { code: string; message: string }) => void;
}

/** Between nodes (through the Redis adapter). */
export interface ExamInterServerEvents {
  'candidate.taken-over': (m: { sittingCandidateId: number; epoch: number; message?: string }) => void;
}

/** What a candidate socket carries (visible to every node through fetchSockets). */
export interface ExamSocketData {
  candidateId: number;
  sittingId: number;
  /** The login epoch; -1 for a sign-in waiting for the proctor (see `reloginRequestId`). */
  epoch: number;
  /** The browser's device id from the sign-in (null: none sent). */
  device?: string | null;
  /** Set on the socket of a sign-in waiting for the proctor's admission: the held 'second-login' event. */
  reloginRequestId?: number;
}
