import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, TimeColumn, VarcharColumn } from '../database/columns';
import { Campaign } from './campaign.entity';

/**
 * Every roster hash and commitment ever published for a campaign, one row per freeze, never updated or
 * deleted: a re-freeze appends, so that a re-freeze after the public entropy was known shows in the public
 * history instead of silently replacing what verifiers saw.
 */
@Entity('campaign_commitments')
@Index('uq_campaign_commitments_seq', ['campaignId', 'seq'], { unique: true })
export class CampaignCommitment {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_commitments_campaign' })
  campaign?: Campaign;

  /** 1 for the first freeze of the campaign, 2 for the next … (two concurrent freezes collide on the key). */
  @IntColumn()
  seq!: number;

  @VarcharColumn(64, { name: 'roster_hash' })
  rosterHash!: string;

  @VarcharColumn(64)
  commitment!: string;

  /** When the values became public (the freeze's time). */
  @TimeColumn({ name: 'published_at' })
  publishedAt!: Date;
}
