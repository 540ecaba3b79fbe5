import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, TextColumn, TimeColumn, VarcharColumn } from '../database/columns';

export type ItemFlag = 'negative-discrimination' | 'too-easy' | 'too-hard';
/** none: no flag; open: flagged, awaiting review; reviewed: an administrator looked at it and wrote a note. */
export type ItemReviewStatus = 'none' | 'open' | 'reviewed';

/**
 * Classical statistics of one item version after a sitting or a campaign, and the review of its flags. The
 * ratios are stored in ten-thousandths (6234 = 0.6234) so that both databases keep them exactly.
 */
@Entity('item_statistics')
@Index('uq_item_statistics', ['campaignId', 'scope', 'versionId'], { unique: true })
@Index('idx_item_statistics_review', ['reviewStatus'])
export class ItemStatistic {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  /** "campaign" or "sitting:<id>". */
  @VarcharColumn(32)
  scope!: string;

  @IntColumn({ name: 'item_id' })
  itemId!: number;

  @IntColumn({ name: 'version_id' })
  versionId!: number;

  @VarcharColumn(16, { name: 'question_type' })
  questionType!: string;

  @VarcharColumn(64, { name: 'source_key' })
  sourceKey!: string;

  /** Candidates given the item. */
  @IntColumn()
  n!: number;

  /** Facility p, ten-thousandths. */
  @IntColumn()
  facility!: number;

  /** Upper-lower 27% index, ten-thousandths; null with fewer than 4 candidates. */
  @IntColumn({ name: 'discrimination_ul', nullable: true })
  discriminationUl!: number | null;

  /** Point-biserial correlation with the score, ten-thousandths; null when undefined. */
  @IntColumn({ name: 'point_biserial', nullable: true })
  pointBiserial!: number | null;

  /** Bank option label (or 对/错, '' for blank) → candidates who chose it. */
  @JsonColumn()
  options!: Record<string, number>;

  @JsonColumn()
  flags!: ItemFlag[];

  @VarcharColumn(16, { name: 'review_status' })
  reviewStatus!: ItemReviewStatus;

  @TextColumn({ name: 'review_note', nullable: true })
  reviewNote!: string | null;

  @IntColumn({ name: 'reviewed_by', nullable: true })
  reviewedBy!: number | null;

  @TimeColumn({ name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @TimeColumn({ name: 'computed_at' })
  computedAt!: Date;
}
