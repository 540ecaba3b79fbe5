import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, TimeColumn, VarcharColumn } from '../database/columns';
import type { MultipleRule } from '../papers/paper-view';
import type { QuestionType } from '../question-bank/question-type';
import { Attempt } from '../sessions/attempt.entity';
import type { Subtotal } from './grade-paper';

/** graded: scored against the paper; voided: 作弊, 0 points; reopened: a proctor re-opened it, not final. */
export type GradeStatus = 'graded' | 'voided' | 'reopened';

/** One question's credit: [paper question id, points earned in hundredths, c(orrect)|p(artial)|w(rong)|b(lank)]. */
export type QuestionCredit = [number, number, 'c' | 'p' | 'w' | 'b'];

/**
 * The current grade of one attempt against its frozen paper, with the rule version, the key corrections it
 * applied and the revision (raised by every change, each recorded in grade_changes).
 */
@Entity('grades')
@Index('uq_grades_attempt', ['attemptId'], { unique: true })
@Index('idx_grades_campaign', ['campaignId', 'technicianId'])
@Index('idx_grades_sitting', ['sittingId'])
export class Grade {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'attempt_id' })
  attemptId!: number;

  @ManyToOne(() => Attempt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'fk_grades_attempt' })
  attempt?: Attempt;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'sitting_id' })
  sittingId!: number;

  @IntColumn({ name: 'sitting_candidate_id' })
  sittingCandidateId!: number;

  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @IntColumn({ name: 'paper_id' })
  paperId!: number;

  @VarcharColumn(64)
  discipline!: string;

  @VarcharColumn(16)
  status!: GradeStatus;

  /** Points earned, hundredths (voided: 0). */
  @IntColumn()
  earned!: number;

  /** The paper's points, hundredths. */
  @IntColumn()
  max!: number;

  /** Score on the 100-point scale, hundredths, half-up. */
  @IntColumn()
  score100!: number;

  /** The paper's pass mark on the 100-point scale, hundredths. */
  @IntColumn({ name: 'pass_mark100' })
  passMark100!: number;

  @BoolColumn()
  passed!: boolean;

  @VarcharColumn(16, { name: 'multiple_rule' })
  multipleRule!: MultipleRule;

  @JsonColumn({ name: 'by_section' })
  bySection!: Record<QuestionType, Subtotal>;

  @JsonColumn({ name: 'by_source' })
  bySource!: Record<string, Subtotal>;

  @JsonColumn({ name: 'by_part' })
  byPart!: Record<'common' | 'discipline', Subtotal>;

  /** Per-question credit in paper order (about 1 KB for 85 questions). */
  @JsonColumn()
  credits!: QuestionCredit[];

  /** Ids of the key corrections that changed a key of this paper when it was graded. */
  @JsonColumn({ name: 'key_corrections' })
  keyCorrections!: number[];

  @VarcharColumn(64, { name: 'rule_version' })
  ruleVersion!: string;

  @IntColumn()
  revision!: number;

  @TimeColumn({ name: 'graded_at' })
  gradedAt!: Date;
}
