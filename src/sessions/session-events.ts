import type { SubmitReason } from './attempt.entity';

/**
 * Domain events raised (in process, @nestjs/event-emitter) after the change they announce is committed. The
 * gateways relay them to sockets; scoring listens to `attempt.submitted` and `attempt.voided`.
 */
export const SessionEvents = {
  attemptStarted: 'attempt.started',
  attemptSubmitted: 'attempt.submitted',
  attemptVoided: 'attempt.voided',
  attemptReopened: 'attempt.reopened',
  deadlineChanged: 'attempt.deadline-changed',
  answersSaved: 'answers.saved',
  candidateChanged: 'candidate.changed',
  candidateAdmitted: 'candidate.admitted',
  candidateWarned: 'candidate.warned',
  candidateTakenOver: 'candidate.taken-over',
  candidateConnection: 'candidate.connection',
  candidateReloginAdmitted: 'candidate.relogin-admitted',
} as const;

interface AttemptRef {
  attemptId: number;
  sittingId: number;
  sittingCandidateId: number;
}

export interface AttemptStartedEvent extends AttemptRef {
  deadline: Date;
}

/** Emitted once per attempt: a second submit of the same attempt changes nothing and emits nothing. */
export interface AttemptSubmittedEvent extends AttemptRef {
  reason: SubmitReason;
  submittedAt: Date;
}

export interface AttemptVoidedEvent extends AttemptRef {
  reason: string;
  voidedAt: Date;
}

/** A proctor re-opened a submitted attempt (a candidate whose machine failed); its score is no longer final. */
export interface AttemptReopenedEvent extends AttemptRef {
  deadline: Date;
}

export interface DeadlineChangedEvent extends AttemptRef {
  deadline: Date;
}

export interface AnswersSavedEvent {
  /** sittingId → (sittingCandidateId → attemptId) of the candidates whose answers changed. */
  bySitting: Map<number, Map<number, number>>;
}

export interface CandidateChangedEvent {
  sittingId: number;
  sittingCandidateIds: number[];
}

export interface CandidateWarnedEvent {
  sittingId: number;
  sittingCandidateId: number;
  message: string;
  source: 'system' | 'proctor';
  /** The attempt's deadline, if started (every message to the candidate carries it). */
  deadline: Date | null;
}

export interface CandidateTakenOverEvent {
  sittingId: number;
  sittingCandidateId: number;
  /** The login epoch that now owns the candidate; sockets of older epochs are told and disconnected. */
  epoch: number;
  /** What the older sockets are told (default: signed in elsewhere). */
  message?: string;
}

export interface CandidateConnectionEvent {
  sittingId: number;
  sittingCandidateId: number;
  /** The device id of the socket that came or went (null: the page sent none). */
  device?: string | null;
}

/**
 * A proctor admitted a sign-in that was waiting (再次入场): `epoch` is the login it now owns; the waiting
 * device (room `relogin:<requestId>`) is given its token, the older devices are told they were replaced.
 */
export interface CandidateReloginAdmittedEvent {
  sittingId: number;
  sittingCandidateId: number;
  /** The id of the held 'second-login' event. */
  requestId: number;
  epoch: number;
}
