import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, IntColumn, VarcharColumn } from '../database/columns';
import { Campaign } from './campaign.entity';

/** An agency in a campaign's frozen roster, with its N and k (also agencies with N = 0, reported as such). */
@Entity('campaign_agencies')
@Index('uq_campaign_agencies_code', ['campaignId', 'code'], { unique: true })
export class CampaignAgency {
  @IdColumn()
  id!: number;

  @IntColumn({ name: 'campaign_id' })
  campaignId!: number;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_agencies_campaign' })
  campaign?: Campaign;

  /** The roster agency's id at freezing (no foreign key: the snapshot outlives roster edits). */
  @IntColumn({ name: 'agency_id' })
  agencyId!: number;

  @VarcharColumn(18)
  code!: string;

  @VarcharColumn(128)
  name!: string;

  @VarcharColumn(32)
  county!: string;

  /** Eligible technicians in the snapshot. */
  @IntColumn()
  n!: number;

  /** ceil(ratio × n). */
  @IntColumn()
  k!: number;
}
