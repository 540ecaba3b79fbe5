import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../database/columns';
import type { MultipleRule } from './paper-view';

/** Thousandths as integers (a difficulty of 2.417 is stored as 2417). */
const thousandths = {
  to: (v: number): number => Math.round(v * 1000),
  from: (v: number): number => v / 1000,
};

/**
 * One candidate's paper: frozen when assembled, with the blueprint values it was assembled under. Its
 * questions are rows of paper_questions.
 */
@Entity('papers')
@Index('uq_papers_campaign_technician', ['campaignId', 'technicianId'], { unique: true })
@Index('idx_papers_campaign_discipline', ['campaignId', 'discipline'])
export class Paper {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @IntColumn({ name: 'technician_id' })
  technicianId!: number;

  /** The candidate's agency when assembled (colleagues' overlap is minimised and reported per agency). */
  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(64)
  discipline!: string;

  /** HMAC-SHA256(campaign seed, "paper:" + technicianId), hex. */
  @VarcharColumn(64)
  seed!: string;

  /** SHA-256 of the approved pool ("itemId:versionId" lines) the paper was assembled from. */
  @VarcharColumn(64, { name: 'pool_hash' })
  poolHash!: string;

  @IntColumn({ name: 'total_points' })
  totalPoints!: number;

  @IntColumn({ name: 'duration_minutes' })
  durationMinutes!: number;

  @VarcharColumn(16, { name: 'multiple_rule' })
  multipleRule!: MultipleRule;

  @IntColumn({ name: 'pass_mark' })
  passMark!: number;

  /** Points-weighted mean difficulty of the paper (stored as thousandths). */
  @IntColumn({ name: 'difficulty_x1000', transformer: thousandths })
  difficulty!: number;

  /** The target it was held to (stored as thousandths). */
  @IntColumn({ name: 'target_difficulty_x1000', transformer: thousandths })
  targetDifficulty!: number;

  /** The tolerance it was held to (stored as thousandths). */
  @IntColumn({ name: 'difficulty_tolerance_x1000', transformer: thousandths })
  difficultyTolerance!: number;

  @TimeColumn({ name: 'assembled_at' })
  assembledAt!: Date;
}
