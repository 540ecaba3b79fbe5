import type { CandidateState } from '../sessions/candidate-state';
import type { ClockStatus } from '../sessions/db-clock';
import type { ProctoringEventKind, ProctoringEventSource } from './event-kinds';

/**
 * One candidate as the proctor's live view shows it. Updates carry whole rows, or only what changed
 * (`answeredCount` after answers, `connected` after a socket came or went); the page merges them by id.
 */
export interface LiveCandidateRow {
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
  /** Present in snapshots and connection updates only (asked of every node). */
  connected?: boolean;
  /**
   * While the attempt is in progress and the server has seen the candidate's last socket go without one
   * coming back: when it went (the console shows 连接中断 since then). Null otherwise.
   */
  disconnectedAt: string | null;
  /** A sign-in from another device waiting for the proctor's 准许再次入场, or null. */
  relogin: { requestId: number; at: string; ip: string | null } | null;
  attemptId: number | null;
  startedAt: string | null;
  /** The page shows the remaining time as deadline − serverTime of the message. */
  deadline: string | null;
  submittedAt: string | null;
  submitReason: string | null;
  voidReason: string | null;
  answeredCount: number;
  questionCount: number | null;
  eventCounts: Partial<Record<ProctoringEventKind, number>>;
  flagged: boolean;
  /**
   * In progress more than OVERDUE_AFTER_MS after the deadline (by the database's clock) when the row was read:
   * the sweeper should have submitted it. The page also works it out as time passes, from deadline and
   * serverTime.
   */
  overdue: boolean;
  lastEvent: {
    kind: ProctoringEventKind;
    name: string;
    source: ProctoringEventSource;
    at: string;
    reason: string | null;
  } | null;
}

export interface LiveEvent {
  id: number;
  sittingCandidateId: number;
  kind: ProctoringEventKind;
  name: string;
  source: ProctoringEventSource;
  actorId: number | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export interface LiveSnapshot {
  serverTime: string;
  sittingId: number;
  rows: LiveCandidateRow[];
  /** Newest first. */
  events: LiveEvent[];
  /**
   * Part of the view could not be read (e.g. which candidates are connected, when a node did not answer):
   * the rest is shown, marked as partial, rather than nothing.
   */
  partial: boolean;
  /** Why it is partial, in Chinese, for the console. */
  reasons: string[];
  /** How the clock of the node that built the snapshot compares with the database's. */
  clock: ClockStatus & { node: string };
  /** Attempt ids of rows marked overdue. */
  overdue: number[];
}

/** A node's clock as the console is told it (every node announces a skew beyond the bound to every console). */
export interface NodeClockMessage extends ClockStatus {
  node: string;
  serverTime: string;
}
