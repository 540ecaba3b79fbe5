import { Entity } from 'typeorm';
import { IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../../database/columns';

/** The bank's review rule (one row, id 1; absent means the default of two reviewers). */
@Entity('qb_review_settings')
export class ReviewSetting {
  @IdColumn()
  id!: number;

  /** Different reviewers who must approve an item's current version: 2, or 1 when an administrator says so. */
  @IntColumn({ name: 'reviewers_required' })
  reviewersRequired!: number;

  @VarcharColumn(64, { name: 'updated_by' })
  updatedBy!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
