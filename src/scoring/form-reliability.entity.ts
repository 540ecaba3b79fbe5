import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../database/columns';

/**
 * KR-20 of one discipline's papers (the "form" is the discipline's blueprint: every paper is unique), computed
 * over randomly parallel forms (see kr20RandomForms), in ten-thousandths.
 */
@Entity('form_reliability')
@Index('uq_form_reliability', ['campaignId', 'scope', 'discipline'], { unique: true })
export class FormReliability {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @VarcharColumn(32)
  scope!: string;

  @VarcharColumn(64)
  discipline!: string;

  @IntColumn()
  candidates!: number;

  /** Mean number of items per paper. */
  @IntColumn({ name: 'items_per_paper' })
  itemsPerPaper!: number;

  /** Ten-thousandths; null when undefined (too few candidates, constant totals). */
  @IntColumn({ nullable: true })
  kr20!: number | null;

  @VarcharColumn(64)
  method!: string;

  @TimeColumn({ name: 'computed_at' })
  computedAt!: Date;
}
