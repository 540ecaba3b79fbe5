import type { CandidateState } from '../sessions/candidate-state';
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
}
