import { Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  TextColumn,
  TimeColumn,
  VarcharColumn,
} from '../../database/columns';
import type { RatingRules } from '../rules/sheet';

export interface RoundStages {
  /** 自查自评: agencies submit their self-assessment and the 附件2/附件3 lists (YYYY-MM-DD, inclusive). */
  selfAssessment: { start: string; end: string };
  /** 检查评估: experts inspect. */
  inspection: { start: string; end: string };
  /** 分类评定: preliminary grades, notice, final list. */
  classification: { start: string; end: string };
}

/** A year's rating round (分类等级评定): the rules frozen when it was created, its stages and its publication. */
@Entity('rating_rounds')
@Index('uq_rating_rounds_year', ['year'], { unique: true })
export class RatingRound {
  @IdColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @VarcharColumn(128)
  name!: string;

  /** The sheet and its published rules, copied at creation: later changes of the code never reach this round. */
  @TextColumn({ name: 'rules', transformer: jsonText<RatingRules>() })
  rules!: RatingRules;

  @JsonColumn()
  stages!: RoundStages;

  /** The exam campaign whose finalised publication gives item 19. */
  @IntColumn({ name: 'exam_campaign_id', nullable: true })
  examCampaignId!: number | null;

  /** The publication version item 19 was taken from. */
  @IntColumn({ name: 'exam_version', nullable: true })
  examVersion!: number | null;

  @TimeColumn({ name: 'exam_taken_at', nullable: true })
  examTakenAt!: Date | null;

  /** Current published version of the grades; 0 before the first publication. */
  @IntColumn({ name: 'current_version', default: 0 })
  currentVersion!: number;

  @VarcharColumn(10, { name: 'published_on', nullable: true })
  publishedOn!: string | null;

  @VarcharColumn(10, { name: 'notice_start', nullable: true })
  noticeStart!: string | null;

  @VarcharColumn(10, { name: 'notice_end', nullable: true })
  noticeEnd!: string | null;

  @TimeColumn({ name: 'finalised_at', nullable: true })
  finalisedAt!: Date | null;

  @IntColumn({ name: 'created_by' })
  createdBy!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** JSON in a TEXT column (the frozen sheet is ~15 kB, beyond what simple-json columns are meant for here). */
export function jsonText<T>() {
  return {
    to: (v: T | null | undefined) => (v === null || v === undefined ? v : JSON.stringify(v)),
    from: (v: string | null) => (v === null ? null : (JSON.parse(v) as T)),
  };
}
