import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, TextColumn, TimeColumn, VarcharColumn } from '../database/columns';
import type { ProctoringEventKind, ProctoringEventSource } from './event-kinds';

/**
 * What happened to one candidate during a sitting, stamped with the server's time: what the browser reported,
 * what the server noticed (a second login, a threshold reached) and what a proctor did (with the reason).
 */
@Entity('proctoring_events')
@Index('idx_proctoring_events_candidate', ['sittingCandidateId', 'kind'])
@Index('idx_proctoring_events_sitting', ['sittingId', 'id'])
export class ProctoringEvent {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  @IntColumn({ name: 'sitting_candidate_id' })
  sittingCandidateId!: number;

  @IntColumn({ name: 'attempt_id', nullable: true })
  attemptId!: number | null;

  @VarcharColumn(32)
  kind!: ProctoringEventKind;

  @VarcharColumn(16)
  source!: ProctoringEventSource;

  /** The proctor (users.id) for proctor actions. */
  @IntColumn({ name: 'actor_id', nullable: true })
  actorId!: number | null;

  /** Required for proctor actions; the warning text for warnings. */
  @TextColumn({ nullable: true })
  reason!: string | null;

  @JsonColumn({ nullable: true })
  details!: Record<string, unknown> | null;

  /** The browser's clock when it reported the event (for the record only; never trusted). */
  @TimeColumn({ name: 'client_at', nullable: true })
  clientAt!: Date | null;

  @TimeColumn()
  at!: Date;
}
