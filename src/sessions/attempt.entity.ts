import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, TextColumn, TimeColumn, VarcharColumn } from '../database/columns';
import { SittingCandidate } from './sitting-candidate.entity';

export type AttemptStatus = 'in_progress' | 'submitted' | 'voided';
/** Who closed the attempt: the candidate, the deadline sweeper, or a proctor. */
export type SubmitReason = 'candidate' | 'deadline' | 'proctor';

/** One candidate's paper in one sitting; the server's clock decides when it ends. */
@Entity('attempts')
@Index('uq_attempts_candidate', ['sittingCandidateId'], { unique: true })
@Index('idx_attempts_sitting', ['sittingId'])
@Index('idx_attempts_status_deadline', ['status', 'deadline'])
export class Attempt {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'sitting_candidate_id' })
  sittingCandidateId!: number;

  @ManyToOne(() => SittingCandidate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sitting_candidate_id', foreignKeyConstraintName: 'fk_attempts_candidate' })
  candidate?: SittingCandidate;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  @IntColumn({ name: 'paper_id' })
  paperId!: number;

  @VarcharColumn(16)
  status!: AttemptStatus;

  @TimeColumn({ name: 'started_at' })
  startedAt!: Date;

  /** min(start + duration, window end) + extensions; moved only by audited proctor actions. */
  @TimeColumn()
  deadline!: Date;

  /** Sum of the proctors' extensions, in seconds. */
  @IntColumn({ name: 'extension_seconds', default: 0 })
  extensionSeconds!: number;

  @TimeColumn({ name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @VarcharColumn(16, { name: 'submit_reason', nullable: true })
  submitReason!: SubmitReason | null;

  @TimeColumn({ name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @TextColumn({ name: 'void_reason', nullable: true })
  voidReason!: string | null;
}
