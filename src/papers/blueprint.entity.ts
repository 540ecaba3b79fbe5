import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TimeColumn,
  VarcharColumn,
} from '../database/columns';
import type { SectionSpec, SourceMinimum } from './blueprint';
import type { MultipleRule } from './paper-view';

/** Numbers with two decimals kept as integer hundredths, so that both databases store them exactly. */
const hundredths = {
  to: (v: number | null | undefined): number | null =>
    v === null || v === undefined ? null : Math.round(v * 100),
  from: (v: number | null): number | null => (v === null ? null : v / 100),
};

/** A campaign's paper blueprint for one discipline, or its default (discipline = 'default'). */
@Entity('blueprints')
@Index('uq_blueprints_campaign_discipline', ['campaignId', 'discipline'], { unique: true })
export class Blueprint {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  /** A discipline code, or 'default' for the campaign default. */
  @VarcharColumn(64)
  discipline!: string;

  @IntColumn({ name: 'total_points' })
  totalPoints!: number;

  @IntColumn({ name: 'duration_minutes' })
  durationMinutes!: number;

  @JsonColumn()
  sections!: SectionSpec[];

  @IntColumn({ name: 'common_points' })
  commonPoints!: number;

  @IntColumn({ name: 'discipline_points' })
  disciplinePoints!: number;

  @JsonColumn({ name: 'source_minimums' })
  sourceMinimums!: SourceMinimum[];

  /** Stored as hundredths; null: the pool's expectation for the discipline. */
  @IntColumn({ name: 'target_difficulty_x100', nullable: true, transformer: hundredths })
  targetDifficulty!: number | null;

  /** Stored as hundredths. */
  @IntColumn({ name: 'difficulty_tolerance_x100', transformer: hundredths })
  difficultyTolerance!: number;

  @VarcharColumn(16, { name: 'multiple_rule' })
  multipleRule!: MultipleRule;

  @IntColumn({ name: 'pass_mark' })
  passMark!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
