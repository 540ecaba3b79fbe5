import { Entity, Index } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  TextColumn,
  VarcharColumn,
} from '../database/columns';
import type { GradeStatus } from './grade.entity';

/** Why a grade changed. */
export type GradeChangeCause = 'graded' | 'regraded' | 'key-correction' | 'voided' | 'reopened';

/** The results history: every grade an attempt has had, with what it was before. Append-only. */
@Entity('grade_changes')
@Index('idx_grade_changes_campaign', ['campaignId', 'id'])
@Index('idx_grade_changes_attempt', ['attemptId'])
export class GradeChange {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'attempt_id' })
  attemptId!: number;

  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  @VarcharColumn(32)
  cause!: GradeChangeCause;

  @IntColumn({ name: 'key_correction_id', nullable: true })
  keyCorrectionId!: number | null;

  @VarcharColumn(16, { name: 'before_status', nullable: true })
  beforeStatus!: GradeStatus | null;

  @VarcharColumn(16, { name: 'after_status' })
  afterStatus!: GradeStatus;

  /** Hundredths on the 100-point scale; null before the first grade. */
  @IntColumn({ name: 'before_score100', nullable: true })
  beforeScore100!: number | null;

  @IntColumn({ name: 'after_score100' })
  afterScore100!: number;

  @BoolColumn({ name: 'before_passed', nullable: true })
  beforePassed!: boolean | null;

  @BoolColumn({ name: 'after_passed' })
  afterPassed!: boolean;

  /** The grade's revision after this change. */
  @IntColumn()
  revision!: number;

  @VarcharColumn(64, { name: 'rule_version' })
  ruleVersion!: string;

  /** "user:3" or "system". */
  @VarcharColumn(64)
  actor!: string;

  @TextColumn({ nullable: true })
  reason!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
