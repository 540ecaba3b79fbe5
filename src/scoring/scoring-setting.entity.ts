import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, TimeColumn } from '../database/columns';

/** Per-campaign scoring settings that the papers' blueprints do not hold. */
@Entity('scoring_settings')
@Index('uq_scoring_settings_campaign', ['campaignId'], { unique: true })
export class ScoringSetting {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  /** Expert-team list threshold on the 100-point scale, hundredths (default 9000). */
  @IntColumn({ name: 'expert_threshold' })
  expertThreshold!: number;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
